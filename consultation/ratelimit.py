"""Fixed-window rate limits in the shared cache (database cache by default: every process
sees the same counters)."""

from django.conf import settings
from django.core.cache import cache

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    count, _sep, period = rate.partition("/")
    return int(count), PERIODS.get(period.strip()[:1] or "m", 60)


def rate_limit_allow(*, scope: str, key: str | int) -> bool:
    """Count one attempt; False when the limit for `scope` is exceeded in this window."""
    rate = getattr(settings, f"CONSULTATION_RATE_{scope.upper()}", "")
    if not rate:
        return True
    limit, window = parse_rate(rate)
    cache_key = f"consultation:rl:{scope}:{key}"
    if cache.add(cache_key, 1, window):
        return True
    try:
        current = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, window)
        return True
    return current <= limit
