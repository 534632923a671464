"""Queue a Celery task by its registered name, once the current transaction commits.

Services queue work and tasks call services: were services to import their app's `tasks`
module, the two would import each other. A service names the task instead, and Celery's
registry finds it when it is sent ("Celery is just another interface").

Without a broker (the embedded default of `make run`), Celery runs tasks eagerly. In the web
server's process (`config/asgi.py` and `config/wsgi.py` call `tasks_in_background_allow()`) they
then run in a background thread (`TASKS_EAGER_IN_THREAD`), as a worker would: the page that
asked for a translation, a synthesis or an extraction answers at once with its placeholder or
progress bar instead of waiting for the model. Elsewhere (management commands such as
`seed_demo`, whose process would exit before its threads end; tests) they run inline.
"""

import logging
import threading

from celery import current_app
from django.conf import settings
from django.db import connections, transaction

logger = logging.getLogger(__name__)

_background_allowed = False


def tasks_in_background_allow() -> None:
    """Called by the web server's entry point: this process lives on after a request."""
    global _background_allowed
    _background_allowed = True


def task_send(name: str, *args) -> bool:
    """Send the task registered as `name` now; False when the broker cannot take it.

    A broker outage is logged, never raised: what the task would do is kept by the caller
    (an outbox row, a timeline event) and done again by a beat task.
    """
    task = current_app.tasks[name]
    if (
        current_app.conf.task_always_eager
        and settings.TASKS_EAGER_IN_THREAD
        and _background_allowed
    ):
        threading.Thread(
            target=_run_in_thread, args=(task, args), name=f"task {name}", daemon=True
        ).start()
        return True
    try:
        task.apply_async(args=args, retry=False)
    except Exception:  # noqa: BLE001 - any broker failure means "not queued"
        logger.warning("Broker unavailable: task %s not queued", name)
        return False
    return True


def task_send_on_commit(name: str, *args) -> None:
    """Send the task after the current transaction commits (never for rolled-back data)."""
    transaction.on_commit(lambda: task_send(name, *args))


def _run_in_thread(task, args) -> None:
    try:
        task.apply(args=args, throw=True)
    except Exception:  # noqa: BLE001 - a worker logs a failed task and goes on; so does this thread
        logger.exception("Task %s failed", task.name)
    finally:
        connections.close_all()  # the thread's own connections, never reused
