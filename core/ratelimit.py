"""Rate limits and quotas shared by every app: fixed windows counted in the shared cache.

The cache is the database cache by default (Redis in production), so every process sees
the same counters: never per-process state, which breaks as soon as there are two workers.
"""

import contextvars
import hashlib
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache

PERIOD_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}

# Seconds until the last limit this request went over lets an attempt through again: read by
# `core.middleware.RetryAfterMiddleware`, which gives every 429 its `Retry-After` header.
_retry_after: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "ratelimit_retry_after", default=None
)


def retry_after_seconds() -> int | None:
    return _retry_after.get()


def retry_after_reset() -> None:
    _retry_after.set(None)


class Rate(NamedTuple):
    limit: int
    period: str  # "second", "minute", "hour" or "day"
    seconds: int


def parse_rate(rate: str, *, default_period: str = "minute") -> Rate:
    """ "20/h", "60/hour" and "5/days" alike: the count, then a period named by its first letter."""
    count, _sep, period = rate.partition("/")
    initial = period.strip()[:1].lower()
    name = next((p for p in PERIOD_SECONDS if p[0] == initial), default_period)
    return Rate(int(count), name, PERIOD_SECONDS[name])


def rate_limit_hit(*, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt under `key`; True when this attempt goes over `limit` in the window."""
    if cache.add(key, 1, timeout=window_seconds):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # the window expired between add() and incr()
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count > limit


def rate_exceeded(*, key: str, rate: str, default_period: str = "minute") -> bool:
    """Count one attempt under `key` against a "count/period" rate (a setting); True when this
    attempt goes over it. A bare count (an older setting) keeps `default_period`."""
    limit, _period, seconds = parse_rate(str(rate), default_period=default_period)
    exceeded = rate_limit_hit(key=key, limit=limit, window_seconds=seconds)
    if exceeded:
        _retry_after.set(max(seconds, _retry_after.get() or 0))
    return exceeded


def hashed_identifier(value: str) -> str:
    """IPs and emails are personal data and cache keys are visible to operators: hash them."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]


def client_ip(request) -> str:
    """The address rate limits count by (behind a proxy, set it up to pass REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"
