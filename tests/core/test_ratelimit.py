import pytest

from core.ratelimit import Rate, hashed_identifier, parse_rate, rate_limit_hit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20/h", Rate(20, "hour", 3600)),
        ("60/hour", Rate(60, "hour", 3600)),
        ("5/d", Rate(5, "day", 86400)),
        ("1000/day", Rate(1000, "day", 86400)),
        ("3/minutes", Rate(3, "minute", 60)),
        ("7/s", Rate(7, "second", 1)),
    ],
)
def test_rates_are_read_whatever_the_spelling_of_the_period(text, expected):
    assert parse_rate(text) == expected


def test_a_rate_without_a_period_takes_the_default():
    assert parse_rate("10") == Rate(10, "minute", 60)
    assert parse_rate("10", default_period="hour") == Rate(10, "hour", 3600)


def test_rate_limit_counts_in_the_shared_cache():
    hits = [rate_limit_hit(key="t", limit=2, window_seconds=60) for _ in range(3)]
    assert hits == [False, False, True]
    assert rate_limit_hit(key="other", limit=2, window_seconds=60) is False


def test_identifiers_are_hashed_before_they_become_cache_keys():
    hashed = hashed_identifier("10.0.0.1")
    assert "10.0.0.1" not in hashed and len(hashed) == 32
    assert hashed == hashed_identifier("10.0.0.1")
