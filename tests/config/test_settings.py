"""The composed settings: one rate format everywhere, defaults as they were before the split."""

import re

import pytest
from django.conf import settings

from core.ratelimit import Rate, parse_rate

CANONICAL_RATE = re.compile(r"^\d+/(second|minute|hour|day)$")

# Every rate the site reads from the environment, with the limit it has always had.
RATE_DEFAULTS = {
    "CONSULTATION_RATE_BALLOTS": Rate(120, "hour", 3600),
    "CONSULTATION_RATE_COMMENTS": Rate(20, "hour", 3600),
    "CONSULTATION_RATE_REPORTS": Rate(30, "hour", 3600),
    "CONSULTATION_RATE_PROPOSALS": Rate(5, "day", 86400),
    "CONSULTATION_RATE_TRANSLATIONS": Rate(30, "hour", 3600),
    "CONSULTATION_RATE_SYNTHESES": Rate(10, "hour", 3600),
    "REGISTER_RECOURSE_LIMIT_PER_IP": Rate(30, "hour", 3600),  # raised for shared addresses (#20)
    "REGISTER_RECOURSE_LIMIT_PER_EMAIL": Rate(3, "day", 86400),
    "REGISTER_STATUS_LOOKUPS_PER_IP": Rate(30, "hour", 3600),
    "REGISTER_FEEDBACK_LIMIT_PER_IP": Rate(10, "hour", 3600),
    "INFERENCE_QUOTA_USER": Rate(60, "hour", 3600),
    "INFERENCE_QUOTA_ANON_SESSION": Rate(15, "hour", 3600),
    "INFERENCE_QUOTA_ANON_IP": Rate(40, "hour", 3600),
    "INFERENCE_RATE_TOKEN_CREATE": Rate(10, "hour", 3600),
    "OBSERVATORY_RATE_TESTIMONIES": Rate(5, "day", 86400),
    "ACCOUNTS_RATE_PROFILE": Rate(30, "hour", 3600),
}


@pytest.mark.parametrize(("name", "expected"), RATE_DEFAULTS.items())
def test_rate_settings_are_count_slash_period_with_their_old_limit(name, expected):
    value = getattr(settings, name)
    assert CANONICAL_RATE.match(value), f"{name}={value!r}: write it count/period, e.g. 60/hour"
    assert parse_rate(value) == expected


@pytest.mark.parametrize("scope", ["anon", "user"])
def test_api_throttle_rates_are_count_slash_period(scope):
    assert CANONICAL_RATE.match(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope])


def test_every_rate_like_setting_is_listed_above():
    """A new *_RATE_*, *_QUOTA_* or *_PER_* setting joins the format check."""
    rate_like = {
        name
        for name in dir(settings)
        if re.search(r"_RATE_|_QUOTA_|_PER_(IP|EMAIL)$", name)
        and isinstance(getattr(settings, name), str)
    }
    assert rate_like == set(RATE_DEFAULTS)


def test_parts_extend_base_values():
    assert {"pdf", "mp4", "webm"} <= set(settings.WAGTAILDOCS_EXTENSIONS)
    assert settings.INFERENCE_MODEL_CARD["name"]
