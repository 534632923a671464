from celery.schedules import crontab

BEAT_SCHEDULE = {
    "observatory-indicators-refresh": {
        "task": "observatory.indicators_refresh",
        "schedule": 600.0,
    },
    # Weekly, Monday 03:30: a new release only where the content changed.
    "observatory-datasets-release": {
        "task": "observatory.datasets_release",
        "schedule": crontab(hour=3, minute=30, day_of_week=1),
    },
    "observatory-data-access-expire": {
        "task": "observatory.data_access_expire",
        "schedule": crontab(hour=2, minute=15),
    },
}
