"""Per-person rate limits of the consultation, configured as CONSULTATION_RATE_<SCOPE>."""

from django.conf import settings

from core.errors import RateLimited
from core.ratelimit import parse_rate, rate_exceeded


def rate_limit_allow(*, scope: str, key: str | int) -> bool:
    """Count one attempt; False when the limit for `scope` is exceeded in this window."""
    rate = getattr(settings, f"CONSULTATION_RATE_{scope.upper()}", "")
    if not rate:
        return True
    return not rate_exceeded(key=f"consultation:rl:{scope}:{key}", rate=rate)


def rate_limit_check(*, scope: str, user) -> None:
    """Count one attempt of `user`; refuse with `RateLimited` past the limit."""
    if not rate_limit_allow(scope=scope, key=user.pk):
        rate = getattr(settings, f"CONSULTATION_RATE_{scope.upper()}")
        raise RateLimited(retry_after=parse_rate(rate).seconds)
