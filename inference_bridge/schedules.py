"""Periodic tasks (plain data, read by config/celery.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "inference-bridge-health-checks": {
        "task": "inference_bridge.tasks.nodes_health_check",
        "schedule": 30.0,
    },
    "inference-bridge-purge-shared-conversations": {
        "task": "inference_bridge.tasks.shared_conversations_purge",
        "schedule": crontab(hour=3, minute=15),
    },
}
