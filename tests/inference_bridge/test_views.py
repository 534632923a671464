"""Sandbox pages, streaming endpoint, quotas, queue, privacy, tokens page, staff ledger."""

import html
import json
import re
from urllib.parse import urlencode

import pytest
from asgiref.sync import async_to_sync
from django.urls import reverse

from accounts.roles import Role
from inference_bridge.gate import gate
from inference_bridge.models import ApiToken, SharedConversation, UsageRecord
from tests.factories import UserFactory
from tests.helpers import wait_until

from .conftest import AsgiClient

pytestmark = pytest.mark.django_db

SANDBOX = "/sandbox/"
STREAM = "/sandbox/stream/"


def sse_events(response) -> list[tuple[str, dict]]:
    assert response.status_code == 200, response.body
    assert response["Content-Type"] == "text/event-stream"
    events = []
    for block in response.body.decode().split("\n\n"):
        if not block.strip():
            continue
        name = next(line[7:] for line in block.splitlines() if line.startswith("event: "))
        data = next(line[6:] for line in block.splitlines() if line.startswith("data: "))
        events.append((name, json.loads(data)))
    return events


def ask(client, prompt="Name a colour.", **extra):
    return client.post(STREAM, {"prompt": prompt, "temperature": "0.2", "max_tokens": 64, **extra})


def test_sandbox_shows_the_ai_notice_before_first_use(client, asgi_client, local_node):
    response = client.get(SANDBOX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "article 50" in html.lower()
    assert 'name="acknowledge"' in html
    assert '<button type="submit" class="button">Commencer</button>' in html  # not "Début"
    assert 'id="ib-form"' not in html
    assert "<script>" not in html and 'style="' not in html  # CSP: no inline code
    refused = ask(asgi_client)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "notice_required"


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


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/sandbox/", ("Un tout petit modèle de démonstration", "son français est médiocre")),
        ("/en/sandbox/", ("A tiny demonstration model", "its French is poor")),
    ],
)
def test_the_bundled_model_is_introduced_as_a_tiny_demonstration_with_examples(
    accepted_client, path, says
):
    from django.test import Client

    from inference_bridge.selectors import DEMONSTRATION_PROMPTS

    for visitor in (Client(), accepted_client):  # before and after the notice
        page = html.unescape(visitor.get(path).content.decode())
        for text in says:
            assert text in page
        for example in DEMONSTRATION_PROMPTS:
            link = f'href="{path}?{urlencode({"prompt": example})}" lang="en"'
            assert link in page
    # an example link fills the question box, without JavaScript too
    example = DEMONSTRATION_PROMPTS[0]
    page = html.unescape(accepted_client.get(path, {"prompt": example}).content.decode())
    assert re.search(rf'<textarea name="prompt"[^>]*>\s*{re.escape(example)}</textarea>', page)


def test_a_configured_larger_model_is_not_called_a_demonstration(client, settings):
    settings.INFERENCE_MODEL_CARD = {**settings.INFERENCE_MODEL_CARD, "name": "Lucie-7B-Instruct"}
    page = html.unescape(client.get("/en/sandbox/").content.decode())
    assert "Lucie-7B-Instruct" in page
    assert "A tiny demonstration model" not in page and "?prompt=" not in page


@pytest.mark.django_db(transaction=True)
def test_stream_sends_start_node_deltas_usage_and_done(accepted_asgi_client, local_node):
    events = sse_events(ask(accepted_asgi_client))
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


@pytest.mark.django_db(transaction=True)
def test_no_text_is_stored_without_opt_in_and_shared_with_consent(accepted_asgi_client, local_node):
    client = accepted_asgi_client
    sse_events(ask(client, prompt="Question privée"))
    assert not SharedConversation.objects.exists()
    cid = "11111111-2222-4333-8444-555555555555"
    sse_events(ask(client, prompt="Question partagée", share="on", conversation_id=cid))
    shared = SharedConversation.objects.get()
    assert shared.messages[0] == {"role": "user", "content": "Question partagée"}
    assert shared.messages[1]["role"] == "assistant"
    # Unticking the box withdraws the consent for this conversation.
    sse_events(ask(client, prompt="Encore", conversation_id=cid))
    assert not SharedConversation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_form_post_returns_the_full_labelled_answer(
    accepted_asgi_client, local_node
):
    response = accepted_asgi_client.post(
        SANDBOX, {"prompt": "Say hello.", "temperature": "0.3", "max_tokens": 64}
    )
    html = response.body.decode()
    assert response.status_code == 200
    assert "badge--ai" in html and "SmolLM2-135M-Instruct" in html
    assert "Say hello." in html and "Wh" in html
    assert "&quot;role&quot;: &quot;assistant&quot;" in html  # history carried in the form
    assert UsageRecord.objects.get().channel == "sandbox"


@pytest.mark.django_db(transaction=True)
def test_without_javascript_a_visitor_who_skipped_the_notice_is_sent_back_to_it(
    asgi_client, local_node
):
    response = asgi_client.post(
        SANDBOX, {"prompt": "Say hello.", "temperature": "0.5", "max_tokens": 64}
    )
    assert response.status_code == 302 and response["Location"] == SANDBOX
    assert not UsageRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_invalid_form_is_a_400_with_a_readable_message(accepted_asgi_client, local_node):
    client = accepted_asgi_client
    response = client.post(SANDBOX, {"prompt": "", "temperature": "0.5", "max_tokens": 64})
    assert response.status_code == 400
    assert "Saisissez d'abord une question." in html.unescape(response.body.decode())
    refused = ask(client, prompt="")
    assert refused.status_code == 400
    assert refused.json()["error"] == {
        "status": 400,
        "code": "invalid_form",
        "message": "Saisissez d'abord une question.",
    }
    refused = ask(client, temperature="5")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid_form"
    assert not UsageRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_nul_character_in_the_history_is_a_400_and_nothing_is_stored(
    accepted_asgi_client, local_node
):
    """PostgreSQL refuses U+0000 in a JSON column (a 500 when the conversation was shared)."""
    history = json.dumps([{"role": "user", "content": "a\u0000b"}])
    refused = ask(accepted_asgi_client, history=history, share="on")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "invalid_form"
    assert "NUL" in refused.json()["error"]["message"]
    page = accepted_asgi_client.post(
        SANDBOX, {"prompt": "Keep me", "temperature": "0.5", "max_tokens": 64, "history": history}
    )
    assert page.status_code == 400
    assert "Keep me" in page.body.decode()  # what the visitor typed is kept
    assert not SharedConversation.objects.exists() and not UsageRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_quota_exceeded_is_a_429_with_retry_after_and_a_readable_message(
    settings, accepted_asgi_client, local_node
):
    settings.INFERENCE_QUOTA_ANON_SESSION = "1/hour"
    sse_events(ask(accepted_asgi_client))
    response = ask(accepted_asgi_client)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    error = response.json()["error"]
    assert error["code"] == "quota_exceeded"
    assert error["message"].startswith("Vous avez atteint la limite de 1 questions par heure.")
    # Without JavaScript, the same refusal is shown on the page, with the same header.
    page = accepted_asgi_client.post(
        SANDBOX, {"prompt": "Encore ?", "temperature": "0.5", "max_tokens": 64}
    )
    assert page.status_code == 429 and int(page["Retry-After"]) > 0
    assert "Vous avez atteint la limite de 1 questions par heure." in page.body.decode()
    assert "Encore ?" in page.body.decode()  # the question is kept on the form
    assert UsageRecord.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_logged_in_users_have_their_own_quota(settings, asgi_client, local_node):
    settings.INFERENCE_QUOTA_USER = "1/day"
    asgi_client.force_login(UserFactory())
    asgi_client.accept_notice()
    sse_events(ask(asgi_client))
    assert ask(asgi_client).status_code == 429
    # Another visitor (anonymous, own session) still has questions left.
    other = AsgiClient().accept_notice()
    assert ask(other).status_code == 200


def test_full_queue_is_a_503_with_retry_after(settings, accepted_asgi_client, local_node):
    settings.INFERENCE_MAX_CONCURRENT = 1
    settings.INFERENCE_QUEUE_SIZE = 0
    held = gate.enter()
    try:
        response = ask(accepted_asgi_client)
        assert response.status_code == 503
        assert response["Retry-After"] == "10"
        assert response.json()["error"]["code"] == "queue_full"
    finally:
        gate.release(held)
    assert gate.running == 0 and gate.waiting == 0


@pytest.mark.django_db(transaction=True)
def test_waiting_request_is_told_its_queue_position(settings, accepted_asgi_client, local_node):
    settings.INFERENCE_MAX_CONCURRENT = 1
    # A generation an earlier test stopped may still be finishing in its kept thread.
    wait_until(lambda: gate.running == 0 and gate.waiting == 0, timeout=120, what="an idle gate")
    held = gate.enter()
    client = accepted_asgi_client.async_client

    async def ask_and_release_once_told():
        # The place is given back only after the client has read its position: releasing on
        # `gate.waiting == 1` raced the worker thread, which then found itself admitted.
        response = await ask(client)
        chunks = []
        async for chunk in response.streaming_content:
            chunks.append(chunk)
            if b"event: queue" in chunk:
                gate.release(held)  # idempotent
        response.body = b"".join(chunks)
        return response

    try:
        events = sse_events(async_to_sync(ask_and_release_once_told)())
    finally:
        gate.release(held)
    assert ("queue", {"position": 1}) in events
    assert any(n == "usage" for n, _ in events)
    assert gate.running == 0 and gate.waiting == 0


@pytest.mark.django_db(transaction=True)
def test_stop_request_cancels_the_generation_between_tokens(
    accepted_asgi_client, local_node, settings
):
    settings.INFERENCE_IGNORE_EOS = True  # the answer cannot end by itself before the stop
    client = accepted_asgi_client.async_client

    async def ask_then_stop():
        response = await client.post(
            STREAM,
            {
                "prompt": "Write the numbers from 1 to 300, separated by commas.",
                "temperature": "0",
                "max_tokens": 512,
            },
        )
        chunks = aiter(response.streaming_content)
        start = json.loads((await anext(chunks)).decode().split("data: ", 1)[1])
        while b"event: delta" not in await anext(chunks):  # wait for the answer to begin
            pass
        stopped = await client.post("/sandbox/stop/", {"id": start["id"]})
        assert stopped.json() == {"stopped": True}
        return b"".join([chunk async for chunk in chunks]).decode()

    rest = async_to_sync(ask_then_stop)()
    assert "event: usage" in rest, rest
    usage = json.loads(rest.split("event: usage\ndata: ", 1)[1].split("\n", 1)[0])
    assert usage["finish_reason"] == "cancelled", rest
    assert usage["completion_tokens"] < 400
    assert UsageRecord.objects.get().finish_reason == "cancelled"


def test_stop_request_with_a_malformed_id_is_refused(asgi_client):
    response = asgi_client.post("/sandbox/stop/", {"id": "../etc"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_id"


@pytest.mark.django_db(transaction=True)
def test_no_healthy_node_is_reported_in_the_stream(accepted_asgi_client, local_node):
    local_node.status = "disabled"
    local_node.save()
    events = sse_events(ask(accepted_asgi_client))
    error = dict(events)["error"]
    assert error["status"] == 503 and error["code"] == "no_healthy_node"
    assert [name for name, _ in events] == ["start", "error", "done"]


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


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_a_streamed_sandbox_answer_costs_the_session_and_the_ledger_only(
    accepted_asgi_client, local_node, django_assert_max_num_queries, queries_in_every_thread
):
    """Quotas, in-flight counters, the node list, the city and the stop flag cost no query: the
    session is read, the usage record written, the unshared conversation forgotten, all in
    the generation thread (kept between answers, with its connection)."""
    ask(accepted_asgi_client)  # first use: loads the model and the node list
    queries_in_every_thread.clear()
    with django_assert_max_num_queries(0):  # the request's own thread
        events = sse_events(ask(accepted_asgi_client))
    assert [n for n, _ in events][-1] == "done"
    statements = [  # transaction control (SQLite's BEGIN) is not a round trip of its own
        sql
        for _thread, sql in queries_in_every_thread
        if not sql.startswith(("BEGIN", "SAVEPOINT", "RELEASE"))
    ]
    assert len(statements) == 3, statements
    assert {thread for thread, _sql in queries_in_every_thread} == {"inference-generation"}
    assert "django_session" in statements[0]
    assert statements[1].startswith("INSERT") and "inference_bridge_usagerecord" in statements[1]
    assert statements[2].startswith("DELETE") and "sharedconversation" in statements[2]
    assert UsageRecord.objects.count() == 2
