from django.contrib import admin

from governance.models import GateSignature, Project, Transition


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "stage", "department", "use_case_id", "register_slug"]
    list_filter = ["stage"]
    search_fields = ["title", "slug"]
    # Stages move through the board's service only (gates and charter rules, audit trail).
    readonly_fields = ["stage", "stage_changed_at"]


@admin.register(GateSignature)
class GateSignatureAdmin(admin.ModelAdmin):
    list_display = ["project", "stage", "role", "verdict", "signer_name", "signed_at"]
    list_filter = ["stage", "role", "verdict"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["project", "from_stage", "to_stage", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
