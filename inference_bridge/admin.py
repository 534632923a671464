from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, Collectivity, InferenceNode, SharedConversation, UsageRecord
from .services import api_token_quota_set, collectivity_may_manage, collectivity_quota_set


class CollectivityScopedAdmin(admin.ModelAdmin):
    """Staff who are not superusers see and change only their own collectivity's rows, and
    only a collectivity administrator changes them (tokens and quotas)."""

    collectivity_field = "collectivity"
    quota_field = ""  # the one field a collectivity administrator may change

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser or obj is None:
            return fields
        editable = {self.quota_field}
        return fields + [
            f.name for f in self.model._meta.fields if f.name not in editable | set(fields)
        ]

    def save_model(self, request, obj, form, change):
        """A quota changed by a collectivity administrator goes through the service (rule and
        audit row); a superuser's other edits are saved as they are."""
        if change and self.quota_field in form.changed_data:
            value = form.cleaned_data[self.quota_field]
            if isinstance(obj, Collectivity):
                collectivity_quota_set(
                    collectivity=obj, actor=request.user, daily_token_quota=value
                )
            else:
                api_token_quota_set(token=obj, actor=request.user, daily_request_quota=value)
            if not request.user.is_superuser:
                return
        super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{self.collectivity_field: request.user.member_of.pk})

    def _collectivity_of(self, obj):
        return obj if isinstance(obj, Collectivity) else getattr(obj, self.collectivity_field)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if request.user.is_superuser:
            return True
        if obj is None:
            return request.user.is_collectivity_admin
        return collectivity_may_manage(user=request.user, collectivity=self._collectivity_of(obj))


@admin.register(Collectivity)
class CollectivityAdmin(CollectivityScopedAdmin):
    list_display = ["name", "slug", "daily_token_quota"]
    prepopulated_fields = {"slug": ["name"]}
    collectivity_field = "pk"
    quota_field = "daily_token_quota"

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if request.user.is_superuser else {}


class InferenceNodeForm(forms.ModelForm):
    base_url = forms.URLField(
        label=_("base URL"),
        required=False,
        assume_scheme="http",
        help_text=_("Root of the OpenAI-compatible API, e.g. http://10.0.0.5:8080 (no /v1)."),
    )
    api_key = forms.CharField(
        label=_("API key (stored encrypted)"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave blank to keep the current key. Prefer an environment variable."),
    )
    clear_api_key = forms.BooleanField(label=_("Remove the stored key"), required=False)

    class Meta:
        model = InferenceNode
        fields = [
            "name",
            "operator",
            "engine",
            "base_url",
            "model_alias",
            "upstream_model",
            "slots",
            "hosting_zone",
            "hosting_description",
            "power_w",
            "pue",
            "api_key_env",
            "status",
        ]

    def save(self, commit=True):
        node = super().save(commit=False)
        if self.cleaned_data.get("clear_api_key"):
            node.api_key_encrypted = ""
        elif self.cleaned_data.get("api_key"):
            node.set_api_key(self.cleaned_data["api_key"])
        if commit:
            node.save()
        return node


@admin.register(InferenceNode)
class InferenceNodeAdmin(admin.ModelAdmin):
    form = InferenceNodeForm
    list_display = [
        "name",
        "operator",
        "engine",
        "model_alias",
        "hosting_zone",
        "slots",
        "status",
        "healthy",
        "cooldown_until",
        "last_check_at",
    ]
    list_filter = ["status", "engine", "hosting_zone", "healthy"]
    actions = ["check_health"]
    readonly_fields = [
        "healthy",
        "consecutive_failures",
        "cooldown_until",
        "last_check_at",
        "last_ok_at",
        "last_error",
    ]


@admin.register(ApiToken)
class ApiTokenAdmin(CollectivityScopedAdmin):
    quota_field = "daily_request_quota"
    list_display = ["name", "prefix", "user", "collectivity", "created_at", "revoked_at"]
    list_filter = ["collectivity"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    raw_id_fields = ["user"]


@admin.register(UsageRecord)
class UsageRecordAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "channel",
        "consumer",
        "server",
        "node",
        "prompt_tokens",
        "completion_tokens",
        "energy_wh",
        "succeeded",
    ]
    list_filter = ["channel", "consumer", "server", "succeeded"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SharedConversation)
class SharedConversationAdmin(admin.ModelAdmin):
    list_display = ["conversation_id", "model_alias", "consent_at"]
    readonly_fields = ["conversation_id", "user", "model_alias", "messages", "consent_at"]


def _check_health(modeladmin, request, queryset):
    from .services import node_health_check

    ok = sum(1 for node in queryset.select_related("operator") if node_health_check(node=node))
    modeladmin.message_user(
        request, _("%(ok)s of %(total)s node(s) answered.") % {"ok": ok, "total": queryset.count()}
    )


_check_health.short_description = _("Check health now")
InferenceNodeAdmin.check_health = _check_health
