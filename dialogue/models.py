"""Staff dialogue: bodies, their meetings and minutes, formal opinions, deployment follow-up.

Opinions and agenda items point at register records and use cases by their public ids
(`targets.py`), never by foreign keys: dialogue sits below those apps.

Follow-up surveys are anonymous by construction: an answer (`SurveyAnswer`) holds no person,
no time and a random primary key; who has answered a round (`SurveyParticipation`) is another
table with no link to the answer, kept only to refuse a second answer.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import NormalisedTextModel


class BodyKind(models.TextChoices):
    SOCIAL_COMMITTEE = "cst", _("Territorial social committee (CST)")
    HEALTH_SAFETY = "f3sct", _("Health, safety and working conditions committee (F3SCT)")
    DIGITAL = "digital", _("Digital committee")
    OTHER = "other", _("Other staff body")


class Body(NormalisedTextModel):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=BodyKind.choices)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("staff body")
        verbose_name_plural = _("staff bodies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("dialogue:body", kwargs={"slug": self.slug})


class Membership(models.Model):
    """A staff representative sitting in a body (the role itself is the accounts group)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dialogue_memberships"
    )
    joined_on = models.DateField(_("member since"), default=timezone.localdate)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["body", "user"], name="dialogue_one_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.body_id}"


class Visibility(models.TextChoices):
    STAFF = "staff", _("City staff only")
    PUBLIC = "public", _("Everyone")


class Meeting(NormalisedTextModel):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_visibility = models.CharField(
        _("minutes readable by"), max_length=8, choices=Visibility.choices, default=Visibility.STAFF
    )
    minutes_published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.body} — {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("dialogue:meeting", kwargs={"pk": self.pk})


class AgendaItem(NormalisedTextModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("item"), max_length=200)
    target_kind = models.CharField(_("linked to"), max_length=24, blank=True)
    target_ref = models.CharField(_("public id of the linked record"), max_length=120, blank=True)

    class Meta:
        ordering = ["meeting_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="dialogue_agenda_order")
        ]

    def __str__(self) -> str:
        return self.title


class Stance(models.TextChoices):
    FAVOURABLE = "favourable", _("Favourable")
    RESERVATIONS = "reservations", _("Favourable with reservations")
    UNFAVOURABLE = "unfavourable", _("Unfavourable")


class Opinion(NormalisedTextModel):
    """A body's formal opinion on a register record or a use case; public once filed."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="opinions")
    target_kind = models.CharField(_("on"), max_length=24)
    target_ref = models.CharField(_("public id"), max_length=120)
    stance = models.CharField(_("opinion"), max_length=14, choices=Stance.choices)
    reasons = models.TextField(_("reasons"))
    given_on = models.DateField(_("date of the opinion"))
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="opinions"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("formal opinion")
        verbose_name_plural = _("formal opinions")
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["target_kind", "target_ref"])]

    def __str__(self) -> str:
        return f"{self.body}: {self.get_stance_display()} ({self.target_kind} {self.target_ref})"


class FollowUpSurvey(models.Model):
    """The recurring survey of the staff who use a deployed system (one per register record)."""

    record_ref = models.CharField(_("register record"), max_length=120, unique=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    active = models.BooleanField(_("new rounds every quarter"), default=True)

    class Meta:
        verbose_name = _("follow-up survey")
        verbose_name_plural = _("follow-up surveys")
        ordering = ["record_ref"]

    def __str__(self) -> str:
        return self.record_ref


class SurveyRound(models.Model):
    survey = models.ForeignKey(FollowUpSurvey, on_delete=models.CASCADE, related_name="rounds")
    period = models.CharField(_("period"), max_length=12)  # "2026-Q4"
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["survey_id", "-opens_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "period"], name="dialogue_one_round_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey.record_ref} {self.period}"

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on


LIKERT = [(n, str(n)) for n in range(1, 6)]
_likert = [MinValueValidator(1), MaxValueValidator(5)]


class SurveyAnswer(models.Model):
    """One anonymous answer: no person, no timestamp, a random key (no order to match)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="answers")
    workload = models.PositiveSmallIntegerField(choices=LIKERT, validators=_likert)
    meaning = models.PositiveSmallIntegerField(choices=LIKERT, validators=_likert)
    training = models.PositiveSmallIntegerField(choices=LIKERT, validators=_likert)
    incidents = models.PositiveSmallIntegerField(choices=LIKERT, validators=_likert)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"answer to round {self.round_id}"


class SurveyParticipation(models.Model):
    """ "This person has answered this round": refuses a second answer, says nothing of the first."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dialogue_survey_rounds"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="dialogue_one_answer_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} answered {self.round_id}"


class AuditAction(models.TextChoices):
    """What dialogue writes to the audit trail; values never change once used."""

    BODY_CREATE = "dialogue.body.create"
    MEMBER_ADD = "dialogue.member.add"
    MEETING_CREATE = "dialogue.meeting.create"
    MINUTES_PUBLISH = "dialogue.minutes.publish"
    OPINION_FILE = "dialogue.opinion.file"
    SURVEY_START = "dialogue.survey.start"
    ROUND_OPEN = "dialogue.round.open"
