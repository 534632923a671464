"""Celery tasks of staff dialogue: they call services and hold no rule."""

from celery import shared_task


@shared_task(name="dialogue.open_survey_rounds")
def open_survey_rounds() -> int:
    from dialogue.services import survey_rounds_open_due

    return survey_rounds_open_due()
