"""Consultations on AI use cases: dossiers, phases, majority-judgment ballots, debate,
transparent moderation, official answers and notifications."""

import uuid
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.text import NormalisedTextModel


class Grade(models.TextChoices):
    """Majority-judgment scale, from best to worst (declaration order matters)."""

    EXCELLENT = "excellent", _("Excellent")
    VERY_GOOD = "very_good", _("Very good")
    GOOD = "good", _("Good")
    FAIRLY_GOOD = "fairly_good", _("Fairly good")
    PASSABLE = "passable", _("Passable")
    INSUFFICIENT = "insufficient", _("Insufficient")
    REJECT = "reject", pgettext_lazy("grade", "Reject")


#: Grades from best to worst, and each grade's merit (6 = excellent … 0 = reject).
GRADES_BEST_FIRST = [g.value for g in Grade]
GRADE_MERIT = {g: len(GRADES_BEST_FIRST) - 1 - i for i, g in enumerate(GRADES_BEST_FIRST)}


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    INFORMATION = "information", _("Information")
    VOTING = "voting", _("Deliberation and voting")
    ANALYSIS = "analysis", _("Analysis")
    ANSWER = "answer", _("Answer")


PHASE_ORDER = [p.value for p in Phase]


class UseCaseStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    IN_CONSULTATION = "in_consultation", _("In consultation")
    ANSWERED = "answered", pgettext_lazy("use case status", "Answered")
    PILOTING = "piloting", _("Piloting")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")


class ModerationState(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Published")
    REJECTED = "rejected", _("Not published")


class ResultsVisibility(models.TextChoices):
    LIVE = "live", _("Live, while voting is open")
    AFTER_CLOSE = "after_close", _("Hidden until voting closes")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    STAFF = "staff", _("All city staff")
    DEPARTMENTS = "departments", _("Staff of chosen departments")


class Consultation(NormalisedTextModel):
    """A consultation puts use cases to the residents' vote through four dated phases.

    Its audience says who takes part: everyone, or city staff (all of them or some
    departments'). A staff consultation is hidden from everyone else (404), unless it is
    "transparent": then the public reads it while only its audience votes and comments.
    """

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description (Markdown)"), blank=True)
    information_starts_at = models.DateTimeField(_("information phase starts"))
    voting_starts_at = models.DateTimeField(_("deliberation and voting phase starts"))
    voting_ends_at = models.DateTimeField(_("voting closes (analysis phase starts)"))
    answer_due_at = models.DateTimeField(_("answer phase starts"))
    accepts_proposals = models.BooleanField(
        _("residents may propose use cases"),
        default=False,
        help_text=_("Proposals are published after moderation."),
    )
    results_visibility = models.CharField(
        _("results"),
        max_length=16,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.AFTER_CLOSE,
    )
    voting_method = models.CharField(
        _("voting method"), max_length=32, default="majority_judgment", editable=False
    )
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.PUBLIC
    )
    audience_departments = models.JSONField(
        _("departments"),
        default=list,
        blank=True,
        help_text=_("For a consultation of chosen departments: their names, as agents give them."),
    )
    transparent = models.BooleanField(
        _("transparent"),
        default=False,
        help_text=_(
            "A staff consultation the public may read; only its audience votes and comments."
        ),
    )
    # Denormalised copy of phase_at(now), moved by the beat task (consultation_phases_advance).
    phase = models.CharField(
        _("phase"), max_length=16, choices=Phase.choices, default=Phase.UPCOMING, db_index=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # For the printed dossier: where people without internet vote on paper.
    paper_voting_places = models.TextField(
        _("where to vote on paper"),
        blank=True,
        help_text=_(
            "Town halls, counters and their opening hours, one per line. Printed in the "
            "consultation's dossier."
        ),
    )

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-voting_starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(information_starts_at__lte=models.F("voting_starts_at"))
                & models.Q(voting_starts_at__lt=models.F("voting_ends_at"))
                & models.Q(voting_ends_at__lte=models.F("answer_due_at")),
                name="consultation_phases_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultation:detail", kwargs={"slug": self.slug})

    @property
    def is_staff_only(self) -> bool:
        """Votes and comments come from city staff, who appear under a pseudonym."""
        return self.audience != Audience.PUBLIC

    @property
    def min_group_size(self) -> int:
        """Results by group (department, arrondissement) show groups at least this large."""
        return settings.CONSULTATION_MIN_GROUP_SIZE

    @property
    def audience_summary(self) -> str:
        """Who is asked, in a sentence (also the refusal people outside the audience read)."""
        if self.audience == Audience.PUBLIC:
            return str(_("Everyone may vote and comment."))
        if self.audience == Audience.STAFF:
            return str(
                _("This consultation asks the city's staff: only city agents vote and comment.")
            )
        return str(
            _(
                "This consultation asks the staff of these departments: %(departments)s. Only "
                "they vote and comment."
            )
            % {"departments": ", ".join(self.audience_departments)}
        )

    def phase_at(self, when: datetime) -> str:
        """The phase by the calendar: the dates are the source of truth for permissions."""
        if when < self.information_starts_at:
            return Phase.UPCOMING
        if when < self.voting_starts_at:
            return Phase.INFORMATION
        if when < self.voting_ends_at:
            return Phase.VOTING
        if when < self.answer_due_at:
            return Phase.ANALYSIS
        return Phase.ANSWER

    @property
    def current_phase(self) -> str:
        return self.phase_at(timezone.now())

    @property
    def current_phase_label(self) -> str:
        return Phase(self.current_phase).label

    def phases(self) -> list[dict]:
        """The timeline: each phase with its dates and whether it is done or current."""
        now_phase = self.current_phase
        now_index = PHASE_ORDER.index(now_phase)
        spans = [
            (Phase.INFORMATION, self.information_starts_at, self.voting_starts_at),
            (Phase.VOTING, self.voting_starts_at, self.voting_ends_at),
            (Phase.ANALYSIS, self.voting_ends_at, self.answer_due_at),
            (Phase.ANSWER, self.answer_due_at, None),
        ]
        return [
            {
                "phase": phase.value,
                "label": phase.label,
                "starts_at": start,
                "ends_at": end,
                "is_current": phase.value == now_phase,
                "is_done": PHASE_ORDER.index(phase.value) < now_index,
            }
            for phase, start, end in spans
        ]

    @property
    def voting_open(self) -> bool:
        return self.current_phase == Phase.VOTING

    @property
    def results_public(self) -> bool:
        if self.results_visibility == ResultsVisibility.LIVE:
            return PHASE_ORDER.index(self.current_phase) >= PHASE_ORDER.index(Phase.VOTING)
        return PHASE_ORDER.index(self.current_phase) >= PHASE_ORDER.index(Phase.ANALYSIS)


class ConsultationDocument(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="consultation/documents/", blank=True)
    url = models.URLField(_("link"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        return self.file.url if self.file else self.url


class UseCase(NormalisedTextModel):
    """A typed dossier describing one proposed use of AI by the city."""

    #: Fields that make up the dossier: edits of these are kept as revisions.
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
        "register_slug",
    ]

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="use_cases",
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300)
    problem = models.TextField(_("problem to solve"))
    proposed_ai = models.TextField(_("proposed AI approach"))
    data_used = models.TextField(_("data used"))
    people_affected = models.TextField(_("people affected"))
    expected_benefits = models.TextField(_("expected benefits"))
    risks = models.TextField(_("risks"))
    alternatives = models.TextField(_("alternatives considered"))
    department = models.CharField(_("proposing department"), max_length=160, blank=True)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_use_cases",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=UseCaseStatus.choices,
        default=UseCaseStatus.PROPOSED,
        db_index=True,
    )
    moderation_state = models.CharField(
        _("publication"),
        max_length=12,
        choices=ModerationState.choices,
        default=ModerationState.APPROVED,
        db_index=True,
    )
    moderation_reason = models.CharField(_("moderation reason"), max_length=300, blank=True)
    # When it joined its consultation's vote after voting opened (a proposal accepted by a
    # moderator during the vote): its ballots count from then, and the pages say so.
    joined_vote_at = models.DateTimeField(_("joined the vote on"), null=True, blank=True)
    # The register record, by its stable slug (never a foreign key: the register app may not be
    # deployed; it is displayed through register.selectors.system_public_summary()).
    register_slug = models.CharField(_("register record"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    class Meta:
        verbose_name = _("use case")
        verbose_name_plural = _("use cases")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultation:use-case", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.moderation_state == ModerationState.APPROVED

    @property
    def joined_vote_late(self) -> bool:
        """Joined its consultation's vote after voting had opened."""
        return bool(
            self.joined_vote_at
            and self.consultation is not None
            and self.joined_vote_at > self.consultation.voting_starts_at
        )

    @property
    def status_label(self) -> str:
        """The status badge: once answered, the answer's own decision ("Adopted with
        changes"), so the badge and the answer never say two different things."""
        try:
            answer = self.official_answer
        except ObjectDoesNotExist:
            answer = None
        if answer is not None and DECISION_TO_STATUS.get(answer.decision) == self.status:
            return answer.get_decision_display()
        return self.get_status_display()

    def dossier(self) -> dict:
        return {name: getattr(self, name) for name in self.DOSSIER_FIELDS}


class UseCaseRevision(models.Model):
    """One edit of a dossier: the values before and after, for the public "what changed"."""

    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="revisions")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("what changed and why"), max_length=300, blank=True)
    changes = models.JSONField(default=dict)  # {field: {"before": str, "after": str}}

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.use_case_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class Ballot(models.Model):
    """One grade per person per use case; the unique constraint settles concurrent votes."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ballots"
    )
    grade = models.CharField(_("grade"), max_length=16, choices=Grade.choices)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["voter", "use_case"], name="one_ballot_per_voter"),
        ]
        indexes = [models.Index(fields=["use_case", "grade"])]

    def __str__(self) -> str:
        return f"{self.public_id}: {self.grade}"


class Alignment(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    NEUTRAL = "neutral", _("Neutral")


class Comment(NormalisedTextModel):
    MAX_DEPTH = 3

    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    # The top-level comment of the thread (itself for a top-level one): one query per page.
    root = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(default=1)
    alignment = models.CharField(
        _("position"), max_length=8, choices=Alignment.choices, default=Alignment.NEUTRAL
    )
    body = models.TextField(_("comment"))
    body_html = models.TextField(editable=False)
    upvotes = models.PositiveIntegerField(default=0)
    downvotes = models.PositiveIntegerField(default=0)
    score = models.IntegerField(default=0, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(_("public reason"), max_length=300, blank=True)
    pending_review = models.BooleanField(default=False, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["use_case", "depth", "-created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} on {self.use_case_id}"

    def get_absolute_url(self) -> str:
        """The comment's permalink: it redirects to the page of the debate that shows it."""
        return reverse("consultation:comment", kwargs={"pk": self.pk})

    @property
    def is_visible(self) -> bool:
        return not (self.is_hidden or self.pending_review)

    @property
    def author_name(self) -> str:
        """The name the debate shows. In a staff consultation, a pseudonym that is stable
        within that consultation and says nothing of who wrote it, to colleagues, managers
        and administrators alike."""
        consultation = self.use_case.consultation
        if consultation is not None and consultation.is_staff_only:
            return staff_pseudonym(user_id=self.author_id, consultation_id=consultation.pk)
        return self.author.public_name


def staff_pseudonym(*, user_id: int, consultation_id: int) -> str:
    """ "Agent 3F9A": keyed on the site's secret, so nobody can recompute it from a user id."""
    digest = salted_hmac(
        "consultation.staff_pseudonym", f"{consultation_id}:{user_id}", algorithm="sha256"
    ).hexdigest()
    return _("Agent %(code)s") % {"code": digest[:6].upper()}


class CommentRevision(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    alignment = models.CharField(max_length=8, choices=Alignment.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"revision of {self.comment_id}"


class CommentVote(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField()  # +1 or -1

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "voter"], name="one_vote_per_comment"),
            models.CheckConstraint(
                condition=models.Q(value__in=[1, -1]), name="comment_vote_is_up_or_down"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value:+d} on {self.comment_id}"


class ReportReason(models.TextChoices):
    INSULT = "insult", _("Insult, harassment or hate")
    SPAM = "spam", _("Spam or advertising")
    PERSONAL_DATA = "personal_data", _("Personal data about someone")
    OFF_TOPIC = "off_topic", _("Off topic")
    MISINFORMATION = "misinformation", _("Deliberately false information")
    OTHER = "other", _("Other")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class Report(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    details = models.CharField(_("details"), max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_person")
        ]

    def __str__(self) -> str:
        return f"report {self.reason} on {self.comment_id}"


class DecisionAction(models.TextChoices):
    HIDE = "hide", _("Hidden")
    KEEP = "keep", _("Kept visible")
    RESTORE = "restore", _("Restored after appeal")
    CONFIRM = "confirm", _("Hiding confirmed after appeal")


class ModerationDecision(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="decisions")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=10, choices=DecisionAction.choices)
    reason = models.CharField(_("public reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.comment_id}"


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("Under review")
    ACCEPTED = "accepted", _("Accepted: comment restored")
    REJECTED = "rejected", _("Rejected: hiding confirmed")


class Appeal(NormalisedTextModel):
    """The author's single appeal against the hiding of a comment."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="appeal")
    text = models.TextField(_("why the decision should change"), max_length=2000)
    status = models.CharField(
        max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING, db_index=True
    )
    response = models.CharField(_("answer to the author"), max_length=500, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"appeal on {self.comment_id}"


class UserBlock(models.Model):
    """A person barred from the debate (commenting, reporting, proposing) by a moderator."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_block"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    until = models.DateTimeField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"block {self.user_id}"


class Decision(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    ADOPTED_WITH_CHANGES = "adopted_with_changes", _("Adopted with changes")
    PILOT = "pilot", _("Pilot")
    REJECTED = "rejected", _("Rejected")


DECISION_TO_STATUS = {
    Decision.ADOPTED: UseCaseStatus.ADOPTED,
    Decision.ADOPTED_WITH_CHANGES: UseCaseStatus.ADOPTED,
    Decision.PILOT: UseCaseStatus.PILOTING,
    Decision.REJECTED: UseCaseStatus.REJECTED,
}


class OfficialAnswer(NormalisedTextModel):
    use_case = models.OneToOneField(
        UseCase, on_delete=models.CASCADE, related_name="official_answer"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_title = models.CharField(_("signed by (name and office)"), max_length=160)
    decision = models.CharField(_("decision"), max_length=24, choices=Decision.choices)
    justification = models.TextField(_("justification"))
    register_slug = models.CharField(
        _("register record of the deployed system"), max_length=120, blank=True
    )
    # Required when the decision departs from the vote's median grade
    # (`policies.answer_departs_from_vote`), shown beside the result.
    departure_justification = models.TextField(
        _("why the decision departs from the vote"), blank=True
    )
    # The median grade the decision was compared with, when it was signed.
    median_grade = models.CharField(_("median grade"), max_length=16, blank=True)
    published_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"answer to {self.use_case_id}"

    @property
    def median_grade_label(self) -> str:
        return Grade(self.median_grade).label if self.median_grade in Grade.values else ""

    @property
    def revised_at(self) -> datetime | None:
        """When the answer was last revised after it was first signed (None if never)."""
        return self.updated_at if self.updated_at > self.published_at else None


class CommitmentStatus(models.TextChoices):
    PENDING = "pending", _("In progress")
    KEPT = "kept", _("Kept")
    ABANDONED = "abandoned", _("Abandoned")


class CommitmentKind(models.TextChoices):
    WRITTEN = "written", _("Written by the elected official")
    # Made by the site when a use case is adopted: kept when its register record is published.
    REGISTER_RECORD = "register_record", _("Register record published before going live")


class Commitment(NormalisedTextModel):
    answer = models.ForeignKey(OfficialAnswer, on_delete=models.CASCADE, related_name="commitments")
    text = models.CharField(_("commitment"), max_length=300)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PENDING,
    )
    done_at = models.DateField(_("done on"), null=True, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=CommitmentKind.choices, default=CommitmentKind.WRITTEN
    )
    # For a REGISTER_RECORD commitment: the record whose publication keeps it.
    register_slug = models.CharField(_("register record"), max_length=120, blank=True)
    # When the owners were told it is overdue (once).
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["answer"],
                condition=models.Q(kind="register_record"),
                name="one_register_commitment_per_answer",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_overdue(self) -> bool:
        return self.status == CommitmentStatus.PENDING and self.deadline < timezone.localdate()


class CommitmentProgress(NormalisedTextModel):
    """A dated progress note on a commitment, with how far along it is (0–100 %)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="progress")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_label = models.CharField(_("by"), max_length=160, blank=True)
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.TextField(_("what was done"), max_length=1000)
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="commitment_progress_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id}: {self.percent} %"


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately, one email per event")
    DAILY = "daily", _("Once a day, in a digest")
    NEVER = "never", _("Never")


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consultation_notification_preference",
    )
    frequency = models.CharField(
        _("email me about answers, replies and moderation"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.IMMEDIATELY,
    )

    def __str__(self) -> str:
        return f"{self.user_id}: {self.frequency}"


class NotificationKind(models.TextChoices):
    ANSWER = "answer", _("Official answer")
    REPLY = "reply", _("Reply to your comment")
    MODERATION = "moderation", _("Moderation of your content")
    PHASE = "phase", _("Consultation phase")
    SYNTHESIS = "synthesis", _("Synthesis of a debate")
    COMMITMENT = "commitment", _("Commitment follow-up")


class Notification(models.Model):
    """An outbox row written in the same transaction as the event: nothing is lost if the
    broker is down; the task only sends what is here (and the beat retries what is left)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=NotificationKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    digest = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class SynthesisStatus(models.TextChoices):
    PENDING = "pending", _("Being drafted")
    DRAFT = "draft", _("Draft awaiting review")
    PUBLISHED = "published", _("Published")
    FAILED = "failed", _("Drafting failed")


class Synthesis(models.Model):
    """A debate's synthesis: drafted by the city's model with every sentence citing comments,
    verified, then edited and signed off by a moderator or an elected official.

    `draft` and `published` hold the same structure (`consultation.synthesis` builds it):
    themes, each with its comments, sentences (text + cited comment ids) per part, coverage.
    Nothing of it is public before `published_at`.
    """

    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="syntheses")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SynthesisStatus.choices,
        default=SynthesisStatus.PENDING,
        db_index=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    model_name = models.CharField(_("model"), max_length=120, blank=True)
    instructions_version = models.CharField(_("instructions version"), max_length=20, blank=True)
    draft = models.JSONField(default=dict, blank=True)
    published = models.JSONField(default=dict, blank=True)
    comment_count = models.PositiveIntegerField(default=0)
    last_comment_id = models.PositiveBigIntegerField(default=0)
    tokens = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewer_title = models.CharField(_("signed by (name and office)"), max_length=160, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("debate synthesis")
        verbose_name_plural = _("debate syntheses")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"synthesis {self.pk} of {self.use_case_id}"

    def get_absolute_url(self) -> str:
        return reverse("consultation:synthesis", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == SynthesisStatus.PUBLISHED and self.published_at is not None


class SynthesisFlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class SynthesisFlag(NormalisedTextModel):
    """ "My view is misrepresented": a resident's flag on one sentence, for the reviewer."""

    synthesis = models.ForeignKey(Synthesis, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sentence = models.CharField(_("sentence"), max_length=40)  # "theme.part.index"
    sentence_text = models.TextField(blank=True)
    details = models.TextField(_("what is misrepresented"), max_length=1000)
    status = models.CharField(
        max_length=10,
        choices=SynthesisFlagStatus.choices,
        default=SynthesisFlagStatus.OPEN,
        db_index=True,
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Who closed it, when, and what they answered (sent to the resident, kept in the trail).
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved on"), null=True, blank=True)
    resolution_note = models.TextField(_("reply to the resident"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["synthesis", "reporter", "sentence"],
                name="one_flag_per_sentence_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"flag on {self.synthesis_id} {self.sentence}"


# --- Paper and counter ballots (assisted channels) -----------------------------------------


class BallotChannel(models.TextChoices):
    """How a grade reached the count: online ballots, or counted paper ballots."""

    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper ballot box")
    COUNTER = "counter", _("Counter")


class PaperBatchStatus(models.TextChoices):
    AWAITING_SECOND = "awaiting_second", _("Awaiting the second entry")
    CONFIRMED = "confirmed", _("Confirmed (counted)")
    MISMATCH = "mismatch", _("Entries differ (not counted)")


class PaperBatch(models.Model):
    """The paper ballots of one ballot box or counter, counted per grade and use case.

    Four-eyes: two different officers enter the same batch independently; it is counted only
    when two entries agree (`confirmed_entry`). Entries that differ leave the batch refused
    until a further officer's entry matches one of them (consultation.services.paper_ballots).
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="paper_batches"
    )
    label = models.CharField(
        _("ballot box or counter"),
        max_length=160,
        help_text=_("For example: Town hall of the 11th arrondissement, box 1."),
    )
    channel = models.CharField(
        _("channel"),
        max_length=10,
        choices=[(c.value, c.label) for c in (BallotChannel.PAPER, BallotChannel.COUNTER)],
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PaperBatchStatus.choices,
        default=PaperBatchStatus.AWAITING_SECOND,
        db_index=True,
    )
    confirmed_entry = models.OneToOneField(
        "PaperBatchEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("paper ballot batch")
        verbose_name_plural = _("paper ballot batches")
        ordering = ["consultation", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "label"], name="consultation_paper_batch_label_unique"
            )
        ]

    def __str__(self) -> str:
        return self.label


class PaperBatchEntry(models.Model):
    """One officer's count of a batch: never changed once entered (a mistake is corrected by
    another officer's entry, which is what four-eyes asks)."""

    batch = models.ForeignKey(PaperBatch, on_delete=models.CASCADE, related_name="entries")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "officer"], name="consultation_paper_entry_one_per_officer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch_id} by {self.officer_id}"


class PaperBatchCount(models.Model):
    """How many ballots of an entry gave `grade` to `use_case` (zeros are not stored)."""

    entry = models.ForeignKey(PaperBatchEntry, on_delete=models.CASCADE, related_name="counts")
    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="+")
    grade = models.CharField(max_length=16, choices=Grade.choices)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "use_case", "grade"], name="consultation_paper_count_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.use_case_id} {self.grade}: {self.count}"


class UseCaseProvenance(models.Model):
    """Where a use case came from when an agent reused a case of the shared library (the
    city's own or a partner city's): kept for good, shown on the use case's page."""

    use_case = models.OneToOneField(UseCase, on_delete=models.CASCADE, related_name="provenance")
    source_city = models.CharField(_("source city"), max_length=200)
    source_title = models.CharField(_("source use case"), max_length=200)
    source_url = models.URLField(_("source link"), max_length=500)
    created_at = models.DateTimeField(_("reused on"), default=timezone.now)

    class Meta:
        verbose_name = _("use case provenance")
        verbose_name_plural = _("use case provenances")

    def __str__(self) -> str:
        return f"{self.source_city}: {self.source_title}"
