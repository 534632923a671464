from celery import shared_task


@shared_task(name="observatory.indicators_refresh")
def indicators_refresh() -> dict:
    """Recompute the indicators for every language and store them in the shared cache."""
    from observatory.indicators import indicators_refresh_all

    results = indicators_refresh_all()
    return {lang: data["duration_ms"] for lang, data in results.items()}


@shared_task(name="observatory.datasets_release")
def datasets_release() -> dict:
    """Publish a new release of every research dataset whose content changed."""
    from observatory.research_services import datasets_release_all

    return datasets_release_all()


@shared_task(name="observatory.data_access_expire")
def data_access_expire() -> int:
    """Close data access whose retention period is over (downloads are refused anyway)."""
    from observatory.research_services import data_access_expire as expire

    return expire()
