BEAT_SCHEDULE = {
    "observatory-indicators-refresh": {
        "task": "observatory.indicators_refresh",
        "schedule": 600.0,
    },
}
