from django.apps import AppConfig

from core.composition import Contributions


class CoreConfig(Contributions, AppConfig):
    """The floor every app stands on: it imports no app of ours."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Core"

    # The outbox's retries run for every app (core/outbox.py).
    beat_schedule = "core.schedules.BEAT_SCHEDULE"

    def ready(self) -> None:
        # Celery's autodiscovery imports `core.tasks` (the queueing helpers); the outbox's own
        # tasks live beside the outbox and are registered here.
        from core import checks, outbox_tasks  # noqa: F401
