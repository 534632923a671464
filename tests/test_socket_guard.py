"""The socket guard (tests/conftest.py): it refuses and records a connection outside its
allow-list, lets the configured services through, and fails a test that tried a refused
connection even when the test's code swallowed the refusal."""

import errno
import os
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from tests.conftest import SocketGuard

ROOT = Path(__file__).resolve().parent.parent
UNROUTABLE = ("192.0.2.1", 80)  # TEST-NET-1 (RFC 5737): never a real host


def test_a_connection_outside_the_allow_list_is_refused_before_leaving_and_recorded():
    guard = SocketGuard()
    guard.allow("127.0.0.1", 5432)
    original = socket.socket.connect
    guard.install()
    try:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(UNROUTABLE, timeout=5)
        with socket.socket() as raw:
            assert raw.connect_ex(UNROUTABLE) == errno.ECONNREFUSED
        seen_in_thread = []
        worker = threading.Thread(
            target=lambda: seen_in_thread.append(socket.socket().connect_ex(("198.51.100.7", 443)))
        )
        worker.start()
        worker.join()
        assert seen_in_thread == [errno.ECONNREFUSED]  # other threads are watched too
    finally:
        guard.uninstall()
    assert socket.socket.connect is original
    assert guard.refused == ["192.0.2.1:80", "192.0.2.1:80", "198.51.100.7:443"]
    assert guard.attempts == guard.refused
    with pytest.raises(pytest.fail.Exception, match=r"192\.0\.2\.1:80"):
        guard.check()


def test_the_fixture_lets_unix_sockets_redis_and_the_configured_nodes_through(
    socket_guard, tmp_path, db
):
    # a unix socket
    path = str(tmp_path / "s")
    with socket.socket(socket.AF_UNIX) as server, socket.socket(socket.AF_UNIX) as client:
        server.bind(path)
        server.listen()
        client.connect(path)
    # Redis, as the suite configures it
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.ConnectionError as exc:
        if "socket guard" in str(exc):
            raise
        pytest.skip(f"no Redis at {url}")
    # an inference node configured in the database (a local port standing in for it)
    from inference_bridge.models import InferenceNode
    from tests.inference_bridge.factories import InferenceNodeFactory

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        InferenceNodeFactory(base_url=f"http://127.0.0.1:{port}/v1")
        assert f"http://127.0.0.1:{port}/v1" in socket_guard.allow_inference_nodes()
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    assert InferenceNode.objects.count() == 1
    assert f"127.0.0.1:{port}" in socket_guard.attempts
    assert socket_guard.refused == []


def test_a_test_that_swallowed_a_refused_connection_still_fails_with_the_destination(tmp_path):
    leaky = tmp_path / "test_leaky.py"
    leaky.write_text(
        textwrap.dedent(
            """
            import socket

            def test_calls_home_and_ignores_the_failure(socket_guard):
                try:
                    socket.create_connection(("192.0.2.1", 80), timeout=1)
                except OSError:
                    pass  # a client that falls back silently

            def test_stays_home(socket_guard):
                pass
            """
        )
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "tests.conftest",
            "-c",
            str(ROOT / "pyproject.toml"),
            "--rootdir",
            str(ROOT),
            str(leaky),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "1 failed, 1 passed" in output, output
    assert "connections refused by the socket guard" in output
    assert "192.0.2.1:80" in output
