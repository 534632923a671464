"""The register of the city's AI systems.

An `AISystem` is the stable identity (uuid + slug, never changed once published); every edit
is an `AISystemVersion` row. Nothing is overwritten: publishing a version supersedes the
previous one, which stays readable in the history. Fields merge the registers' standards (Dutch
Algoritmeregister, Eurocities v0.3.1, UK ATRS, Etalab, AI Act Annex VIII).
"""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import NormalisedTextModel

STANDARD_VERSION = "ia-commune-register/1.3 (Eurocities 0.3.1, ATRS 3.0, Algoritmeregister 1.0)"


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DESIGN = "design", _("Design")
    DEVELOPMENT = "development", _("Development")
    PILOT = "pilot", _("Pilot")
    IN_USE = "in_use", _("In use")
    RETIRED = "retired", _("Retired")


class RiskLevel(models.TextChoices):
    PROHIBITED = "prohibited", _("Prohibited practice")
    HIGH = "high", _("High risk")
    LIMITED = "limited", _("Limited risk (transparency)")
    MINIMAL = "minimal", _("Minimal risk")


class AnnexIIIArea(models.TextChoices):
    NONE = "", _("None of these")
    BIOMETRICS = "1", _("Biometrics (Annex III point 1)")
    CRITICAL_INFRASTRUCTURE = "2", _("Critical infrastructure (Annex III point 2)")
    EDUCATION = "3", _("Education and vocational training (Annex III point 3)")
    EMPLOYMENT = "4", _("Staff recruitment and management (Annex III point 4)")
    PUBLIC_SERVICES = "5", _("Eligibility for public benefits and services (Annex III point 5)")
    EMERGENCY = "5d", _("Emergency calls and dispatch (Annex III point 5(d))")
    ELECTIONS = "8", _("Elections and democratic processes (Annex III point 8)")


class AlgorithmType(models.TextChoices):
    RULE_BASED = "rule_based", _("Rule-based")
    MACHINE_LEARNING = "machine_learning", _("Machine learning")
    HYBRID = "hybrid", _("Hybrid")
    GENERATIVE = "generative", _("Generative AI")


class Theme(models.TextChoices):
    CITIZEN_RELATIONS = "citizen_relations", _("Relations with residents")
    ADMINISTRATION = "administration", _("Internal administration")
    MOBILITY = "mobility", _("Mobility and roads")
    ENVIRONMENT = "environment", _("Environment and green spaces")
    WATER_ENERGY = "water_energy", _("Water and energy networks")
    CLEANLINESS = "cleanliness", _("Cleanliness and waste")
    SOCIAL = "social", _("Social action and solidarity")
    EDUCATION = "education", _("Schools and childhood")
    URBANISM = "urbanism", _("Urban planning and housing")
    DEMOCRACY = "democracy", _("Local democracy")
    SECURITY = "security", _("Public safety")


class AutomationLevel(models.TextChoices):
    INFORMATIVE = "informative", _("Informs a person, who decides")
    DECISION_SUPPORT = "decision_support", _("Proposes a decision a person confirms")
    PARTIAL = "partial", _("Decides routine cases, a person reviews the others")
    FULL = "full", _("Decides without human review")


class AIActRole(models.TextChoices):
    DEPLOYER = "deployer", _("Deployer")
    PROVIDER = "provider", _("Provider")
    BOTH = "both", _("Provider and deployer")


class CharterPrinciple(models.TextChoices):
    """The ten principles of the city's AI charter (the charter page in portal says them in full)."""

    EQUITY = "equity", _("Equity and non-discrimination")
    NO_BIOMETRICS = "no_biometrics", _("No biometric identification or facial recognition")
    SOBRIETY = "sobriety", _("Sobriety (energy)")
    SOVEREIGNTY = "sovereignty", _("Sovereignty of data and infrastructure")
    TRANSPARENCY = "transparency", _("Transparency and explainability")
    HUMAN_OVERSIGHT = "human_oversight", _("Human oversight and recourse")
    LEGAL_COMPLIANCE = "legal_compliance", _("Legal compliance (GDPR, AI Act)")
    USEFULNESS = "usefulness", _("Usefulness for the public service")
    WORKING_CONDITIONS = "working_conditions", _("Better working conditions for agents")
    DEMOCRATIC_CONTROL = "democratic_control", _("Democratic control and evaluation")


class CharterRating(models.TextChoices):
    MEETS = "meets", _("Meets")
    PARTLY = "partly", _("Partly meets")
    DOES_NOT_MEET = "does_not_meet", _("Does not meet")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class RemoteRegister(models.Model):
    """A partner city, declared once: its register's `export.json` and, when it publishes one,
    its use-case library's `library.json` (harvested by the library app through the same
    mechanism, core/federation.py)."""

    name = models.CharField(_("name"), max_length=200)
    export_url = models.URLField(_("URL of its export.json"), max_length=500, unique=True)
    library_url = models.URLField(
        _("URL of its library.json"),
        max_length=500,
        blank=True,
        help_text=_("Its shared use-case library, if it publishes one; blank = none."),
    )
    active = models.BooleanField(_("harvested automatically"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_harvest_at = models.DateTimeField(_("last harvest attempt"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last successful harvest"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    entries_count = models.PositiveIntegerField(_("entries"), default=0)

    class Meta:
        verbose_name = _("partner register")
        verbose_name_plural = _("partner registers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AISystemQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_version__isnull=False, withdrawn_at__isnull=True)

    def city(self):
        return self.filter(remote__isnull=True)

    def partners(self):
        return self.filter(remote__isnull=False)


class AISystem(models.Model):
    uuid = models.UUIDField(_("stable identifier"), default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_version = models.ForeignKey(
        "AISystemVersion",
        verbose_name=_("published version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    # Federation: entries harvested from a partner keep their origin.
    remote = models.ForeignKey(
        RemoteRegister,
        verbose_name=_("partner register"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="systems",
    )
    source_url = models.URLField(_("source register URL"), max_length=500, blank=True)
    source_id = models.CharField(_("source id"), max_length=120, blank=True)
    source_page_url = models.URLField(_("record at the source"), max_length=500, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn by the partner"), null=True, blank=True)
    # The city's own AI tool this record describes ("sandbox", "synthesis", "translation"):
    # every output of that tool links here (`register.selectors.ai_tool_record`).
    tool_key = models.CharField(_("the city's AI tool"), max_length=60, blank=True)
    # When the editors were last reminded that the review date has passed (once per period).
    review_reminded_at = models.DateTimeField(_("review reminder sent"), null=True, blank=True)
    # When its editors were last reminded that its periodic evaluation is overdue.
    evaluation_reminded_at = models.DateTimeField(
        _("evaluation reminder sent"), null=True, blank=True
    )

    objects = AISystemQuerySet.as_manager()

    class Meta:
        verbose_name = _("AI system")
        verbose_name_plural = _("AI systems")
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_url", "source_id"],
                condition=~models.Q(source_id=""),
                name="register_unique_harvested_entry",
            ),
            models.UniqueConstraint(
                fields=["tool_key"],
                condition=~models.Q(tool_key=""),
                name="register_one_record_per_tool",
            ),
        ]

    def __str__(self) -> str:
        return self.published_version.name if self.published_version_id else self.slug

    def get_absolute_url(self) -> str:
        return reverse("register:detail", kwargs={"slug": self.slug})

    @property
    def is_partner(self) -> bool:
        return self.remote_id is not None


# The text search configuration of the register on PostgreSQL: French stemming, accents
# ignored when the `unaccent` extension is available (migration 0006 creates it).
SEARCH_CONFIG = "register_fr"
# What a search reads from the published version, and the weight of each field in the rank.
SEARCH_WEIGHTS = {
    "name": "A",
    "short_description": "B",
    "purpose": "B",
    "department": "C",
    "organisation": "C",
    "technical_description": "D",
    "supplier": "D",
}


class SystemSearch(models.Model):
    """The published version's words, indexed for full-text search (one row per published system).

    Written by database triggers (migration 0006) whenever a system's published version changes,
    whoever changes it (the publish service, a harvest, a bulk load): it cannot fall out of step.
    On PostgreSQL `vector` is a weighted French `tsvector` with a GIN index; on SQLite the
    column stays empty and the FTS5 table `register_systemsearch_fts` holds the text instead.
    """

    system = models.OneToOneField(
        AISystem, primary_key=True, on_delete=models.CASCADE, related_name="search"
    )
    vector = SearchVectorField(null=True)

    def __str__(self) -> str:
        return str(self.system_id)


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published (current)")
    SUPERSEDED = "superseded", _("Published (superseded)")
    DISCARDED = "discarded", _("Discarded draft")


class AISystemVersion(NormalisedTextModel):
    system = models.ForeignKey(AISystem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(
        _("state"), max_length=12, choices=VersionState.choices, default=VersionState.DRAFT
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    change_summary = models.CharField(_("what changed"), max_length=255, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # --- Core (required to publish) -------------------------------------------------
    name = models.CharField(_("name"), max_length=200)
    short_description = models.TextField(_("short description"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    contact = models.CharField(
        _("contact"), max_length=254, blank=True, help_text=_("An email address or a URL.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    retirement_reason = models.TextField(_("reason for retirement"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    expected_impact = models.TextField(_("expected impact"), blank=True)
    human_oversight = models.TextField(_("human oversight"), blank=True)
    automation_level = models.CharField(
        _("level of automation"), max_length=20, choices=AutomationLevel.choices, blank=True
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    legal_links = models.TextField(_("legal texts (one URL per line)"), blank=True)
    recourse_procedure = models.TextField(_("recourse procedure"), blank=True)
    risk_level = models.CharField(
        _("risk category"), max_length=12, choices=RiskLevel.choices, blank=True
    )
    annex_iii_point = models.CharField(
        _("Annex III point"), max_length=4, choices=AnnexIIIArea.choices, blank=True
    )
    standard_version = models.CharField(
        _("standard version"), max_length=120, default=STANDARD_VERSION
    )
    language = models.CharField(_("language of the record"), max_length=8, default="fr")

    # --- Optional ---------------------------------------------------------------------
    begin_date = models.DateField(_("start of use"), null=True, blank=True)
    end_date = models.DateField(_("end of use"), null=True, blank=True)
    review_date = models.DateField(_("next review"), null=True, blank=True)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, blank=True)
    proportionality = models.TextField(_("proportionality and necessity"), blank=True)
    alternatives_considered = models.TextField(_("alternatives considered"), blank=True)
    risks_mitigations = models.TextField(_("risks and mitigations"), blank=True)
    dpia = models.CharField(
        _("data protection impact assessment (DPIA)"), max_length=500, blank=True
    )
    fria = models.CharField(
        _("fundamental-rights impact assessment (FRIA)"), max_length=500, blank=True
    )
    algorithmic_impact_assessment = models.CharField(
        _("algorithmic impact assessment"), max_length=500, blank=True
    )
    processing_record_url = models.URLField(_("record of processing"), max_length=500, blank=True)
    training_data = models.TextField(_("training data"), blank=True)
    live_data = models.TextField(_("data used in operation"), blank=True)
    known_biases = models.TextField(_("known biases"), blank=True)
    algorithm_type = models.CharField(
        _("algorithm type"), max_length=20, choices=AlgorithmType.choices, blank=True
    )
    output_type = models.CharField(_("output type"), max_length=200, blank=True)
    technical_description = models.TextField(_("technical description"), blank=True)
    performance_monitoring = models.TextField(_("performance and monitoring"), blank=True)
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    supplier_role = models.CharField(_("supplier's role"), max_length=200, blank=True)
    source_code_url = models.URLField(_("source code"), max_length=500, blank=True)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    transparency_limitations = models.TextField(_("transparency limitations"), blank=True)
    decisions_per_year = models.PositiveIntegerField(_("decisions per year"), null=True, blank=True)
    people_affected = models.CharField(_("people affected"), max_length=255, blank=True)
    energy_hosting = models.TextField(_("energy and hosting"), blank=True)
    ai_act_role = models.CharField(
        _("role under the AI Act"), max_length=10, choices=AIActRole.choices, blank=True
    )
    eu_database_url = models.URLField(_("EU database entry"), max_length=500, blank=True)
    transparency_notice = models.TextField(
        _("transparency notice to people"),
        blank=True,
        help_text=_("How people are told they deal with an AI system (AI Act art. 50)."),
    )
    blank_reasons = models.JSONField(
        _("why some fields are blank"),
        default=dict,
        blank=True,
        help_text=_("Field name → the reason shown to readers when that field is blank."),
    )

    # --- AI Act questionnaire (stored with the version) -------------------------------------
    risk_answers = models.JSONField(_("questionnaire answers"), default=dict, blank=True)
    risk_reasons = models.JSONField(_("reasons for the risk level"), default=list, blank=True)

    class Meta:
        verbose_name = _("AI system version")
        verbose_name_plural = _("AI system versions")
        ordering = ["system_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["system", "number"], name="register_unique_version")
        ]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["risk_level"])]

    def __str__(self) -> str:
        return f"{self.name} v{self.number}"

    # Bookkeeping columns; every other concrete field is part of what the record says.
    BOOKKEEPING_FIELDS = frozenset(
        {
            "id",
            "system",
            "number",
            "state",
            "created_at",
            "created_by",
            "change_summary",
            "published_at",
            "published_by",
        }
    )

    @classmethod
    def content_field_names(cls) -> list[str]:
        """The fields a version says about the system: copied to the next draft, diffed, exported."""
        return [
            f.name
            for f in cls._meta.get_fields()
            if getattr(f, "concrete", False) and f.name not in cls.BOOKKEEPING_FIELDS
        ]

    @property
    def was_published(self) -> bool:
        return self.published_at is not None

    @property
    def review_overdue(self) -> bool:
        """Past its review date and still in service: shown publicly as "review overdue"."""
        return (
            self.review_date is not None
            and self.status != Status.RETIRED
            and self.review_date < timezone.localdate()
        )


class CharterAssessment(NormalisedTextModel):
    version = models.ForeignKey(
        AISystemVersion, on_delete=models.CASCADE, related_name="charter_assessments"
    )
    principle = models.CharField(_("principle"), max_length=24, choices=CharterPrinciple.choices)
    rating = models.CharField(_("assessment"), max_length=16, choices=CharterRating.choices)
    justification = models.TextField(_("justification"), blank=True)

    class Meta:
        verbose_name = _("charter assessment")
        verbose_name_plural = _("charter assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "principle"], name="register_unique_principle_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_principle_display()}: {self.get_rating_display()}"


class ErrorReport(NormalisedTextModel):
    """ "Report an error in this record": feedback for the record's editors."""

    system = models.ForeignKey(AISystem, on_delete=models.CASCADE, related_name="error_reports")
    version_number = models.PositiveIntegerField(null=True, blank=True)
    message = models.TextField(_("what is wrong"))
    email = models.EmailField(_("email (optional, to get a reply)"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("error report")
        verbose_name_plural = _("error reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.system.slug} {self.created_at:%Y-%m-%d}"


class RecourseStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under_review", _("Under human review")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class RecourseChannel(models.TextChoices):
    """How the request reached the city: online by the person, or recorded on their behalf."""

    ONLINE = "online", _("Online")
    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Telephone")
    COUNTER = "counter", _("At a counter")


class RecourseRequest(NormalisedTextModel):
    """A person asks a human to review a decision in which an AI system took part.

    Filed online (with an email address), or recorded by a counter agent on the person's behalf
    (letter, phone, counter) with an email or a postal address: the answer then leaves as a
    printed letter."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    system = models.ForeignKey(AISystem, on_delete=models.PROTECT, related_name="recourse_requests")
    version_number = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    language = models.CharField(max_length=8, default="fr")
    # Personal data: purged a configurable time after closure.
    name = models.CharField(_("your name"), max_length=150, blank=True)
    email = models.EmailField(_("email address"), blank=True, db_index=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True, db_index=True)
    town = models.CharField(_("town"), max_length=120, blank=True)
    channel = models.CharField(
        _("received by"),
        max_length=10,
        choices=RecourseChannel.choices,
        default=RecourseChannel.ONLINE,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reference = models.CharField(_("decision reference"), max_length=120, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    request = models.TextField(_("what you ask"), blank=True)
    consent = models.BooleanField(_("consent to processing"), default=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Handling
    status = models.CharField(
        _("status"), max_length=14, choices=RecourseStatus.choices, default=RecourseStatus.RECEIVED
    )
    due_date = models.DateField(_("answer due by"))
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    last_reminder_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(_("personal data purged"), null=True, blank=True)
    # The one-time key of the form that filed it: the same form submitted again (back button,
    # double click) finds this request instead of filing a second one.
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("recourse request")
        verbose_name_plural = _("recourse requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            # Someone must be able to receive the answer: an email or a full postal address
            # (until the personal data is purged).
            models.CheckConstraint(
                condition=~models.Q(email="")
                | (~models.Q(postal_address="") & ~models.Q(postcode="") & ~models.Q(town=""))
                | models.Q(purged_at__isnull=False),
                name="register_recourse_answerable",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in (RecourseStatus.RECEIVED, RecourseStatus.UNDER_REVIEW)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()

    @property
    def answered_by_letter(self) -> bool:
        """No email to answer to: the answer is printed and posted."""
        return not self.email and bool(self.postal_address)


class RecourseEventKind(models.TextChoices):
    RECEIVED = "received", _("Request received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledgement sent")
    ASSIGNED = "assigned", _("Assigned")
    STATUS = "status", _("Status changed")
    DUE_DATE = "due_date", _("Due date changed")
    NOTE = "note", _("Internal note")
    ANSWER = "answer", _("Answer sent")
    REMINDER = "reminder", _("Overdue reminder")
    PURGED = "purged", _("Personal data purged")
    RECEIPT = "receipt", _("Receipt printed")
    LETTER = "letter", _("Letter produced")


class RecourseEvent(models.Model):
    """The request's timeline. Internal events (notes, assignment) are never shown publicly."""

    request = models.ForeignKey(RecourseRequest, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=14, choices=RecourseEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=14, choices=RecourseStatus.choices, blank=True)
    text = models.TextField(blank=True)
    internal = models.BooleanField(default=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.request.reference} {self.kind}"


class AuditAction(models.TextChoices):
    """What the register writes to the audit trail ("<app>.<record>.<verb>").

    The values are stored in `accounts.AuditEntry.action` and never change once used.
    """

    SYSTEM_CREATE = "register.system.create"
    SYSTEM_EDIT = "register.system.edit"
    SYSTEM_PUBLISH = "register.system.publish"
    SYSTEM_RETIRE = "register.system.retire"
    SYSTEM_RETIRE_REQUEST = "register.system.retire_request"
    VERSION_DISCARD = "register.version.discard"
    FEEDBACK_CREATE = "register.feedback.create"
    RECOURSE_OPEN = "register.recourse.open"
    RECOURSE_ASSIGN = "register.recourse.assign"
    RECOURSE_STATUS = "register.recourse.status"
    RECOURSE_DUE_DATE = "register.recourse.due_date"
    RECOURSE_NOTE = "register.recourse.note"
    RECOURSE_ANSWER = "register.recourse.answer"
    RECOURSE_PURGE = "register.recourse.purge"
    RECOURSE_RECORD = "register.recourse.record"
    RECOURSE_RECEIPT = "register.recourse.receipt"
    RECOURSE_LETTER = "register.recourse.letter"
    PARTNER_CREATE = "register.partner.create"
    PARTNER_HARVEST = "register.partner.harvest"
    REVIEW_REMINDER = "register.system.review_reminder"
    EVALUATION_RECORD = "register.evaluation.record"
    EVALUATION_REMINDER = "register.system.evaluation_reminder"
    DECLARATION_CREATE = "register.declaration.create"
    DECLARATION_DRAFT = "register.declaration.draft"
    DECLARATION_CLOSE = "register.declaration.close"
    INCIDENT_RECORD = "register.incident.record"
    INCIDENT_REPORT = "register.incident.report"
    INCIDENT_CLOSE = "register.incident.close"


class SystemEvaluation(models.Model):
    """A measured result of the system on a test set, written by the part that runs it.

    The workspace records each evaluation of its assistants' golden sets here (through
    `register.services.system_evaluation_record`), so the public record shows how well the
    configured model does the task: the register knows nothing of the workspace.
    """

    system = models.ForeignKey(AISystem, on_delete=models.CASCADE, related_name="evaluations")
    label = models.CharField(_("what was evaluated"), max_length=200)
    model_alias = models.CharField(_("model"), max_length=120)
    score = models.FloatField(_("score (0–100)"))
    passed = models.PositiveIntegerField(_("test cases passed"))
    total = models.PositiveIntegerField(_("test cases"))
    evaluated_at = models.DateTimeField(_("evaluated"))
    day = models.DateField(_("day"))
    method = models.CharField(_("method"), max_length=120)

    class Meta:
        verbose_name = _("system evaluation")
        verbose_name_plural = _("system evaluations")
        ordering = ["-evaluated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "label", "model_alias", "day"],
                name="register_evaluation_one_per_day",
            )
        ]
        indexes = [models.Index(fields=["system", "-evaluated_at"])]

    def __str__(self) -> str:
        return f"{self.system_id} {self.model_alias} {self.day}: {self.score:.0f}"


# --- Oversight of deployed systems: evaluations, hidden algorithms, incidents ------------------


class EvaluationConclusion(models.TextChoices):
    CONTINUE = "continue", _("Continue as is")
    ADJUST = "adjust", _("Continue with adjustments")
    RETIRE = "retire", _("Retire the system")


class DeploymentEvaluation(NormalisedTextModel):
    """A dated, structured evaluation of a deployed system, due on a schedule per risk level
    (`register.oversight`). Public as soon as it is recorded, never edited: a correction is a
    new evaluation. It names the published version it evaluated, so the history and the diff
    place it between two versions."""

    system = models.ForeignKey(
        AISystem, on_delete=models.CASCADE, related_name="deployment_evaluations"
    )
    version_number = models.PositiveIntegerField(_("version evaluated"), null=True, blank=True)
    evaluated_on = models.DateField(_("date of the evaluation"))
    period_start = models.DateField(_("start of the period evaluated"))
    performance = models.TextField(
        _("performance against the declared purpose"),
        help_text=_("What was measured against the purpose the record declares, and the result."),
    )
    disparity_metric = models.CharField(
        _("disparity metric"),
        max_length=200,
        blank=True,
        help_text=_("E.g. error rate, approval rate, waiting time."),
    )
    disparity_groups = models.CharField(
        _("groups compared"),
        max_length=300,
        blank=True,
        help_text=_("E.g. by arrondissement, age bracket, language of the request."),
    )
    disparity_findings = models.TextField(_("disparities found between groups"), blank=True)
    energy_kwh = models.FloatField(_("energy over the period (kWh)"), null=True, blank=True)
    cost_eur = models.DecimalField(
        _("cost over the period (euros)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    energy_cost_notes = models.TextField(_("energy and cost: method and notes"), blank=True)
    incidents_summary = models.TextField(_("incidents in the period"), blank=True)
    staff_survey_period = models.CharField(
        _("staff follow-up survey round"),
        max_length=12,
        blank=True,
        help_text=_("The round of the record's staff follow-up survey this evaluation relies on."),
    )
    staff_survey_summary = models.TextField(_("what the staff survey says"), blank=True)
    user_satisfaction = models.TextField(_("users' satisfaction"), blank=True)
    conclusion = models.CharField(
        _("conclusion"), max_length=10, choices=EvaluationConclusion.choices
    )
    conclusion_reasons = models.TextField(_("reasons for the conclusion"))
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("evaluation of a deployed system")
        verbose_name_plural = _("evaluations of deployed systems")
        ordering = ["-evaluated_on", "-id"]
        indexes = [models.Index(fields=["system", "-evaluated_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("evaluated_on")),
                name="register_evaluation_period_before_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.system_id} {self.evaluated_on}"


class DeclarationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting triage")
    DRAFTED = "drafted", _("Turned into a register draft")
    CLOSED = "closed", _("Closed with a public reason")


class HiddenAlgorithmDeclaration(NormalisedTextModel):
    """An agent thinks a tool they use makes automated decisions or uses AI and is not in the
    register. The register editors triage it: a draft record, or a closure with a public reason.
    The declarant's identity is never public."""

    declarant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tool_name = models.CharField(_("the tool"), max_length=200)
    what_it_does = models.TextField(
        _("what it does"), help_text=_("What it decides, sorts, scores or writes, as you see it.")
    )
    where_it_appears = models.CharField(
        _("where it appears"),
        max_length=300,
        help_text=_("The business application, screen or step where you meet it."),
    )
    department = models.CharField(_("department"), max_length=200)
    created_at = models.DateTimeField(_("declared"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DeclarationStatus.choices,
        default=DeclarationStatus.PENDING,
    )
    public_reason = models.TextField(_("public reason"), blank=True)
    handled_at = models.DateTimeField(_("triaged"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    system = models.ForeignKey(
        AISystem,
        verbose_name=_("register record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="declarations",
    )

    class Meta:
        verbose_name = _("hidden-algorithm declaration")
        verbose_name_plural = _("hidden-algorithm declarations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(public_reason=""),
                name="register_declaration_closed_with_reason",
            )
        ]

    def __str__(self) -> str:
        return self.tool_name


class IncidentKind(models.TextChoices):
    MALFUNCTION = "malfunction", _("Malfunction")
    BIAS = "bias", _("Bias complaint")
    SECURITY = "security", _("Security incident")
    DATA_BREACH = "data_breach", _("Data breach")


class IncidentSeverity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")
    SERIOUS = "serious", _("Serious incident (AI Act art. 3(49))")


class SeriousIncidentCase(models.TextChoices):
    """Which deadline of AI Act art. 73 applies to a serious incident of a high-risk system."""

    GENERAL = "general", _("Serious incident: report within 15 days (art. 73(2))")
    WIDESPREAD = (
        "widespread",
        _(
            "Widespread infringement or serious disruption of critical infrastructure: "
            "report within 2 days (art. 73(3))"
        ),
    )
    DEATH = "death", _("Death of a person: report within 10 days (art. 73(4))")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Incident(NormalisedTextModel):
    """An incident of a system: recorded by staff, or from a recourse request that revealed an
    error. A serious incident of a high-risk system carries the AI Act's reporting deadline
    (`register.oversight.incident_report_days`). `summary` and `closure_summary` are public and
    must hold no personal data; `internal_notes` never leaves the staff pages."""

    system = models.ForeignKey(AISystem, on_delete=models.PROTECT, related_name="incidents")
    kind = models.CharField(_("kind"), max_length=12, choices=IncidentKind.choices)
    severity = models.CharField(_("severity"), max_length=8, choices=IncidentSeverity.choices)
    serious_case = models.CharField(
        _("AI Act case"), max_length=10, choices=SeriousIncidentCase.choices, blank=True
    )
    summary = models.TextField(
        _("public summary"), help_text=_("Shown on the public record: no personal data.")
    )
    internal_notes = models.TextField(_("internal notes"), blank=True)
    occurred_on = models.DateField(_("occurred on"), null=True, blank=True)
    aware_on = models.DateField(_("the city became aware on"))
    high_risk = models.BooleanField(_("high-risk system when recorded"), default=False)
    report_due_on = models.DateField(_("report to the authority due by"), null=True, blank=True)
    reported_on = models.DateField(_("reported to the authority on"), null=True, blank=True)
    recourse_request = models.ForeignKey(
        RecourseRequest,
        verbose_name=_("revealed by the recourse request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incidents",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    closure_summary = models.TextField(_("how it was resolved (public)"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-aware_on", "-id"]
        indexes = [models.Index(fields=["system", "-aware_on"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.system_id} {self.get_kind_display()} {self.aware_on}"

    @property
    def report_overdue(self) -> bool:
        """Its AI Act reporting deadline passed and it was not reported."""
        return self.report_overdue_on(
            report_due_on=self.report_due_on, reported_on=self.reported_on
        )

    @staticmethod
    def report_overdue_on(*, report_due_on, reported_on, today=None) -> bool:
        """The same rule, for an incident read as plain values (exports)."""
        return (
            report_due_on is not None
            and reported_on is None
            and report_due_on < (today or timezone.localdate())
        )
