from celery.schedules import crontab

BEAT_SCHEDULE = {
    "workspace-purge-expired-documents": {
        "task": "workspace.documents_purge_expired",
        "schedule": crontab(minute=45, hour=3),
    },
}
