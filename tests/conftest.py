"""Fixtures shared by the whole suite: an ASGI live server (uvicorn), the browser harness
(Playwright + Debian's Chromium + axe)."""

import os
import shutil
import socket
import threading
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.helpers import wait_until

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if candidate and Path(candidate).exists() else None


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _cache_emptied_after():
    """Rate-limit counters live in the cache, keyed by primary key: on SQLite a rolled-back
    test gives its ids out again, so the next test's user would inherit the counts."""
    yield
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture(autouse=True)
def _inference_node_list_forgotten_after():
    """The inference router keeps the node list in memory, checked against a stamp in the shared
    cache; a test's rolled-back nodes must not outlive it, whatever cache the test runs on."""
    yield
    from inference_bridge.router import nodes_snapshot_reset

    nodes_snapshot_reset()


@pytest.fixture(autouse=True)
def _default_language_after():
    """A request to an /en/ page leaves English active in the thread: the next test starts in
    the site's default language, whatever ran before it."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


# --- ASGI live server ------------------------------------------------------------------------


class _SharedConnections:
    """Stands in for Django's per-thread connection storage: the in-memory SQLite aliases are
    the same object in every thread (the test's own connection holds the database), the others
    stay per thread. Django's own live server shares in-memory SQLite the same way."""

    def __init__(self, per_thread, shared: dict):
        object.__setattr__(self, "_per_thread", per_thread)
        object.__setattr__(self, "_shared", shared)

    def __getattr__(self, alias):
        if alias in self._shared:
            return self._shared[alias]
        return getattr(self._per_thread, alias)

    def __setattr__(self, alias, value):
        if alias in self._shared:
            self._shared[alias] = value
        else:
            setattr(self._per_thread, alias, value)

    def __delattr__(self, alias):
        if alias not in self._shared:
            delattr(self._per_thread, alias)


@contextmanager
def _test_database_shared_with_other_threads():
    """Server threads must see the test's database. PostgreSQL (and SQLite files) need nothing:
    transactional tests commit. An in-memory SQLite database lives in the test's connection."""
    from django.db import connections

    shared = {
        alias: connections[alias]
        for alias in connections
        if connections[alias].vendor == "sqlite" and connections[alias].is_in_memory_db()
    }
    if not shared:
        yield
        return
    original = connections._connections
    for conn in shared.values():
        conn.inc_thread_sharing()
    connections._connections = _SharedConnections(original, shared)
    try:
        yield
    finally:
        connections._connections = original
        for conn in shared.values():
            conn.dec_thread_sharing()


class AsgiLiveServer:
    """uvicorn serving `config.asgi:application` (the production entry point, static files
    included) from a thread, on 127.0.0.1 and a port the system picked."""

    def __init__(self):
        import uvicorn

        from config.asgi import application

        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            application,
            lifespan="off",
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=5,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run,
            kwargs={"sockets": [self._socket]},
            name="asgi-live-server",
            daemon=True,
        )

    def __str__(self) -> str:
        return self.url

    def _answers(self) -> bool:
        if not self.thread.is_alive():
            pytest.fail("the ASGI live server stopped while starting")
        if not self.server.started:
            return False
        try:  # any HTTP answer proves Django is serving (a 404 is fine)
            httpx.get(self.url + "/__live-server-probe__", timeout=5)
        except httpx.HTTPError:
            return False
        return True

    def start(self) -> "AsgiLiveServer":
        self.thread.start()
        wait_until(self._answers, timeout=30, what="the ASGI live server to answer")
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self._socket.close()
        assert not self.thread.is_alive(), "the ASGI live server did not shut down"


@pytest.fixture
def asgi_live_server(transactional_db, settings):
    """The site under uvicorn, as in production (streaming runs under ASGI), on the test
    database; `asgi_live_server.url` is its address."""
    if "127.0.0.1" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    with _test_database_shared_with_other_threads():
        server = AsgiLiveServer().start()
        try:
            yield server
        finally:
            server.stop()


# --- Browser ---------------------------------------------------------------------------------


@pytest.fixture
def browser(monkeypatch):
    """Chromium driven by Playwright's sync API, for one test.

    That API runs an event loop in the test thread for as long as Playwright is started, and
    Django then refuses ORM calls there (SynchronousOnlyOperation): the refusal is lifted for
    this test only, and Playwright stops at its end so that no later test runs under a loop.
    """
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(
                "Chromium is missing in CI: browser tests must run there (.ci/run installs it)."
            )
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, asgi_live_server):
    """A fresh browser tab (own cookies) on the ASGI live server; `page.base_url` is its
    address."""
    context = browser.new_context(base_url=asgi_live_server.url, locale="fr-FR")
    context.set_default_timeout(20_000)
    tab = context.new_page()
    tab.base_url = asgi_live_server.url
    yield tab
    context.close()


@pytest.fixture
def axe():
    """`axe(page)` fails the test on any serious or critical accessibility violation."""
    from axe_playwright_python.sync_playwright import Axe

    checker = Axe()

    def check(page, context: str = ""):
        results = checker.run(page)
        bad = [
            v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
        ]
        details = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes']][:5]}"
            for v in bad
        )
        assert not bad, (
            f"axe found serious accessibility issues on {context or page.url}:\n{details}"
        )
        return results

    return check


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "page" in getattr(item, "fixturenames", ()) or "browser" in getattr(
            item, "fixturenames", ()
        ):
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter):
    """Say how many browser tests really ran: CI must not pass by skipping them."""
    counts = {}
    for outcome in ("passed", "failed", "skipped", "error"):
        counts[outcome] = sum(
            1
            for report in terminalreporter.stats.get(outcome, [])
            if "browser" in getattr(report, "keywords", {})
        )
    terminalreporter.write_line(
        "browser tests: {passed} passed, {failed} failed, {skipped} skipped, {error} errors".format(
            **counts
        )
    )
