"""Reads the workspace shares with other apps (the observatory reads only this module)."""

from __future__ import annotations

from django.db.models import Count, Q

from workspace.models import Assistant, Rating, Run, RunStatus

# --- Assistants and runs -------------------------------------------------------------------


def assistant_indicators() -> dict:
    """Per live assistant: finished runs, rated runs, and the share of outputs used as is."""
    rows = (
        Assistant.objects.filter(live=True)
        .annotate(
            runs_done=Count("runs", filter=Q(runs__status=RunStatus.DONE)),
            rated=Count("runs", filter=~Q(runs__rating="")),
            used=Count("runs", filter=Q(runs__rating=Rating.USED)),
            edited=Count("runs", filter=Q(runs__rating=Rating.EDITED)),
            discarded=Count("runs", filter=Q(runs__rating=Rating.DISCARDED)),
        )
        .order_by("order", "name")
        .values("slug", "name", "runs_done", "rated", "used", "edited", "discarded")
    )
    assistants = [
        {**row, "used_share": round(row["used"] / row["rated"], 3) if row["rated"] else None}
        for row in rows
    ]
    return {"assistants": assistants, "runs": Run.objects.count()}
