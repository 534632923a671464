"""Django admin: administrators set up the bodies and their members."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from accounts.selectors import user_has_role
from dialogue.models import Body, FollowUpSurvey, Meeting, Membership, Opinion


class MembershipFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.forms:
            user = form.cleaned_data.get("user") if hasattr(form, "cleaned_data") else None
            if (
                user
                and not form.cleaned_data.get("DELETE")
                and not user_has_role(user=user, role=Role.STAFF_REPRESENTATIVE)
            ):
                raise ValidationError(
                    _("%(user)s does not hold the staff representative role.") % {"user": user}
                )


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "body", "date", "minutes_visibility", "minutes_published_at"]
    list_filter = ["body"]


@admin.register(Opinion)
class OpinionAdmin(admin.ModelAdmin):
    list_display = ["body", "target_kind", "target_ref", "stance", "given_on"]
    readonly_fields = ["filed_by", "created_at"]


@admin.register(FollowUpSurvey)
class FollowUpSurveyAdmin(admin.ModelAdmin):
    list_display = ["record_ref", "active", "created_at"]
