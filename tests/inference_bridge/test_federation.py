"""Federation with real `python -m llama_cpp.server` processes, and the socket guard."""

import json
import socket

import pytest
from django.conf import settings as django_settings

from inference_bridge import services
from inference_bridge.models import InferenceNode, UsageRecord
from inference_bridge.tasks import nodes_health_check

from .conftest import MODEL_ALIAS
from .factories import CollectivityFactory, InferenceNodeFactory

# Answers are written in worker threads (own database connections): data must be committed.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.model]


def ask_api(client, token):
    return client.post(
        "/v1/chat/completions",
        json.dumps(
            {"model": MODEL_ALIAS, "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 6}
        ),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_requests_spread_over_two_nodes_survive_a_dead_node_which_recovers_after_restart(
    settings, asgi_client, llama_server, agent
):
    client = asgi_client
    settings.INFERENCE_FAILURES_BEFORE_COOLDOWN = 2
    settings.INFERENCE_COOLDOWN_SECONDS = 600
    paris = CollectivityFactory(slug="paris", name="Ville de Paris")
    lyon = CollectivityFactory(slug="lyon", name="Métropole de Lyon")
    first, second = llama_server(), llama_server()
    node_a = InferenceNodeFactory(name="paris-a", operator=paris, base_url=first.base_url)
    node_b = InferenceNodeFactory(name="lyon-b", operator=lyon, base_url=second.base_url)
    _, token = services.api_token_create(user=agent, collectivity=paris, name="fed")

    for _ in range(4):
        assert ask_api(client, token).status_code == 200
    served = set(UsageRecord.objects.values_list("node__name", flat=True))
    assert served == {"paris-a", "lyon-b"}  # the load is shared

    first.kill()  # node A dies in the middle of the run
    for _ in range(4):
        response = ask_api(client, token)
        assert response.status_code == 200, response.content
        assert response.json()["x_ia_commune"]["node"]["node"] == "lyon-b"
    node_a.refresh_from_db()
    assert node_a.is_cooling_down() and not node_a.healthy
    nodes_health_check.delay()  # still down: stays out of rotation
    node_a.refresh_from_db()
    assert node_a.is_cooling_down()

    llama_server(port=first.port)  # restarted on the same address
    nodes_health_check.delay()
    node_a.refresh_from_db()
    node_b.refresh_from_db()
    assert node_a.healthy and not node_a.is_cooling_down() and node_b.healthy
    nodes_seen = set()
    for _ in range(2):
        nodes_seen.add(ask_api(client, token).json()["x_ia_commune"]["node"]["node"])
    assert "paris-a" in nodes_seen  # back in service
    # The ledger balances pooled compute: Lyon served tokens that Paris consumed.
    from inference_bridge.selectors import usage_by_collectivity

    rows = {r["collectivity"].slug: r for r in usage_by_collectivity()}
    assert rows["lyon"]["tokens_served"] > 0 and rows["lyon"]["tokens_consumed"] == 0
    assert rows["paris"]["tokens_consumed"] > 0


def test_socket_guard_a_sandbox_conversation_connects_only_to_configured_nodes(
    accepted_asgi_client, llama_server, local_node, monkeypatch
):
    client = accepted_asgi_client
    remote = llama_server()
    InferenceNodeFactory(name="remote", operator=local_node.operator, base_url=remote.base_url)
    allowed = {("127.0.0.1", remote.port)}
    db = django_settings.DATABASES["default"]
    if db.get("HOST"):
        allowed.add((socket.gethostbyname(db["HOST"]), int(db.get("PORT") or 5432)))
    attempts = []
    real_connect = socket.socket.connect

    def guarded_connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(tuple(address[:2]))
            if tuple(address[:2]) not in allowed:
                raise OSError(f"socket guard: connection to {address} refused")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    page = client.get("/sandbox/")
    assert page.status_code == 200
    history = []
    for question in ("Bonjour !", "Quelle est la capitale de la France ?", "Merci."):
        response = client.post(
            "/sandbox/stream/",
            {
                "prompt": question,
                "temperature": "0.2",
                "max_tokens": 64,
                "history": json.dumps(history),
            },
        )
        text = response.body.decode()
        assert "event: usage" in text, text
        history.append({"role": "user", "content": question})
    monkeypatch.undo()
    assert ("127.0.0.1", remote.port) in attempts  # the remote node was really used
    assert set(attempts) <= allowed, attempts
    assert InferenceNode.objects.count() == 2
    assert set(UsageRecord.objects.values_list("node__name", flat=True)) == {"remote", "in-process"}
