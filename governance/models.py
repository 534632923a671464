"""The governance pipeline of the city's AI projects: stages, gates signed by named reviewers,
and the transitions between stages.

A project refers to the consultation use case it comes from by that use case's stable public id
(its number) and to the register record it becomes by the record's slug, never by foreign keys:
it reads them through the consultation's and the register's selectors. Signatures and
transitions are never edited: a reviewer who changes their mind signs again, and the latest
signature of a gate is the one that counts (the earlier ones stay in the audit trail).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import NormalisedTextModel


class Stage(models.TextChoices):
    """From an idea to its retirement (declaration order is the pipeline's order)."""

    IDEA = "idea", _("Idea")
    QUALIFICATION = "qualification", _("Qualification")
    CONSULTATION = "consultation", _("Consultation")
    DECISION = "decision", _("Decision")
    PILOT = "pilot", _("Pilot")
    DEPLOYMENT = "deployment", _("Deployment")
    EVALUATION = "evaluation", _("Evaluation")
    RETIREMENT = "retirement", _("Retirement")


STAGE_ORDER = [s.value for s in Stage]


class GateRole(models.TextChoices):
    """Who reviews a project before it enters a gated stage."""

    IT = "it", _("IT department")
    DPO = "dpo", _("Data protection officer")
    LEGAL = "legal", _("Legal department")
    DEPARTMENT = "department", _("Owning department")
    STAFF = "staff", _("Staff bodies")


#: What each gate looks at (shown on the timeline and the signing form).
GATE_SCOPE = {
    GateRole.IT: _("Feasibility, security, hosting and sovereignty"),
    GateRole.DPO: _("GDPR compliance and data protection impact assessment"),
    GateRole.LEGAL: _("AI Act classification and the obligations it brings"),
    GateRole.DEPARTMENT: _("The need, the resources and the people who will use it"),
    GateRole.STAFF: _("Formal opinion of a staff body on the changes to the agents' work"),
}

#: The gates a project must pass to enter a stage; other stages have none.
GATES = {
    Stage.CONSULTATION: [GateRole.IT, GateRole.DPO, GateRole.LEGAL, GateRole.DEPARTMENT],
    Stage.PILOT: [GateRole.IT, GateRole.DPO, GateRole.LEGAL, GateRole.DEPARTMENT, GateRole.STAFF],
    Stage.DEPLOYMENT: [
        GateRole.IT,
        GateRole.DPO,
        GateRole.LEGAL,
        GateRole.DEPARTMENT,
        GateRole.STAFF,
    ],
}


class Verdict(models.TextChoices):
    FAVOURABLE = "favourable", _("Favourable")
    CONDITIONS = "conditions", _("Favourable with conditions")
    UNFAVOURABLE = "unfavourable", _("Unfavourable")


PASSING_VERDICTS = frozenset({Verdict.FAVOURABLE, Verdict.CONDITIONS})


class BlockingCriterion(models.TextChoices):
    """The charter's criteria that stop a project outright, whatever its gates say."""

    BIOMETRIC_IDENTIFICATION = "biometric_identification", _("Biometric identification")
    FACIAL_RECOGNITION = "facial_recognition", _("Facial recognition")
    DISCRIMINATORY_BIAS = "discriminatory_bias", _("Discriminatory bias found")
    PROHIBITED_PRACTICE = "prohibited_practice", _("Practice prohibited by the AI Act")


class Project(NormalisedTextModel):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    need = models.TextField(
        _("the need and why it matters"),
        help_text=_("Shown on the public roadmap: what residents or agents asked for."),
    )
    # The consultation use case it comes from (its number) and the register record it becomes.
    use_case_id = models.PositiveIntegerField(_("use case number"), unique=True)
    register_slug = models.CharField(_("register record"), max_length=120, blank=True)
    department = models.CharField(_("owning department"), max_length=160)
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.IDEA, db_index=True
    )
    stage_changed_at = models.DateTimeField(_("in this stage since"), default=timezone.now)
    expected_impact = models.TextField(_("expected impact"), blank=True)
    cost_estimate = models.PositiveIntegerField(_("estimated cost (euros)"), null=True, blank=True)
    energy_estimate = models.PositiveIntegerField(
        _("estimated energy (kWh a year)"), null=True, blank=True
    )
    # The AI Act risk level expected before there is a register record (register's codes).
    risk_estimate = models.CharField(_("expected risk level"), max_length=12, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    class Meta:
        verbose_name = _("AI project")
        verbose_name_plural = _("AI projects")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:project", kwargs={"slug": self.slug})


class GateSignature(NormalisedTextModel):
    """A reviewer's verdict on one gate (project × stage entered × role)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="signatures")
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    role = models.CharField(_("reviewer"), max_length=12, choices=GateRole.choices)
    verdict = models.CharField(_("verdict"), max_length=14, choices=Verdict.choices)
    public_reasons = models.TextField(_("reasons (public)"))
    internal_notes = models.TextField(_("internal notes"), blank=True)
    findings = models.JSONField(_("blocking criteria found"), default=list, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signer_name = models.CharField(_("signed by"), max_length=160, blank=True)
    signer_service = models.CharField(_("service"), max_length=160, blank=True)
    signed_at = models.DateTimeField(_("signed on"), default=timezone.now)

    class Meta:
        verbose_name = _("gate signature")
        verbose_name_plural = _("gate signatures")
        ordering = ["project_id", "stage", "role", "-signed_at", "-id"]
        indexes = [models.Index(fields=["project", "stage", "role"])]

    def __str__(self) -> str:
        return f"{self.project_id} {self.stage}/{self.role}: {self.verdict}"


class Transition(NormalisedTextModel):
    """A project moved from one stage to another, by a member of the board."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(_("from"), max_length=16, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=16, choices=Stage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("public note"), blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("stage transition")
        verbose_name_plural = _("stage transitions")
        ordering = ["project_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.from_stage} → {self.to_stage}"


class AuditAction(models.TextChoices):
    """What governance writes to the audit trail; values never change once used."""

    PROJECT_CREATE = "governance.project.create"
    PROJECT_EDIT = "governance.project.edit"
    GATE_SIGN = "governance.gate.sign"
    STAGE_ADVANCE = "governance.stage.advance"
    STAGE_REFUSED = "governance.stage.refused"
