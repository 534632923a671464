"""Golden cases and evaluations: how well the configured models do each assistant's task.

A `GoldenCase` is an input (text and/or a small document fixture) with checks on the output;
the cases are written as data files (workspace/golden/<assistant-slug>.yaml) and loaded into
the database by the demo seed and `manage.py workspace_evaluate`. An `Evaluation` is one run of
an assistant's golden set on one model alias, one per assistant × assistant version × model
alias × day (a second run the same day replaces the first).
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["Evaluation", "GoldenCase"]

# How the score is computed; stored with every evaluation and in the register record.
EVALUATION_METHOD = "golden-set/1"


class GoldenCase(models.Model):
    assistant = models.ForeignKey(
        "workspace.Assistant", on_delete=models.CASCADE, related_name="golden_cases"
    )
    key = models.SlugField(_("key"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    input_text = models.TextField(_("input text"), blank=True)
    # A small document fixture: [{"label": "p. 1", "text": "…"}, …], given as numbered sources.
    document = models.JSONField(_("document pages"), default=list, blank=True)
    document_title = models.CharField(_("document title"), max_length=200, blank=True)
    request = models.TextField(_("request or question"), blank=True)
    options = models.JSONField(_("options"), default=dict, blank=True)
    checks = models.JSONField(_("checks"), default=list)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("golden case")
        verbose_name_plural = _("golden cases")
        ordering = ["assistant_id", "position", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["assistant", "key"], name="workspace_golden_case_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assistant_id}/{self.key}"


class Evaluation(models.Model):
    assistant = models.ForeignKey(
        "workspace.Assistant", on_delete=models.CASCADE, related_name="evaluations"
    )
    assistant_version = models.PositiveIntegerField(_("assistant version"))
    model_alias = models.CharField(_("model alias"), max_length=120)
    model_name = models.CharField(_("model"), max_length=200, blank=True)
    day = models.DateField(_("day"), default=timezone.localdate)
    evaluated_at = models.DateTimeField(_("evaluated"), default=timezone.now)
    method = models.CharField(_("method"), max_length=40, default=EVALUATION_METHOD)
    # Mean, over the cases, of the share of each case's checks that pass (0–100).
    score = models.FloatField(_("score"))
    passed = models.PositiveIntegerField(_("cases passed"))
    total = models.PositiveIntegerField(_("cases"))
    checks_passed = models.PositiveIntegerField(_("checks passed"), default=0)
    checks_total = models.PositiveIntegerField(_("checks"), default=0)
    prompt_tokens = models.PositiveIntegerField(_("prompt tokens"), default=0)
    completion_tokens = models.PositiveIntegerField(_("completion tokens"), default=0)
    duration_ms = models.PositiveIntegerField(_("generation time (ms)"), default=0)
    energy_wh = models.FloatField(_("energy (Wh)"), default=0.0)
    # One entry per case: key, title, input, output, checks [{kind, passed, observed}], usage.
    details = models.JSONField(_("per-case details"), default=list)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-evaluated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assistant", "assistant_version", "model_alias", "day"],
                name="workspace_evaluation_one_per_day",
            )
        ]
        indexes = [models.Index(fields=["assistant", "model_alias", "-evaluated_at"])]

    def __str__(self) -> str:
        return f"{self.assistant_id} v{self.assistant_version} {self.model_alias} {self.day}"

    def get_absolute_url(self) -> str:
        return reverse("workspace:evaluation_detail", args=[self.pk])
