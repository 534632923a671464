"""Measured results shown on a record: written by the part of the site that runs the tests.

The workspace calls `system_evaluation_record()` after each evaluation of an assistant's golden
set; the register stores the figures and shows the latest per model on the public record and in
its exports. An automated measurement, not an edit of the record: no new version, no audit row.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from register.models import AISystem, SystemEvaluation


def system_evaluation_record(
    *,
    system_uuid,
    label: str,
    model_alias: str,
    score: float,
    passed: int,
    total: int,
    evaluated_at: datetime.datetime,
    method: str,
) -> SystemEvaluation | None:
    """Store (or, the same day, replace) a result; None when the record does not exist."""
    if not (0 <= score <= 100) or passed < 0 or total < 0 or passed > total:
        raise InvalidInput(_("An evaluation needs 0 ≤ score ≤ 100 and 0 ≤ passed ≤ total."))
    system = AISystem.objects.filter(uuid=system_uuid, remote__isnull=True).first()
    if system is None:
        return None
    evaluation, _created = SystemEvaluation.objects.update_or_create(
        system=system,
        label=label[:200],
        model_alias=model_alias[:120],
        day=timezone.localdate(evaluated_at),
        defaults={
            "score": round(float(score), 1),
            "passed": passed,
            "total": total,
            "evaluated_at": evaluated_at,
            "method": method[:120],
        },
    )
    return evaluation
