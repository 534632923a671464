"""Django admin (superusers): read-mostly views for support. Editors use /cms/register/."""

from django.contrib import admin

from register.models import AISystem, ErrorReport, RecourseRequest, RemoteRegister


@admin.register(AISystem)
class AISystemAdmin(admin.ModelAdmin):
    list_display = ["slug", "uuid", "remote", "first_published_at", "withdrawn_at"]
    list_filter = ["remote"]
    search_fields = ["slug", "source_id"]
    readonly_fields = ["uuid", "published_version", "created_by"]


@admin.register(RemoteRegister)
class RemoteRegisterAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "export_url",
        "library_url",
        "active",
        "entries_count",
        "last_success_at",
        "last_error",
    ]


@admin.register(RecourseRequest)
class RecourseRequestAdmin(admin.ModelAdmin):
    list_display = ["reference", "system", "status", "due_date", "handler", "created_at"]
    list_filter = ["status"]
    search_fields = ["reference"]
    readonly_fields = ["reference", "system", "requester", "created_at", "purged_at"]


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    list_display = ["system", "created_at", "handled_at"]
