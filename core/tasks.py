"""Queue a Celery task by its registered name, once the current transaction commits.

Services queue work and tasks call services: were services to import their app's `tasks`
module, the two would import each other. A service names the task instead, and Celery's
registry finds it when it is sent ("Celery is just another interface").
"""

import logging

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)


def task_send(name: str, *args) -> bool:
    """Send the task registered as `name` now; False when the broker cannot take it.

    A broker outage is logged, never raised: what the task would do is kept by the caller
    (an outbox row, a timeline event) and done again by a beat task.
    """
    try:
        current_app.tasks[name].apply_async(args=args, retry=False)
    except Exception:  # noqa: BLE001 - any broker failure means "not queued"
        logger.warning("Broker unavailable: task %s not queued", name)
        return False
    return True


def task_send_on_commit(name: str, *args) -> None:
    """Send the task after the current transaction commits (never for rolled-back data)."""
    transaction.on_commit(lambda: task_send(name, *args))
