"""Celery tasks of the workspace (they call services and hold no rule)."""

from celery import shared_task


@shared_task(name="workspace.evaluate_all")
def evaluate_all() -> int:
    """The weekly evaluation: every live assistant's golden set on every configured model."""
    from workspace.evaluation.services import evaluations_run

    return len(evaluations_run())
