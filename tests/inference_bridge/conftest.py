"""Fixtures of the inference bridge tests: a clean shared cache, nodes, real llama servers."""

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from django.conf import settings as django_settings

from accounts.roles import Role
from tests.factories import UserFactory

from .factories import CollectivityFactory, LocalNodeFactory

MODEL_ALIAS = "smollm2-135m-instruct"


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LlamaServer:
    """`python -m llama_cpp.server` on 127.0.0.1:<free port>, with the bundled model."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.proc = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> "LlamaServer":
        cmd = [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            django_settings.LLM_MODEL_PATH,
            "--model_alias",
            MODEL_ALIAS,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--interrupt_requests",
            "False",
            "--n_ctx",
            "1024",
            "--n_threads",
            "1",
        ]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("llama_cpp.server exited at start")
            try:
                if httpx.get(self.base_url + "/v1/models", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("llama_cpp.server did not start in time")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture
def llama_server():
    servers = []

    def make(port=None):
        server = LlamaServer(port).start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


def run_async(fn):
    """Run `fn()` (a coroutine function) in a fresh thread with its own event loop.

    Playwright's sync API keeps an event loop running in the main test thread once a browser
    test has run, so async_to_sync cannot be used there.
    """
    import asyncio
    import concurrent.futures

    from asgiref.sync import sync_to_async
    from django.db import connections

    async def wrapper():
        try:
            return await fn()
        finally:  # the test client keeps connections open; close those of this loop's threads
            await sync_to_async(connections.close_all)()

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, wrapper()).result()
