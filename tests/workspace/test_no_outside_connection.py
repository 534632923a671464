"""No connection leaves the machine except to what is configured: the database, Redis and the
inference nodes. An agent uploads a document into a collection through the pages, its text is
extracted and embedded (by a configured node), and a question over the collection is answered
by the real model, inside a socket guard that lets through only those addresses and records and
refuses every other one.

The guard is this file's own (a generic fixture may come to tests/conftest.py later): it wraps
`socket.socket.connect` and `connect_ex`, so it sees every Python socket in every thread
(httpx, redis-py, urllib…); libpq's C sockets (PostgreSQL) bypass it and are allowed anyway.
A refused address is refused before any packet is sent.
"""

from __future__ import annotations

import errno
import socket
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inference_bridge.models import InferenceNode
from workspace.models import Collection, Document, Run, RunStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("workspace_settings")]

UNIX = getattr(socket, "AF_UNIX", None)


class SocketGuard:
    """Within `with`: connections to `allowed` (host, port) pairs and unix sockets go through
    (`passed`); any other is recorded (`refused`) and fails with ECONNREFUSED."""

    def __init__(self, allowed: set[tuple[str, int]]):
        self.allowed = _resolved(allowed)
        self.passed: list[tuple[str, int]] = []
        self.refused: list[tuple[str, int]] = []

    def _admits(self, sock, address) -> bool:
        if sock.family == UNIX:
            return True
        target = (str(address[0]), int(address[1]))
        (self.passed if target in self.allowed else self.refused).append(target)
        return target in self.allowed

    def __enter__(self) -> SocketGuard:
        self._saved = socket.socket.connect, socket.socket.connect_ex
        real_connect, real_connect_ex = self._saved
        guard = self

        def connect(sock, address):
            if not guard._admits(sock, address):
                raise ConnectionRefusedError(errno.ECONNREFUSED, f"socket guard: {address}")
            return real_connect(sock, address)

        def connect_ex(sock, address):
            if not guard._admits(sock, address):
                return errno.ECONNREFUSED
            return real_connect_ex(sock, address)

        socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
        return self

    def __exit__(self, *exc_info) -> None:
        socket.socket.connect, socket.socket.connect_ex = self._saved


def _resolved(pairs: set[tuple[str, int]]) -> set[tuple[str, int]]:
    """Each host as written and as the addresses it resolves to (a socket connects to those)."""
    out = set()
    for host, port in pairs:
        out.add((host, port))
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError:
            continue
        out.update((info[4][0], port) for info in infos)
    return out


def _url_address(url: str, default_port: int) -> tuple[str, int] | None:
    parts = urlsplit(url)
    if not parts.hostname:
        return None
    port = parts.port or {"https": 443, "http": 80}.get(parts.scheme, default_port)
    return parts.hostname, port


def configured_addresses() -> set[tuple[str, int]]:
    """The database servers, the Redis URLs and the inference nodes the settings and the node
    registry name: nothing else may be reached."""
    allowed = set()
    for db in settings.DATABASES.values():
        host = db.get("HOST") or ""
        if host and not host.startswith("/"):
            allowed.add((host, int(db.get("PORT") or 5432)))
    redis_urls = [getattr(settings, "CELERY_BROKER_URL", "") or ""]
    redis_urls.append(getattr(settings, "CELERY_RESULT_BACKEND", "") or "")
    for cache in settings.CACHES.values():
        location = cache.get("LOCATION") or ""
        redis_urls += [location] if isinstance(location, str) else list(location)
    for url in redis_urls:
        if url.startswith(("redis://", "rediss://")) and (address := _url_address(url, 6379)):
            allowed.add(address)
    for base_url in InferenceNode.objects.exclude(base_url="").values_list("base_url", flat=True):
        if address := _url_address(base_url, 80):
            allowed.add(address)
    return allowed


def test_the_guard_refuses_and_records_an_outside_address():
    with SocketGuard(set()) as guard:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("192.0.2.1", 80), timeout=1)
        with socket.socket() as sock:
            assert sock.connect_ex(("192.0.2.1", 80)) == errno.ECONNREFUSED
    assert guard.refused == [("192.0.2.1", 80), ("192.0.2.1", 80)]
    assert guard.passed == []


def test_the_guard_lets_configured_addresses_through(embedding_server):
    import httpx

    with SocketGuard({("127.0.0.1", embedding_server.port)}) as guard:
        assert httpx.get(embedding_server.base_url + "/v1/models", timeout=10).status_code == 200
    assert guard.passed == [("127.0.0.1", embedding_server.port)]
    assert guard.refused == []


@pytest.mark.model
def test_upload_extraction_and_a_question_over_a_collection_reach_only_configured_hosts(
    client, agent, node, starters, embedding_node, embedding_server,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    collection = Collection.objects.create(owner=agent, title="Piscines")
    client.force_login(agent)
    allowed = configured_addresses()
    assert ("127.0.0.1", embedding_server.port) in allowed
    text = (
        "# Piscine Pontoise\n\nLa piscine Pontoise ferme pour travaux du 3 mars au 30 avril. "
        "Elle rouvre le 2 mai 2026.\n\n# Marché\n\nLe marché se tient le mercredi matin."
    )
    upload = SimpleUploadedFile("piscines.md", text.encode(), content_type="text/markdown")
    with SocketGuard(allowed) as guard:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("workspace:documents"),
                {"file": upload, "title": "Piscines", "collection": collection.pk},
            )
        assert response.status_code == 302
        document = Document.objects.get()
        assert document.status == "ready"
        response = client.post(
            reverse("workspace:assistant", args=["questions-sur-une-collection"]),
            {"text": "Quand la piscine Pontoise rouvre-t-elle ?", "collection": collection.pk},
        )
        assert response.status_code == 302
        run = Run.objects.get()
        client.post(reverse("workspace:run-execute", args=[run.uuid]))
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.output
    # The passages were embedded by the configured node: the guard saw those connections.
    assert document.passages.filter(embedding__isnull=False).count() == document.passages.count()
    assert ("127.0.0.1", embedding_server.port) in guard.passed
    assert guard.refused == []
