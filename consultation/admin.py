from django.contrib import admin

from consultation.models import (
    Commitment,
    Consultation,
    ConsultationDocument,
    OfficialAnswer,
    UseCase,
)


class DocumentInline(admin.TabularInline):
    model = ConsultationDocument
    extra = 1


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "phase",
        "audience",
        "voting_starts_at",
        "voting_ends_at",
        "accepts_proposals",
    ]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["phase"]
    inlines = [DocumentInline]


@admin.register(UseCase)
class UseCaseAdmin(admin.ModelAdmin):
    # Dossier edits go through the site (they keep a public history); admin sets the frame.
    list_display = ["title", "consultation", "status", "moderation_state"]
    list_filter = ["status", "moderation_state", "consultation"]
    search_fields = ["title", "summary"]
    fields = ["consultation", "status", "moderation_state"]


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0


@admin.register(OfficialAnswer)
class OfficialAnswerAdmin(admin.ModelAdmin):
    list_display = ["use_case", "decision", "published_at"]
    readonly_fields = ["use_case", "author", "decision", "justification", "published_at"]
    inlines = [CommitmentInline]
