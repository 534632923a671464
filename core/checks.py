"""Deploy checks of the floor (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """Rate limits, API throttles and quotas are counted in the default cache: an in-memory one
    (the embedded default) counts per process, so two workers let twice the traffic through."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PROCESS_LOCAL_CACHES:
        return [
            Warning(
                "The default cache lives in each process's memory: rate limits and quotas are "
                "not shared between workers.",
                hint="Set CACHE_URL=redis://host:6379/1 in production (README, Production "
                "deployment).",
                id="core.W001",
            )
        ]
    return []
