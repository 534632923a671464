"""Fixtures shared by the whole suite: an ASGI live server (uvicorn), the browser harness
(Playwright + Debian's Chromium + axe), the socket guard (no connection leaves for a place
the test did not allow)."""

import contextlib
import errno
import ipaddress
import os
import shutil
import socket
import threading
from pathlib import Path
from urllib.parse import urlsplit

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
    # Research dataset releases (observatory), stored outside the media root.
    settings.OBSERVATORY_DATASETS_ROOT = str(tmp_path / "research-data")
    # Open Badges private keys: each test's own, never the checkout's var/.
    settings.TRAINING_BADGE_KEY_DIR = tmp_path / "badge-keys"


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


@contextlib.contextmanager
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


# --- Socket guard ----------------------------------------------------------------------------

DEFAULT_PORTS = {
    "http": 80,
    "https": 443,
    "redis": 6379,
    "rediss": 6379,
    "postgres": 5432,
    "postgresql": 5432,
    "amqp": 5672,
}


class SocketGuard:
    """Records every connection this process attempts and refuses those outside an allow-list.

    It wraps `socket.socket.connect` and `connect_ex`, which every Python client goes through
    (`socket.create_connection`, httpx/httpcore, redis-py, asyncio's `sock_connect`, TLS
    sockets), in every thread of the process: a background generation is watched as closely as
    the test itself. A refused connection raises ConnectionRefusedError (`connect_ex` returns
    ECONNREFUSED) before any packet leaves, and is listed in `refused`; `check()` fails the
    test with that list. Unix sockets are always allowed (nothing leaves the machine).
    Connections made from C code that bypasses Python's socket module (libpq, PostgreSQL's
    client library) are not seen; the database is on the allow-list anyway.
    """

    def __init__(self):
        self.allowed: set[tuple[str, int]] = set()
        self.attempts: list[str] = []  # every destination, allowed or not, in order
        self.refused: list[str] = []
        self._lock = threading.Lock()
        self._originals: dict[str, object] = {}
        self._reported = 0

    # The allow-list ------------------------------------------------------------------------

    def allow(self, host: str, port: int) -> None:
        """Allow `host:port` (a name is allowed under every address it resolves to)."""
        port = int(port)
        self.allowed.add((host.strip("[]").lower(), port))
        try:
            for *_rest, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
                self.allowed.add((sockaddr[0], port))
        except OSError:
            pass  # an unknown name stays allowed by name only

    def allow_url(self, url: str) -> None:
        """Allow the host and port of a URL (the scheme's default port when it names none);
        a URL without a host (a unix socket, an in-process node) needs nothing."""
        if not url:
            return
        parts = urlsplit(url)
        if not parts.hostname:
            return
        port = parts.port or DEFAULT_PORTS.get(parts.scheme.lower())
        if port is not None:
            self.allow(parts.hostname, port)

    def allow_configured_services(self, settings) -> None:
        """The database(s), Redis (cache, broker, the suite's TEST_REDIS_URL)."""
        for database in settings.DATABASES.values():
            host = database.get("HOST") or ""
            if host and not host.startswith("/"):
                self.allow(host, int(database.get("PORT") or 5432))
        for cache in settings.CACHES.values():
            locations = cache.get("LOCATION") or []
            for location in [locations] if isinstance(locations, str) else locations:
                if "://" in str(location):
                    self.allow_url(str(location))
        self.allow_url(getattr(settings, "CELERY_BROKER_URL", "") or "")
        self.allow_url(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0"))

    def allow_inference_nodes(self) -> list[str]:
        """The base URLs of the configured inference nodes (read from the database now: call
        it again after a test adds a node). Returns the URLs allowed."""
        from inference_bridge.models import InferenceNode

        urls = [u for u in InferenceNode.objects.values_list("base_url", flat=True) if u]
        for url in urls:
            self.allow_url(url)
        return urls

    # The watch -----------------------------------------------------------------------------

    def _permits(self, family, address) -> bool:
        if family == getattr(socket, "AF_UNIX", None) or not isinstance(address, tuple):
            destination, allowed = f"unix:{address!r}", True
        else:
            host, port = str(address[0]).lower(), int(address[1])
            destination = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
            allowed = (host, port) in self.allowed
            if not allowed and not _is_ip(host):
                try:
                    resolved = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
                except OSError:
                    resolved = []
                allowed = bool(resolved) and all((r[4][0], port) in self.allowed for r in resolved)
        with self._lock:
            self.attempts.append(destination)
            if not allowed:
                self.refused.append(destination)
        return allowed

    def install(self) -> None:
        guard = self
        connect, connect_ex = socket.socket.connect, socket.socket.connect_ex
        self._originals = {"connect": connect, "connect_ex": connect_ex}

        def guarded_connect(sock, address):
            if not guard._permits(sock.family, address):
                raise ConnectionRefusedError(
                    errno.ECONNREFUSED, f"socket guard: {address!r} is not on the allow-list"
                )
            return connect(sock, address)

        def guarded_connect_ex(sock, address):
            if not guard._permits(sock.family, address):
                return errno.ECONNREFUSED
            return connect_ex(sock, address)

        socket.socket.connect = guarded_connect
        socket.socket.connect_ex = guarded_connect_ex

    def uninstall(self) -> None:
        if self._originals:
            socket.socket.connect = self._originals["connect"]
            socket.socket.connect_ex = self._originals["connect_ex"]
            self._originals = {}

    def failure(self) -> str:
        return (
            "connections refused by the socket guard (allow-list: "
            f"{sorted(f'{h}:{p}' for h, p in self.allowed)}): {self.refused}"
        )

    def check(self) -> None:
        """Fail the test if anything tried to connect outside the allow-list (and was not
        reported yet: `pytest_runtest_makereport` fails the test's own call first)."""
        if len(self.refused) > self._reported:
            self._reported = len(self.refused)
            pytest.fail(self.failure(), pytrace=False)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@pytest.fixture
def socket_guard(request, settings):
    """No connection leaves for a destination the test did not allow.

    Allowed: unix sockets, the database, Redis (cache, broker, TEST_REDIS_URL) and the base
    URLs of the inference nodes configured when the fixture starts (a test that adds nodes
    later calls `socket_guard.allow_inference_nodes()`; `socket_guard.allow(host, port)` adds
    anything else). Every destination is in `socket_guard.attempts`, the refused ones in
    `socket_guard.refused`; the test fails at teardown if any was refused. Not autouse: a test
    asks for it (request it after the fixtures that configure nodes)."""
    guard = SocketGuard()
    guard.allow_configured_services(settings)
    # A test without database access has no node configured for it.
    with contextlib.suppress(RuntimeError):
        guard.allow_inference_nodes()
    guard.install()
    try:
        yield guard
    finally:
        guard.uninstall()
    guard.check()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A test whose code tried a refused connection fails, with the refused destinations,
    even if it caught the refusal (a client that retries or falls back must not hide it)."""
    outcome = yield
    report = outcome.get_result()
    guard = getattr(item, "funcargs", {}).get("socket_guard")
    if call.when == "call" and report.passed and isinstance(guard, SocketGuard) and guard.refused:
        guard._reported = len(guard.refused)
        report.outcome = "failed"
        report.longrepr = guard.failure()


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
