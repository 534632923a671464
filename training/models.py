"""Courses (Wagtail pages) and learners' records.

Learner records point at pages through their `translation_key`, shared by a page and its
translations: a learner who switches from French to English keeps their progress, and
deleting a page never cascades into certificates already issued.
"""

import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from core.models import BasePage
from training.blocks import LessonBodyBlock, QuestionBlock, quiz_unsupported_passages

# --- What pages show -----------------------------------------------------------------------------
# Pages hold data and invariants. What they show beyond their own fields (catalogue, outline,
# progress, quiz) is gathered by the view layer, training/pages.py: it imports these models and
# registers its functions here when the app is ready (TrainingConfig.ready), the way admin
# modules register with the admin site. The models never import it, the selectors or the
# services back, so the app has no import cycle. Serving a page writes nothing (see pages.py).
_PAGE_CONTEXTS: dict[str, Callable] = {}


def page_context_register(name: str) -> Callable[[Callable], Callable]:
    def decorator(func: Callable) -> Callable:
        _PAGE_CONTEXTS[name] = func
        return func

    return decorator


def page_context(name: str) -> Callable:
    try:
        return _PAGE_CONTEXTS[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"No training page context {name!r}: training.pages is imported when the app is ready."
        ) from None


class Track(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    STAFF = "staff", _("City staff")


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


DURATION_BUCKETS = [
    ("short", _("Less than 1 hour"), 0, 59),
    ("medium", _("1 to 3 hours"), 60, 180),
    ("long", _("More than 3 hours"), 181, 100_000),
]


class TrainingIndexPage(BasePage):
    """The catalogue at /training/."""

    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]

    subpage_types = ["training.CoursePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("training index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_context("index")(request, self))
        context["crumbs"] = [(self.title, "")]
        return context


class CoursePage(BasePage):
    track = models.CharField(_("track"), max_length=16, choices=Track.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    estimated_minutes = models.PositiveIntegerField(_("estimated time (minutes)"), default=60)
    objectives = RichTextField(_("objectives"), features=["bold", "italic", "ul", "link"])
    audience = models.TextField(_("audience"))
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    certificate_enabled = models.BooleanField(_("issues a certificate"), default=True)
    certificate_rule = models.TextField(
        _("certificate rule"),
        blank=True,
        help_text=_(
            "Shown to learners. The rule applied is: every required lesson completed and every "
            "quiz of these lessons passed."
        ),
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("track"),
                FieldPanel("level"),
                FieldPanel("estimated_minutes"),
            ],
            heading=_("Catalogue"),
        ),
        FieldPanel("objectives"),
        FieldPanel("audience"),
        FieldPanel("prerequisites"),
        MultiFieldPanel(
            [FieldPanel("certificate_enabled"), FieldPanel("certificate_rule")],
            heading=_("Certificate"),
        ),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("objectives")]

    parent_page_types = ["training.TrainingIndexPage"]
    subpage_types = ["training.ModulePage"]

    class Meta:
        verbose_name = _("course")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_context("course")(request, self))
        index = self.get_parent()
        context["crumbs"] = [(index.title, index.url), (self.title, "")]
        return context


class ModulePage(BasePage):
    parent_page_types = ["training.CoursePage"]
    subpage_types = ["training.LessonPage"]

    class Meta:
        verbose_name = _("module")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = self.get_parent().specific
        context["course"] = course
        context.update(page_context("module")(request, self, course))
        index = course.get_parent()
        context["crumbs"] = [(index.title, index.url), (course.title, course.url), (self.title, "")]
        return context


class LessonPage(BasePage):
    estimated_minutes = models.PositiveIntegerField(_("estimated time (minutes)"), default=10)
    required = models.BooleanField(
        _("required for the certificate"),
        default=True,
    )
    is_plain_language = models.BooleanField(
        _("plain-language (FALC) version"),
        default=False,
        help_text=_(
            "A FALC version of another lesson: not listed in the course outline; completing it "
            "completes the lesson it simplifies."
        ),
    )
    plain_language_version = models.ForeignKey(
        "training.LessonPage",
        verbose_name=_("plain-language (FALC) version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="standard_versions",
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"))
    quiz = StreamField(
        [("question", QuestionBlock())], verbose_name=_("quiz"), blank=True, default=list
    )
    quiz_pass_threshold = models.PositiveSmallIntegerField(
        _("pass threshold (%)"), default=70, help_text=_("Score needed to pass the quiz.")
    )
    quiz_max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=3, help_text=_("0 means unlimited.")
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("estimated_minutes"),
                FieldPanel("required"),
                FieldPanel("is_plain_language"),
                FieldPanel("plain_language_version"),
            ],
            heading=_("Lesson"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("quiz"),
                FieldPanel("quiz_pass_threshold"),
                FieldPanel("quiz_max_attempts"),
            ],
            heading=_("Quiz"),
        ),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    parent_page_types = ["training.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")

    @property
    def has_quiz(self) -> bool:
        return len(self.quiz) > 0

    def clean(self):
        super().clean()
        missing = quiz_unsupported_passages(quiz=self.quiz, body=self.body)
        if missing:
            raise ValidationError(
                {
                    "quiz": [
                        _(
                            "Question %(n)s: the lesson does not contain “%(passage)s” word for "
                            "word. Copy the passage from the lesson, or put the answer back in it."
                        )
                        % {"n": number, "passage": passage}
                        for number, passage in missing
                    ]
                }
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_context("lesson")(request, self))
        return context


# --- learners -------------------------------------------------------------------------


class Enrollment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="training_enrollments",
    )
    course_key = models.UUIDField(_("course"), db_index=True)
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    last_lesson_key = models.UUIDField(_("last lesson visited"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course_key"], name="training_one_enrollment")
        ]
        permissions = [
            ("view_training_statistics", _("Can see aggregated training statistics")),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.course_key}"


class CompletionSource(models.TextChoices):
    END_REACHED = "end", _("End of lesson reached")
    QUIZ_PASSED = "quiz", _("Quiz passed")


class LessonCompletion(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="training_completions",
    )
    lesson_key = models.UUIDField(_("lesson"))
    course_key = models.UUIDField(_("course"), db_index=True)
    module_key = models.UUIDField(_("module"))
    source = models.CharField(_("how"), max_length=8, choices=CompletionSource.choices)
    completed_at = models.DateTimeField(_("completed at"))

    class Meta:
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson_key"], name="training_one_completion")
        ]
        indexes = [models.Index(fields=["user", "course_key"])]

    def __str__(self) -> str:
        return f"{self.user_id} ✓ {self.lesson_key}"


class QuizAttempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="training_quiz_attempts",
    )
    lesson_key = models.UUIDField(_("lesson"))
    course_key = models.UUIDField(_("course"))
    answers = models.JSONField(_("answers"), default=dict)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2)
    passed = models.BooleanField(_("passed"))
    created_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        indexes = [models.Index(fields=["user", "lesson_key"])]
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.lesson_key} {self.score}%"


def new_certificate_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud without doubt
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Certificate(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True, default=new_certificate_code)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_certificates",
    )
    course_key = models.UUIDField(_("course"), db_index=True)
    course_title = models.CharField(_("course title"), max_length=255)
    learner_name = models.CharField(_("learner's name"), max_length=120, blank=True)
    language = models.CharField(_("language"), max_length=8, default="fr")
    issued_at = models.DateTimeField(_("issued at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    name_erased = models.BooleanField(_("name erased at the holder's request"), default=False)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course_key"],
                condition=models.Q(revoked_at__isnull=True, user__isnull=False),
                name="training_one_valid_certificate",
            )
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("training:certificate_verify", kwargs={"code": self.code})

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


# --- workshops ------------------------------------------------------------------------


class WorkshopSession(models.Model):
    """A course followed on paper with a facilitator (a library, a community centre).

    The facilitator records who attended; completing the attendance issues each attendee the
    same `Certificate` as an online learner, held by name (no account needed).
    """

    course_key = models.UUIDField(_("course"), db_index=True)
    course_title = models.CharField(_("course title"), max_length=255)
    language = models.CharField(_("language"), max_length=8, default="fr")
    held_on = models.DateField(_("date of the session"))
    place = models.CharField(_("place"), max_length=200)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="training_workshops",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("attendance completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("workshop session")
        verbose_name_plural = _("workshop sessions")
        ordering = ["-held_on", "-id"]
        permissions = [
            ("record_workshop", _("Can record workshop sessions and their attendance")),
        ]

    def __str__(self) -> str:
        return f"{self.course_title} — {self.place} ({self.held_on})"

    def get_absolute_url(self) -> str:
        return reverse("training:workshop_detail", kwargs={"pk": self.pk})

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


def attendee_name_key(name: str) -> str:
    """What makes two names "the same" in one session: case and spacing do not count."""
    return " ".join(name.split()).casefold()


class WorkshopAttendee(models.Model):
    session = models.ForeignKey(WorkshopSession, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("name"), max_length=120)
    # attendee_name_key(name): the database refuses the same person twice in a session.
    name_key = models.CharField(max_length=120, editable=False)
    email = models.EmailField(_("email"), blank=True)
    certificate = models.OneToOneField(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendance",
    )

    class Meta:
        verbose_name = _("workshop attendee")
        verbose_name_plural = _("workshop attendees")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "name_key"], name="training_one_attendee_name_per_session"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.name:  # an erased attendee keeps its placeholder key
            self.name_key = attendee_name_key(self.name)
        super().save(*args, **kwargs)


class AuditAction(models.TextChoices):
    """What training writes to the audit trail (stored values never change)."""

    CERTIFICATE_ISSUED = "training.certificate_issued"
    CERTIFICATE_REVOKED = "training.certificate_revoked"
    WORKSHOP_RECORDED = "training.workshop_recorded"
    WORKSHOP_COMPLETED = "training.workshop_completed"
    BADGE_KEY_CREATED = "training.badge_key_created"
    BADGE_KEY_RETIRED = "training.badge_key_retired"
    BADGE_KEY_WITHDRAWN = "training.badge_key_withdrawn"


# --- Open Badges (training/open_badges.py) ---------------------------------------------------


class BadgeKeyState(models.TextChoices):
    # Signs new credentials; one at a time.
    ACTIVE = "active", pgettext_lazy("badge signing key", "Active")
    # Signs nothing any more but stays published, so the credentials it signed still verify.
    RETIRED = "retired", pgettext_lazy("badge signing key", "Retired")
    # Compromised: no longer published, so nothing it signed verifies any more.
    WITHDRAWN = "withdrawn", _("Withdrawn")


class BadgeSigningKey(models.Model):
    """A public key the city publishes for its Open Badges; the private half is a file.

    The private key never enters the database (which backups and replicas copy widely): it lives
    in TRAINING_BADGE_KEY_DIR, named after the key id.
    """

    kid = models.CharField(_("key id"), max_length=64, unique=True)
    public_jwk = models.JSONField(_("public key (JWK)"))
    state = models.CharField(
        _("state"), max_length=10, choices=BadgeKeyState.choices, default=BadgeKeyState.ACTIVE
    )
    created_at = models.DateTimeField(_("created at"))
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("badge signing key")
        verbose_name_plural = _("badge signing keys")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["state"],
                condition=models.Q(state="active"),
                name="training_one_active_badge_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kid} ({self.state})"


class OpenBadge(models.Model):
    """The signed Open Badges 3.0 credential of a certificate, and its place in the status list.

    Signed once, when issued: later downloads hand out the same credential, signed by the key
    that was active then (a retired key keeps verifying it). Revocation never touches it: the
    certificate's revocation sets its bit in the published status list.
    """

    certificate = models.OneToOneField(
        Certificate, on_delete=models.PROTECT, related_name="open_badge"
    )
    signing_key = models.ForeignKey(BadgeSigningKey, on_delete=models.PROTECT, related_name="+")
    status_list = models.PositiveIntegerField(_("status list"), default=1)
    status_index = models.PositiveIntegerField(_("index in the status list"))
    # Empty once the holder's name was erased (GDPR): the holder kept their copy.
    token = models.TextField(_("signed credential (JWT)"), blank=True)
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        verbose_name = _("Open Badge")
        verbose_name_plural = _("Open Badges")
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="training_one_badge_per_status_bit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} @ {self.status_list}/{self.status_index}"
