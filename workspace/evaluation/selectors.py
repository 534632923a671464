"""Reads of the evaluation pages: latest score per assistant and model, history, one case."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from workspace.models import Assistant, Evaluation

from .charts import score_history_svg

# Below LOW the model is not fit for the task; from GOOD on it does it well (docs/workspace.md).
LOW, GOOD = 50.0, 80.0
HISTORY_LIMIT = 500  # evaluations read for the history (the latest ones)


def score_band(score: float) -> tuple[str, str]:
    """(css modifier, words) for a score: colour never carries the meaning alone."""
    if score >= GOOD:
        return "good", _("good")
    if score >= LOW:
        return "fair", _("fair: review every output closely")
    return "low", _("low: not fit for this task")


@dataclass
class AssistantEvaluations:
    assistant: Assistant
    latest: list[Evaluation] = field(default_factory=list)  # one per model alias, best first
    labels: list[str] = field(default_factory=list)  # history: days
    series: list[tuple[str, list[float | None]]] = field(default_factory=list)
    svg: str = ""

    @property
    def table_rows(self) -> list[list]:
        return [
            [label, *[values[i] for _name, values in self.series]]
            for i, label in enumerate(self.labels)
        ]


def evaluations_overview() -> list[AssistantEvaluations]:
    """Every live assistant with its latest evaluation per model and its score history.

    Two queries whatever the number of evaluations (per-case details are not read)."""
    assistants = list(Assistant.objects.filter(live=True).order_by("order", "name"))
    rows = {a.pk: AssistantEvaluations(assistant=a) for a in assistants}
    evaluations = list(
        Evaluation.objects.filter(assistant__in=assistants)
        .defer("details")
        .order_by("-evaluated_at")[:HISTORY_LIMIT]
    )
    history: dict[int, dict[str, dict]] = {}
    for e in evaluations:
        row = rows[e.assistant_id]
        if e.model_alias not in {x.model_alias for x in row.latest}:
            e.band, e.band_label = score_band(e.score)
            row.latest.append(e)
        # The history keeps each day's latest result per model (any assistant version).
        history.setdefault(e.assistant_id, {}).setdefault(e.model_alias, {}).setdefault(
            e.day, e.score
        )
    for pk, row in rows.items():
        row.latest.sort(key=lambda e: (-e.score, e.model_alias))
        by_model = history.get(pk, {})
        days = sorted({d for scores in by_model.values() for d in scores})
        row.labels = [date_format(d, "SHORT_DATE_FORMAT") for d in days]
        row.series = [(alias, [by_model[alias].get(d) for d in days]) for alias in sorted(by_model)]
        row.svg = score_history_svg(
            title=_("Score of “%(assistant)s” over time, per model (out of 100)")
            % {"assistant": row.assistant.name},
            labels=row.labels,
            series=row.series,
        )
    return [rows[a.pk] for a in assistants]


def evaluation_get(*, pk: int) -> Evaluation | None:
    return Evaluation.objects.select_related("assistant").filter(pk=pk).first()


def evaluation_case(*, evaluation: Evaluation, key: str) -> dict | None:
    return next((d for d in evaluation.details if d.get("key") == key), None)
