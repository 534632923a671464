"""Rate limits and quotas shared by every app: fixed windows counted in the shared cache.

In production the cache is Redis (`CACHE_URL=redis://…`), so every process sees the same
counters: never per-process state, which breaks as soon as there are two workers. The
embedded default (`make run`: one process) keeps them in memory. Counting costs at most one
round trip to the store per call, however many keys it counts (`attempts_count`).
"""

import contextvars
import hashlib
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache, caches

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


def _redis_client():
    """The Redis client behind the default cache, or None when the cache is not Redis."""
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return backend._cache.get_client(write=True)
    return None


def attempts_count(entries: list[tuple[str, int]]) -> list[int]:
    """Count one attempt under each `(key, window_seconds)`; the counts so far in each window.

    On Redis, one round trip for all the keys: a MULTI/EXEC pipeline of `SET key 0 EX window NX`
    (start a window) and `INCR key` per key, so a window never loses its expiry between the
    two. Any other cache: add() then incr(), key by key (in memory: no round trip at all)."""
    if not entries:
        return []
    client = _redis_client()
    if client is not None:
        pipe = client.pipeline(transaction=True)
        for key, window in entries:
            full_key = cache.make_and_validate_key(key)
            pipe.set(full_key, 0, ex=max(1, int(window)), nx=True)
            pipe.incr(full_key)
        return [int(count) for count in pipe.execute()[1::2]]
    counts = []
    for key, window in entries:
        if cache.add(key, 1, timeout=window):
            counts.append(1)
            continue
        try:
            counts.append(cache.incr(key))
        except ValueError:  # the window expired between add() and incr()
            cache.set(key, 1, timeout=window)
            counts.append(1)
    return counts


def rate_limit_hit(*, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt under `key`; True when this attempt goes over `limit` in the window."""
    return attempts_count([(key, window_seconds)])[0] > limit


def rates_exceeded(checks: list[tuple[str, str, str]]) -> list[bool]:
    """Count one attempt under each `(key, rate, default_period)` in one round trip; for each,
    True when this attempt goes over its rate (see `rate_exceeded`)."""
    rates = [parse_rate(str(rate), default_period=period) for _key, rate, period in checks]
    counts = attempts_count(
        [(key, rate.seconds) for (key, _r, _p), rate in zip(checks, rates, strict=True)]
    )
    exceeded = [count > rate.limit for count, rate in zip(counts, rates, strict=True)]
    for over, rate in zip(exceeded, rates, strict=True):
        if over:
            _retry_after.set(max(rate.seconds, _retry_after.get() or 0))
    return exceeded


def rate_exceeded(*, key: str, rate: str, default_period: str = "minute") -> bool:
    """Count one attempt under `key` against a "count/period" rate (a setting); True when this
    attempt goes over it. A bare count (an older setting) keeps `default_period`."""
    return rates_exceeded([(key, rate, default_period)])[0]


def hashed_identifier(value: str) -> str:
    """IPs and emails are personal data and cache keys are visible to operators: hash them."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]


def client_ip(request) -> str:
    """The address rate limits count by (behind a proxy, set it up to pass REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"
