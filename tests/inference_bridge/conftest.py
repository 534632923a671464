"""Fixtures of the inference bridge tests: a clean shared cache, nodes, real llama servers."""

import os
import subprocess
import sys

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings as django_settings
from django.test import AsyncClient

from accounts.roles import Role
from tests.factories import UserFactory
from tests.llama_server import MODEL_ALIAS, LlamaServer

from .factories import CollectivityFactory, LocalNodeFactory


@pytest.fixture(autouse=True)
def _inference_settings(settings):
    """Local-memory cache (same process, like the shared cache) and generous limits."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ib"}
    }
    from django.core.cache import cache

    cache.clear()
    settings.INFERENCE_DEFAULT_MODEL = MODEL_ALIAS
    settings.INFERENCE_QUOTA_USER = "1000/hour"
    settings.INFERENCE_QUOTA_ANON_SESSION = "1000/hour"
    settings.INFERENCE_QUOTA_ANON_IP = "1000/hour"
    settings.INFERENCE_MAX_TOKENS_DEFAULT = 16
    settings.INFERENCE_MAX_CONCURRENT = 2
    settings.INFERENCE_QUEUE_SIZE = 8
    settings.INFERENCE_ALLOWED_ZONES = ["FR"]
    settings.INFERENCE_ALLOWED_OPERATORS = []
    yield
    cache.clear()


@pytest.fixture
def paris(db):
    return CollectivityFactory(slug="paris", name="Ville de Paris")


@pytest.fixture
def local_node(paris):
    return LocalNodeFactory(operator=paris)


@pytest.fixture
def agent(db):
    return UserFactory(roles=[Role.AGENT])


@pytest.fixture
def accepted_client(client):
    session = client.session
    session["inference_notice_accepted"] = True
    session.save()
    return client


@pytest.fixture
def llama_server():
    servers = []

    def make(port=None, embedding=False):
        server = LlamaServer(port, embedding=embedding).start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


class AsgiClient:
    """Django's AsyncClient driven from a synchronous test: every request goes through Django's
    ASGI handler, as under uvicorn in production, and a streamed body is read to its end
    (`response.body`). The checks of the streamed sandbox and of the agents' API (token,
    session, quota) run with the generation in a generation thread, which has its own database
    connection, as in production: the tests using this client are transactional (their data
    is committed, so that thread sees it)."""

    def __init__(self):
        self.async_client = AsyncClient()

    def accept_notice(self) -> "AsgiClient":
        session = self.async_client.session
        session["inference_notice_accepted"] = True
        session.save()
        self.async_client.cookies[django_settings.SESSION_COOKIE_NAME] = session.session_key
        return self

    def force_login(self, user) -> None:
        self.async_client.force_login(user)

    def get(self, path, data=None, **extra):
        return self._call("get", path, data, **extra)

    def post(self, path, data=None, **extra):
        return self._call("post", path, data, **extra)

    def _call(self, method, path, data, **extra):
        async def request():
            response = await getattr(self.async_client, method)(path, data, **extra)
            if response.streaming:
                response.body = b"".join([chunk async for chunk in response.streaming_content])
            else:
                response.body = response.content
            return response

        return async_to_sync(request)()


@pytest.fixture
def asgi_client(transactional_db) -> AsgiClient:
    return AsgiClient()


@pytest.fixture
def accepted_asgi_client(transactional_db) -> AsgiClient:
    """A visitor who accepted the sandbox's notice."""
    return AsgiClient().accept_notice()


@pytest.fixture(autouse=True)
def _fresh_node_list():
    """The router keeps the node list in memory: each test reads its own database's nodes."""
    from inference_bridge.router import nodes_snapshot_reset

    nodes_snapshot_reset()
    yield
    nodes_snapshot_reset()


@pytest.fixture
def queries_in_every_thread(monkeypatch) -> list[tuple[str, str]]:
    """(thread name, SQL) of every statement any thread runs, the generation's worker thread
    included (`django_assert_max_num_queries` sees only the test's own connection)."""
    import threading

    from django.db.backends.utils import CursorWrapper

    seen: list[tuple[str, str]] = []
    original = CursorWrapper._execute_with_wrappers

    def counting(self, sql, params, many, executor):
        seen.append((threading.current_thread().name, sql))
        return original(self, sql, params, many, executor)

    monkeypatch.setattr(CursorWrapper, "_execute_with_wrappers", counting)
    return seen


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/7")


@pytest.fixture
def redis_cache(settings) -> dict:
    """The production cache backend (core.cache.RedisCache) on the test Redis, under a key prefix
    of this test's own, whose keys are deleted afterwards."""
    import uuid

    import redis

    prefix = f"iac-test-{uuid.uuid4().hex[:12]}"
    config = {
        "BACKEND": "core.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
    }
    settings.CACHES = {"default": config}
    yield config
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


def run_in_another_process(cache_config: dict, code: str) -> str:
    """Run `code` in a new Python process with Django set up on the same shared cache; returns
    what it printed."""
    import json
    import textwrap

    program = textwrap.dedent(
        """
        import json, sys
        import django
        django.setup()
        from django.conf import settings
        settings.CACHES = {"default": json.loads(sys.argv[1])}
        from django.core.cache import caches
        from django.core.cache.backends.redis import RedisCache
        assert isinstance(caches["default"], RedisCache), caches["default"]
        """
    ) + textwrap.dedent(code)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "TESTING": "1"}
    result = subprocess.run(
        [sys.executable, "-c", program, json.dumps(cache_config)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout
