"""The Celery application. Without CELERY_BROKER_URL, tasks run eagerly in-process.

Periodic tasks: each app declares its beat entries on its AppConfig (`beat_schedule`, a dotted
path to plain data: no model imports); they are merged here for `celery -A config beat` once the
app is finalised, which happens after Django is set up (Celery's Django fixup does it first).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("ia_commune")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def install_beat_schedule(sender: Celery, **kwargs) -> None:
    """Read the apps' declarations only now: the app registry is not ready at import time."""
    from core.composition import beat_schedule

    sender.conf.beat_schedule = beat_schedule()
