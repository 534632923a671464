from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Quarterly follow-up of deployed systems: the task is idempotent (one round per quarter),
    # so running it daily opens each quarter's round on its first day.
    "dialogue-open-survey-rounds": {
        "task": "dialogue.open_survey_rounds",
        "schedule": crontab(minute=10, hour=6),
    },
}
