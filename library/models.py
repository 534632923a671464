"""The shared use-case library: the city's own cases with their outcomes, and partner cities'
cases harvested from their `library.json`, in one table so that facets, search and pages
treat both alike.

Own cases are a copy kept in step with the consultation and the register (their selectors are
the source of truth; `services.library_own_cases_refresh` rewrites the copy after every
change); partner cases are written only by the harvest (core/federation.py).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    """The official decision, in the consultation's own values, or none yet."""

    ADOPTED = "adopted", _("Adopted")
    ADOPTED_WITH_CHANGES = "adopted_with_changes", _("Adopted with changes")
    PILOT = "pilot", _("Pilot")
    REJECTED = "rejected", _("Rejected")
    AWAITING = "awaiting", _("Awaiting the decision")


class LibraryCase(models.Model):
    #: The dossier, as published by the case's city.
    DOSSIER_FIELDS = [
        "title",
        "summary",
        "problem",
        "proposed_ai",
        "data_used",
        "people_affected",
        "expected_benefits",
        "risks",
        "alternatives",
        "department",
    ]

    # Provenance: a partner (the register's partner list) or the city itself (partner null).
    partner = models.ForeignKey(
        "register.RemoteRegister",
        verbose_name=_("partner city"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="library_cases",
    )
    use_case_id = models.PositiveIntegerField(_("own use case"), null=True, blank=True, unique=True)
    source_url = models.URLField(_("source library URL"), max_length=500, blank=True)
    source_id = models.CharField(_("source id"), max_length=120, blank=True)
    source_page_url = models.URLField(_("page at the source"), max_length=500, blank=True)
    city = models.CharField(_("city"), max_length=200, db_index=True)
    # Dossier
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    problem = models.TextField(_("problem to solve"), blank=True)
    proposed_ai = models.TextField(_("proposed AI approach"), blank=True)
    data_used = models.TextField(_("data used"), blank=True)
    people_affected = models.TextField(_("people affected"), blank=True)
    expected_benefits = models.TextField(_("expected benefits"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    alternatives = models.TextField(_("alternatives considered"), blank=True)
    department = models.CharField(_("department"), max_length=160, blank=True)
    theme = models.CharField(_("theme"), max_length=20, blank=True, db_index=True)
    # Consultation result (majority judgment)
    consultation_title = models.CharField(_("consultation"), max_length=200, blank=True)
    ballots = models.PositiveIntegerField(_("ballots"), default=0)
    merit_profile = models.JSONField(_("merit profile"), default=dict, blank=True)
    median_grade = models.CharField(_("median grade"), max_length=16, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    # Official decision and commitments
    outcome = models.CharField(
        _("outcome"), max_length=24, choices=Outcome.choices, default=Outcome.AWAITING
    )
    decision_justification = models.TextField(_("justification"), blank=True)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decided_by = models.CharField(_("signed by"), max_length=160, blank=True)
    commitments = models.JSONField(_("commitments"), default=list, blank=True)
    commitments_total = models.PositiveSmallIntegerField(default=0)
    commitments_kept = models.PositiveSmallIntegerField(default=0)
    # Register record
    register_name = models.CharField(_("register record"), max_length=200, blank=True)
    register_url = models.CharField(_("register record link"), max_length=500, blank=True)
    register_status = models.CharField(_("register status"), max_length=20, blank=True)
    risk_level = models.CharField(_("risk level"), max_length=20, blank=True, db_index=True)
    # Bookkeeping
    search_text = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn by the partner"), null=True, blank=True)

    class Meta:
        verbose_name = _("library case")
        verbose_name_plural = _("library cases")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_url", "source_id"],
                condition=~models.Q(source_id=""),
                name="library_case_unique_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.city}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("library:detail", kwargs={"pk": self.pk})

    @property
    def is_partner(self) -> bool:
        return self.partner_id is not None

    def search_text_compute(self) -> str:
        parts = [self.city, *(getattr(self, name) for name in self.DOSSIER_FIELDS)]
        return "\n".join(p for p in parts if p)


class Lesson(models.Model):
    """Lessons learned after deployment ("retour d'expérience"), written by the city's agents
    on its own cases, or harvested with a partner's case (then `author` is empty and
    `author_name` is what the partner published)."""

    case = models.ForeignKey(LibraryCase, on_delete=models.CASCADE, related_name="lessons")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_name = models.CharField(_("written by"), max_length=160, blank=True)
    what_worked = models.TextField(_("what worked, what did not"))
    costs = models.TextField(_("costs"), blank=True)
    energy = models.TextField(_("energy"), blank=True)
    incidents = models.TextField(_("incidents"), blank=True)
    staff_opinion = models.TextField(_("opinion of the staff bodies"), blank=True)
    created_at = models.DateTimeField(_("written on"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"lesson on {self.case_id}"


class PartnerLibraryHarvest(models.Model):
    """The state of one partner's library feed (the partner itself is the register's)."""

    partner = models.OneToOneField(
        "register.RemoteRegister", on_delete=models.CASCADE, related_name="library_harvest"
    )
    last_harvest_at = models.DateTimeField(_("last harvest attempt"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last successful harvest"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    entries_count = models.PositiveIntegerField(_("entries"), default=0)

    class Meta:
        verbose_name = _("partner library harvest")
        verbose_name_plural = _("partner library harvests")

    def __str__(self) -> str:
        return f"library harvest of partner {self.partner_id}"
