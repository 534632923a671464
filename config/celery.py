"""The Celery application. Without CELERY_BROKER_URL, tasks run eagerly in-process.

Periodic tasks: each app may ship `<app>/schedules.py` with a `BEAT_SCHEDULE` dict (plain
data, no model imports); they are merged here for `celery -A config beat`.
"""

import os
from importlib import import_module
from importlib.util import find_spec

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

SCHEDULED_APPS = [
    "accounts",
    "register",
    "consultation",
    "observatory",
    "training",
    "inference_bridge",
]

app = Celery("ia_commune")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def merged_beat_schedule() -> dict:
    schedule: dict = {}
    for name in SCHEDULED_APPS:
        if find_spec(f"{name}.schedules") is not None:
            schedule.update(getattr(import_module(f"{name}.schedules"), "BEAT_SCHEDULE", {}))
    return schedule


app.conf.beat_schedule = merged_beat_schedule()
