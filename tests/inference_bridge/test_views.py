"""Sandbox pages, streaming endpoint, quotas, queue, privacy, tokens page, staff ledger."""

import json
import threading

import pytest
from django.urls import reverse

from accounts.roles import Role
from inference_bridge.gate import gate
from inference_bridge.models import ApiToken, SharedConversation, UsageRecord
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SANDBOX = "/sandbox/"
STREAM = "/sandbox/stream/"


def sse_events(response) -> list[tuple[str, dict]]:
    raw = b"".join(response.streaming_content).decode()
    events = []
    for block in raw.split("\n\n"):
        if not block.strip():
            continue
        name = next(line[7:] for line in block.splitlines() if line.startswith("event: "))
        data = next(line[6:] for line in block.splitlines() if line.startswith("data: "))
        events.append((name, json.loads(data)))
    return events


def ask(client, prompt="Name a colour.", **extra):
    return client.post(STREAM, {"prompt": prompt, "temperature": "0.2", "max_tokens": 64, **extra})


def test_sandbox_shows_the_ai_notice_before_first_use(client, local_node):
    response = client.get(SANDBOX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "article 50" in html.lower() or "article 50" in html
    assert 'name="acknowledge"' in html
    assert 'id="ib-form"' not in html
    assert "<script>" not in html and 'style="' not in html  # CSP: no inline code
    assert ask(client).status_code == 403


def test_accepting_the_notice_requires_the_box_and_keeps_the_prefilled_prompt(client, local_node):
    assert client.post("/sandbox/accept/", {"prompt": "Bonjour"}).status_code == 400
    response = client.post("/sandbox/accept/", {"acknowledge": "on", "prompt": "Bonjour ?"})
    assert response.status_code == 302 and "prompt=Bonjour" in response["Location"]
    page = client.get(SANDBOX + "?prompt=Quelle+heure").content.decode()
    assert 'id="ib-form"' in page and "Quelle heure" in page


def test_model_card_names_model_licence_parameters_and_quantisation(accepted_client, local_node):
    html = accepted_client.get("/en/sandbox/").content.decode()
    for text in ("SmolLM2-135M-Instruct", "Apache-2.0", "135M", "Q4_1", "PUE"):
        assert text in html


def test_stream_sends_start_node_deltas_usage_and_done(accepted_client, local_node):
    response = ask(accepted_client)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    events = sse_events(response)
    names = [n for n, _ in events]
    assert names[0] == "start" and names[1] == "node" and names[-1] == "done"
    assert "delta" in names and "usage" in names
    node = dict(events)["node"]
    assert node["zone"] == "FR" and node["operator"] == "Ville de Paris"
    usage = dict(events)["usage"]
    assert usage["completion_tokens"] >= 1 and usage["energy_wh"] > 0 and usage["co2_g"] > 0
    record = UsageRecord.objects.get()
    assert record.channel == "sandbox" and record.consumer.slug == "paris"
    assert record.server.slug == "paris" and record.energy_wh == pytest.approx(usage["energy_wh"])


def test_no_text_is_stored_without_opt_in_and_shared_with_consent(accepted_client, local_node):
    sse_events(ask(accepted_client, prompt="Question privée"))
    assert not SharedConversation.objects.exists()
    cid = "11111111-2222-4333-8444-555555555555"
    sse_events(ask(accepted_client, prompt="Question partagée", share="on", conversation_id=cid))
    shared = SharedConversation.objects.get()
    assert shared.messages[0] == {"role": "user", "content": "Question partagée"}
    assert shared.messages[1]["role"] == "assistant"
    # Unticking the box withdraws the consent for this conversation.
    sse_events(ask(accepted_client, prompt="Encore", conversation_id=cid))
    assert not SharedConversation.objects.exists()


def test_without_javascript_the_form_post_returns_the_full_labelled_answer(
    accepted_client, local_node
):
    response = accepted_client.post(
        SANDBOX, {"prompt": "Say hello.", "temperature": "0.3", "max_tokens": 64}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "badge--ai" in html and "SmolLM2-135M-Instruct" in html
    assert "Say hello." in html and "Wh" in html
    assert "&quot;role&quot;: &quot;assistant&quot;" in html  # history carried in the form


def test_invalid_form_is_a_400_with_a_readable_message(accepted_client, local_node):
    response = accepted_client.post(SANDBOX, {"prompt": "", "temperature": "9", "max_tokens": 64})
    assert response.status_code == 400
    assert ask(accepted_client, prompt="").status_code == 400
    assert ask(accepted_client, temperature="5").status_code == 400


def test_quota_exceeded_is_a_429_with_retry_after_and_a_readable_message(
    settings, accepted_client, local_node
):
    settings.INFERENCE_QUOTA_ANON_SESSION = "1/hour"
    sse_events(ask(accepted_client))
    response = ask(accepted_client)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "limit" in response.json()["error"]["message"] or response.json()["error"]["message"]


def test_logged_in_users_have_their_own_quota(settings, client, local_node):
    settings.INFERENCE_QUOTA_USER = "1/day"
    client.force_login(UserFactory())
    session = client.session
    session["inference_notice_accepted"] = True
    session.save()
    sse_events(ask(client))
    assert ask(client).status_code == 429


def test_full_queue_is_a_503_with_retry_after(settings, accepted_client, local_node):
    settings.INFERENCE_MAX_CONCURRENT = 1
    settings.INFERENCE_QUEUE_SIZE = 0
    held = gate.enter()
    try:
        response = ask(accepted_client)
        assert response.status_code == 503
        assert response["Retry-After"]
        assert response.json()["error"]["code"] == "queue_full"
    finally:
        gate.release(held)


def test_waiting_request_is_told_its_queue_position(settings, accepted_client, local_node):
    settings.INFERENCE_MAX_CONCURRENT = 1
    held = gate.enter()
    response = ask(accepted_client)
    assert response.status_code == 200
    threading.Timer(0.8, gate.release, args=[held]).start()
    events = sse_events(response)
    assert ("queue", {"position": 1}) in events
    assert any(n == "usage" for n, _ in events)
    assert gate.running == 0 and gate.waiting == 0


def test_stop_request_cancels_the_generation_between_tokens(accepted_client, local_node, settings):
    settings.INFERENCE_IGNORE_EOS = True  # the answer cannot end by itself before the stop
    response = ask(
        accepted_client,
        prompt="Write the numbers from 1 to 300, separated by commas.",
        max_tokens=512,
        temperature="0",
    )
    chunks = iter(response.streaming_content)
    start = json.loads(next(chunks).decode().split("data: ", 1)[1])
    while b"event: delta" not in next(chunks):  # wait for the answer to begin
        pass
    accepted_client.post("/sandbox/stop/", {"id": start["id"]})
    rest = b"".join(chunks).decode()
    assert "event: usage" in rest, rest
    usage = json.loads(rest.split("event: usage\ndata: ", 1)[1].split("\n", 1)[0])
    assert usage["finish_reason"] == "cancelled", rest
    assert usage["completion_tokens"] < 400
    assert UsageRecord.objects.get().finish_reason == "cancelled"


def test_no_healthy_node_is_reported_in_the_stream(accepted_client, local_node):
    local_node.status = "disabled"
    local_node.save()
    events = sse_events(ask(accepted_client))
    error = dict(events)["error"]
    assert error["status"] == 503 and error["code"] == "no_healthy_node"


# --- API tokens page -----------------------------------------------------------------------


def test_tokens_page_is_for_agents(client, paris):
    assert client.get("/accounts/api-tokens/").status_code == 302
    client.force_login(UserFactory(roles=[Role.RESIDENT]))
    assert client.get("/accounts/api-tokens/").status_code == 403


def test_agent_creates_a_token_shown_once_then_revokes_it(client, agent, paris):
    client.force_login(agent)
    response = client.post("/accounts/api-tokens/", {"name": "Courriers", "collectivity": paris.pk})
    html = response.content.decode()
    token = ApiToken.objects.get()
    raw = html.split('id="new-token">', 1)[1].split("<", 1)[0]
    assert raw.startswith("iac_") and token.prefix == raw[:10]
    assert raw not in client.get("/accounts/api-tokens/").content.decode()
    assert client.post("/accounts/api-tokens/", {"name": ""}).status_code == 400
    other = UserFactory(roles=[Role.AGENT])
    client.force_login(other)
    assert client.post(f"/accounts/api-tokens/{token.pk}/revoke/").status_code == 404
    client.force_login(agent)
    client.post(f"/accounts/api-tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_contract_url_names_resolve():
    assert reverse("inference_bridge:sandbox") == "/sandbox/"
    assert reverse("inference_bridge:tokens") == "/accounts/api-tokens/"


def test_usage_ledger_is_staff_only_and_bounded_in_queries(
    client, paris, local_node, django_assert_max_num_queries
):
    client.force_login(UserFactory())
    assert client.get("/sandbox/usage/").status_code == 403
    client.force_login(UserFactory(is_staff=True))
    for _ in range(3):
        UsageRecord.objects.create(
            channel="api", consumer=paris, server=paris, node=local_node, model_alias="m"
        )
    with django_assert_max_num_queries(12):
        response = client.get("/sandbox/usage/")
    assert response.status_code == 200
    assert "Ville de Paris" in response.content.decode()


def test_site_search_offers_the_sandbox_for_model_questions():
    from inference_bridge.search import site_search

    hits = site_search(query="modèle de langage", limit=5)
    assert hits[0]["url"] == "/sandbox/"
    assert site_search(query="piscine", limit=5) == []


def test_shared_conversations_are_readable_by_researchers_only_without_author(
    client, django_assert_max_num_queries
):
    from inference_bridge.services import conversation_share

    author = UserFactory(display_name="Auteur Secret")
    for i in range(25):
        conversation_share(
            conversation_id=f"00000000-0000-4000-8000-{i:012d}",
            user=author,
            messages=[
                {"role": "user", "content": f"Question {i}"},
                {"role": "assistant", "content": "Réponse"},
            ],
            model_alias="smollm2-135m-instruct",
        )
    client.force_login(UserFactory(roles=[Role.RESIDENT]))
    assert client.get("/sandbox/shared/").status_code == 403
    client.force_login(UserFactory(roles=[Role.RESEARCHER]))
    with django_assert_max_num_queries(10):
        response = client.get("/sandbox/shared/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="card ib-shared"') == 20 and "Auteur Secret" not in html
    assert "badge--ai" in html
    assert client.get("/sandbox/shared/?page=2").content.decode().count('ib-shared"') == 5
