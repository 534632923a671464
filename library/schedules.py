from celery.schedules import crontab

BEAT_SCHEDULE = {
    "library-harvest-partners": {
        "task": "library.harvest_all_partners",
        "schedule": crontab(minute=45, hour="*/6"),
    },
    # The copy of the city's own cases follows every change through signals; this nightly
    # pass catches what no signal saw (a register record edited, a bulk update).
    "library-refresh-own-cases": {
        "task": "library.refresh_own_cases",
        "schedule": crontab(minute=20, hour=2),
    },
}
