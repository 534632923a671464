"""Django admin: certificates (search by code, revoke with a reason through the service) and
workshop sessions (correct or erase an attendee who has no account)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from training import services
from training.models import BadgeSigningKey, Certificate, WorkshopAttendee, WorkshopSession


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "course_title", "issued_at", "revoked_at"]
    list_filter = ["revoked_at", "course_title"]
    search_fields = ["code"]
    readonly_fields = [f.name for f in Certificate._meta.fields]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected certificates (reason: decided by staff)"))
    def revoke(self, request, queryset):
        count = 0
        for certificate in queryset.filter(revoked_at__isnull=True):
            services.certificate_revoke(
                certificate=certificate,
                by=request.user,
                reason=str(_("Revoked by the training team.")),
            )
            count += 1
        self.message_user(
            request, _("%(n)s certificate(s) revoked.") % {"n": count}, messages.SUCCESS
        )


class WorkshopAttendeeInline(admin.TabularInline):
    model = WorkshopAttendee
    fields = ["name", "email", "certificate"]
    readonly_fields = ["certificate"]
    extra = 0
    can_delete = False


@admin.register(WorkshopSession)
class WorkshopSessionAdmin(admin.ModelAdmin):
    list_display = ["held_on", "course_title", "place", "completed_at"]
    list_filter = ["completed_at"]
    search_fields = ["place", "course_title", "attendees__name"]
    readonly_fields = ["course_key", "course_title", "language", "facilitator", "completed_at"]
    inlines = [WorkshopAttendeeInline]

    def has_add_permission(self, request):
        return False  # sessions are recorded by facilitators, through the service


@admin.register(BadgeSigningKey)
class BadgeSigningKeyAdmin(admin.ModelAdmin):
    """Read only: keys are created, rotated and withdrawn with `manage.py badge_keys`."""

    list_display = ["kid", "state", "created_at", "retired_at", "withdrawn_at"]
    list_filter = ["state"]
    readonly_fields = [f.name for f in BadgeSigningKey._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
