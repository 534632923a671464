"""Django admin (superusers): read-mostly views for support."""

from django.contrib import admin

from library.models import LibraryCase, PartnerLibraryHarvest


@admin.register(LibraryCase)
class LibraryCaseAdmin(admin.ModelAdmin):
    list_display = ["title", "city", "outcome", "partner", "updated_at", "withdrawn_at"]
    list_filter = ["outcome", "partner"]
    search_fields = ["title", "source_id"]


@admin.register(PartnerLibraryHarvest)
class PartnerLibraryHarvestAdmin(admin.ModelAdmin):
    list_display = ["partner", "entries_count", "last_success_at", "last_error"]
