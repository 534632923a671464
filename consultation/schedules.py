"""Periodic tasks of the consultation app (merged by config/celery.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "consultation-phases-advance": {
        "task": "consultation.phases_advance",
        "schedule": 60.0,
    },
    "consultation-notifications-retry": {
        "task": "consultation.notifications_retry",
        "schedule": 300.0,
    },
    "consultation-notifications-digest": {
        "task": "consultation.notifications_digest",
        "schedule": crontab(hour=7, minute=0),
    },
    "consultation-commitments-overdue": {
        "task": "consultation.commitments_overdue",
        "schedule": crontab(hour=8, minute=20),
    },
}
