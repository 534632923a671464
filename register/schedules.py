from celery.schedules import crontab

BEAT_SCHEDULE = {
    "register-harvest-partners": {
        "task": "register.harvest_all_partners",
        "schedule": crontab(minute=15, hour="*/6"),
    },
    "register-remind-overdue-recourse": {
        "task": "register.remind_overdue_recourse",
        "schedule": crontab(minute=0, hour=8),
    },
    "register-remind-overdue-reviews": {
        "task": "register.remind_overdue_reviews",
        "schedule": crontab(minute=10, hour=8),
    },
    "register-remind-overdue-evaluations": {
        "task": "register.remind_overdue_evaluations",
        "schedule": crontab(minute=20, hour=8),
    },
    "register-purge-recourse-personal-data": {
        "task": "register.purge_recourse_personal_data",
        "schedule": crontab(minute=30, hour=3),
    },
}
