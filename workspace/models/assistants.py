"""Assistants (data, not code: instructions, input kind, task kind, parameters) and their runs.

An assistant is a Wagtail snippet with revisions and draft/publish: what agents use is its
published (live) version; every publish raises `version` and keeps the assistant's register
record in step (workspace.assistants.register_sync). A run keeps the assistant's version, the
model that wrote, the AI's original output (never overwritten), the agent's edit and rating.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, RevisionMixin

from core.text import text_fields_normalise

__all__ = ["Assistant", "InputKind", "OutputForm", "Rating", "Run", "RunStatus", "TaskKind"]


class InputKind(models.TextChoices):
    TEXT = "text", _("Text")
    DOCUMENT = "document", _("One document")
    COLLECTION = "collection", _("A collection")


class OutputForm(models.TextChoices):
    PROSE = "prose", _("Prose")
    TABLE = "table", _("Table")


class TaskKind(models.TextChoices):
    """Selects the pipeline (workspace/assistants/pipelines.py)."""

    SUMMARY = "summary", _("Summary")
    PLAIN_LANGUAGE = "plain_language", _("Plain language (FALC)")
    TRANSLATE = "translate", _("Translation French ↔ English")
    REPLY = "reply", _("Reply draft")
    EXTRACT = "extract", _("Extraction into a table")
    QA = "qa", _("Questions over a collection")


class Assistant(DraftStateMixin, RevisionMixin, models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    purpose = models.TextField(_("purpose"), help_text=_("What it is for, in one or two lines."))
    instructions = models.TextField(
        _("instructions"), help_text=_("The system prompt the model receives.")
    )
    input_kind = models.CharField(
        _("input kind"), max_length=20, choices=InputKind.choices, default=InputKind.TEXT
    )
    output_form = models.CharField(
        _("output form"), max_length=20, choices=OutputForm.choices, default=OutputForm.PROSE
    )
    task_kind = models.CharField(_("task kind"), max_length=20, choices=TaskKind.choices)
    temperature = models.FloatField(
        _("temperature"),
        default=0.2,
        validators=[MinValueValidator(0.0), MaxValueValidator(2.0)],
    )
    max_tokens = models.PositiveIntegerField(
        _("maximum tokens"),
        default=256,
        validators=[MinValueValidator(16), MaxValueValidator(4096)],
    )
    model_alias = models.CharField(
        _("model alias"),
        max_length=100,
        blank=True,
        help_text=_("Empty: the city's default model."),
    )
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    data_processed = models.TextField(
        _("data processed"),
        blank=True,
        help_text=_("What the agents give it (shown in the register record)."),
    )
    register_uuid = models.UUIDField(
        _("register record"), null=True, blank=True, editable=False, unique=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="assistant")

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("slug"), FieldPanel("purpose")], heading=_("Identity")
        ),
        MultiFieldPanel(
            [
                FieldPanel("task_kind"),
                FieldPanel("input_kind"),
                FieldPanel("output_form"),
                FieldPanel("instructions"),
            ],
            heading=_("Task"),
        ),
        MultiFieldPanel(
            [FieldPanel("model_alias"), FieldPanel("temperature"), FieldPanel("max_tokens")],
            heading=_("Model"),
        ),
        FieldPanel("data_processed"),
        FieldPanel("order"),
    ]

    class Meta:
        verbose_name = _("assistant")
        verbose_name_plural = _("assistants")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        text_fields_normalise(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("workspace:assistant", args=[self.slug])

    @property
    def revisions(self):
        return self._revisions

    @property
    def effective_model_alias(self) -> str:
        return self.model_alias or settings.INFERENCE_DEFAULT_MODEL


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", pgettext_lazy("assistant run status", "Done")
    FAILED = "failed", pgettext_lazy("assistant run status", "Failed")
    CANCELLED = "cancelled", _("Cancelled")


class Rating(models.TextChoices):
    USED = "used", _("Used as is")
    EDITED = "edited", _("Edited")
    DISCARDED = "discarded", _("Discarded")


class Run(models.Model):
    """One use of an assistant. `output` is the AI's text (kept); `edited_output` the agent's."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assistant = models.ForeignKey(
        Assistant, on_delete=models.PROTECT, related_name="runs", verbose_name=_("assistant")
    )
    assistant_version = models.PositiveIntegerField(_("assistant version"))
    task_kind = models.CharField(_("task kind"), max_length=20, choices=TaskKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workspace_runs"
    )
    department = models.CharField(_("department"), max_length=200, blank=True)
    input_text = models.TextField(_("input"), blank=True)
    document = models.ForeignKey(
        "workspace.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="runs",
        verbose_name=_("document"),
    )
    collection = models.ForeignKey(
        "workspace.Collection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="runs",
        verbose_name=_("collection"),
    )
    options = models.JSONField(default=dict, blank=True)  # e.g. {"direction": "fr-en"}
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.PENDING
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    model_alias = models.CharField(_("model"), max_length=100)
    model_name = models.CharField(_("model name"), max_length=200, blank=True)
    output = models.TextField(_("AI output"), blank=True)
    # Structured result: parts (with their citations), table rows, readability, dropped.
    result = models.JSONField(default=dict, blank=True)
    dropped_count = models.PositiveIntegerField(_("sentences dropped"), default=0)
    usage = models.JSONField(default=dict, blank=True)  # tokens, energy_wh, co2_g, duration_ms
    error = models.CharField(_("error"), max_length=500, blank=True)
    edited_output = models.TextField(_("edited output"), blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices, blank=True)
    rating_comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("run")
        verbose_name_plural = _("runs")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["assistant", "rating"]),
        ]

    def __str__(self) -> str:
        return f"{self.assistant_id} #{self.pk}"

    def save(self, *args, **kwargs):
        text_fields_normalise(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("workspace:run", args=[self.uuid])

    @property
    def final_text(self) -> str:
        """What the agent keeps: their edit when there is one, else the AI's output."""
        return self.edited_output or self.output

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED, RunStatus.CANCELLED)

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 100 if self.is_finished else 0
        return min(100, round(100 * self.progress_done / self.progress_total))
