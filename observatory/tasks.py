from celery import shared_task


@shared_task(name="observatory.indicators_refresh")
def indicators_refresh() -> dict:
    """Recompute the indicators for every language and store them in the shared cache."""
    from observatory.indicators import indicators_refresh_all

    results = indicators_refresh_all()
    return {lang: data["duration_ms"] for lang, data in results.items()}
