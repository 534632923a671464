from celery.schedules import crontab

BEAT_SCHEDULE = {
    "workspace-purge-expired-documents": {
        "task": "workspace.documents_purge_expired",
        "schedule": crontab(minute=45, hour=3),
    },
    # Every golden set on every configured model, weekly (docs/workspace.md).
    "workspace-evaluate-weekly": {
        "task": "workspace.evaluate_all",
        "schedule": crontab(minute=0, hour=4, day_of_week=1),
    },
}
