"""The production cache backend (`CACHE_URL=redis://…`): Django's Redis cache keeping one client
per connection pool (core/cache.py), on the real Redis."""

import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest

from core.cache import RedisCache

REDIS_TEST_URL = "redis://127.0.0.1:6379/6"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def backend():
    prefix = f"test-cache-{uuid.uuid4().hex}"
    cache = RedisCache(REDIS_TEST_URL, {"KEY_PREFIX": prefix})
    yield cache
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def test_a_redis_cache_url_selects_the_backend_that_keeps_its_client():
    env = {**os.environ, "CACHE_URL": "redis://127.0.0.1:6379/6", "SECRET_KEY": "x" * 50}
    env.pop("TESTING", None)
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "core.cache.RedisCache"


def test_one_client_serves_every_operation_of_a_pool(backend):
    first = backend._cache.get_client(write=True)
    assert backend._cache.get_client() is first
    assert backend._cache.get_client("any-key", write=True) is first
    backend.set("k", {"v": 1}, 60)
    assert backend.get("k") == {"v": 1}
    assert backend.add("n", 0, 60)
    assert backend.incr("n") == 1
    assert backend._cache.get_client() is first


def test_the_kept_client_is_shared_safely_by_threads(backend):
    backend.set("count", 0, 60)

    def work():
        for _ in range(50):
            backend.incr("count")

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert backend.get("count") == 400
