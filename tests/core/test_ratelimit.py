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


# --- One round trip, shared across processes (Redis db 6, as in production) --------------------
REDIS_TEST_URL = "redis://127.0.0.1:6379/6"


@pytest.fixture
def redis_cache(settings):
    """The default cache on Redis db 6, under a prefix of its own (other runs share the db)."""
    import uuid

    import redis

    prefix = f"test-ratelimit-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": prefix,
        }
    }
    client = redis.Redis.from_url(REDIS_TEST_URL)
    yield {"prefix": prefix, "client": client, "settings": settings}
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def round_trips(monkeypatch):
    """Counts what is sent to Redis: a pipeline goes out in one packet, a command in one."""
    from redis.connection import AbstractConnection

    sent = []
    original = AbstractConnection.send_packed_command

    def counting(self, command, check_health=True):
        sent.append(command)
        return original(self, command, check_health)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counting)
    return sent


def test_counters_on_redis_are_shared_by_separate_processes(redis_cache):
    """Two cache clients with their own connections (two workers) count into one window."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    other_process = RedisCache(
        REDIS_TEST_URL, {"KEY_PREFIX": redis_cache["prefix"]}
    )  # not the default cache's pool
    assert other_process._cache.get_client(write=True) is not caches["default"]._cache.get_client(
        write=True
    )
    assert rate_limit_hit(key="shared", limit=2, window_seconds=60) is False
    assert other_process.get("shared") == 1
    other_process.incr("shared")
    assert rate_limit_hit(key="shared", limit=2, window_seconds=60) is True
    ttl = redis_cache["client"].ttl(f"{redis_cache['prefix']}:1:shared")
    assert 0 < ttl <= 60  # the window keeps its expiry


def test_several_limits_cost_one_round_trip_on_redis(redis_cache, round_trips):
    from core.ratelimit import rates_exceeded

    rates_exceeded([("a", "1/minute", "minute"), ("b", "5/hour", "hour")])  # connects
    round_trips.clear()
    assert rates_exceeded([("a", "1/minute", "minute"), ("b", "5/hour", "hour")]) == [True, False]
    assert len(round_trips) == 1


def test_an_anonymous_api_request_costs_one_round_trip_and_one_counter(
    redis_cache, round_trips, client, settings
):
    from tests.register.factories import published_system

    # The throttle's own cost: the register's page cache (its stamp and pages) is off here.
    settings.REGISTER_PUBLIC_CACHE_SECONDS = 0
    system = published_system()
    client.get("/api/register/systems/")  # connects
    keys_before = set(redis_cache["client"].scan_iter(f"{redis_cache['prefix']}:*"))
    round_trips.clear()
    response = client.get(f"/api/register/systems/{system.slug}/")
    assert response.status_code == 200
    assert len(round_trips) == 1
    keys = set(redis_cache["client"].scan_iter(f"{redis_cache['prefix']}:*"))
    assert keys == keys_before
    counters = {key for key in keys if b":throttle:" in key}
    assert len(counters) == 1  # one counter: the anonymous one, not two


# --- The API throttle ----------------------------------------------------------------------
def _rates(settings, anon: str, user: str):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user},
    }


def test_api_throttle_counts_anonymous_callers_once_per_request(settings, client):
    _rates(settings, anon="2/minute", user="1000/minute")
    url = "/api/register/systems/"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    response = client.get(url)
    assert 0 < int(response["Retry-After"]) <= 60


def test_api_throttle_gives_signed_in_callers_the_user_rate(settings, client):
    from tests.factories import UserFactory

    _rates(settings, anon="1/minute", user="3/minute")
    client.force_login(UserFactory())
    url = "/api/register/systems/"
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_deploy_check_warns_when_counters_are_kept_per_process(settings):
    from core.checks import shared_cache_check

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in shared_cache_check(None)] == ["core.W001"]
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_TEST_URL,
        }
    }
    assert shared_cache_check(None) == []
