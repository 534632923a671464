"""Periodic tasks of core (merged by config/celery.py): the outbox's retries."""

BEAT_SCHEDULE = {
    "core-outbox-retry": {
        "task": "core.outbox_retry",
        "schedule": 60.0,
    },
}
