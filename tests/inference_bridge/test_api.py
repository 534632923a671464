"""Agents' OpenAI-compatible API: errors in OpenAI's shape, and the official client, unchanged."""

import json

import pytest

from inference_bridge import services
from inference_bridge.gate import gate
from inference_bridge.models import UsageRecord

from .conftest import MODEL_ALIAS

pytestmark = pytest.mark.django_db

URL = "/v1/chat/completions"


@pytest.fixture
def raw_token(agent, paris):
    return services.api_token_create(user=agent, collectivity=paris, name="tests")[1]


def post(client, body, token=None, raw=False):
    """POST through Django's ASGI handler (`asgi_client`), as under uvicorn."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = body if raw else json.dumps(body)
    return client.post(URL, data, content_type="application/json", headers=headers)


def body(**kw):
    return {
        "model": MODEL_ALIAS,
        "messages": [{"role": "user", "content": "Hi"}],
        "max_tokens": 8,
        **kw,
    }


def assert_openai_error(response, status, code):
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert set(error) >= {"message", "type", "code"}
    assert error["code"] == code
    return error


def test_models_lists_the_served_aliases(asgi_client, local_node, raw_token):
    response = asgi_client.get("/v1/models", headers={"Authorization": f"Bearer {raw_token}"})
    assert response.status_code == 200
    assert [m["id"] for m in response.json()["data"]] == [MODEL_ALIAS]
    assert_openai_error(asgi_client.get("/v1/models"), 401, "invalid_api_key")


def test_bad_or_revoked_token_is_401(asgi_client, local_node, raw_token):
    client = asgi_client
    assert_openai_error(post(client, body()), 401, "invalid_api_key")
    assert_openai_error(post(client, body(), "iac_nope"), 401, "invalid_api_key")
    services.api_token_revoke(token=services.api_token_authenticate(raw=raw_token), actor=None)
    assert_openai_error(post(client, body(), raw_token), 401, "invalid_api_key")
    assert not UsageRecord.objects.exists()


def test_malformed_json_and_missing_messages_are_400(asgi_client, local_node, raw_token):
    client = asgi_client
    assert_openai_error(post(client, "{oops", raw_token, raw=True), 400, "invalid_json")
    assert_openai_error(post(client, [1, 2], raw_token), 400, "invalid_json")
    assert_openai_error(post(client, {"model": MODEL_ALIAS}, raw_token), 400, "missing_messages")
    assert_openai_error(
        post(client, body(messages=[{"role": "wizard", "content": "x"}]), raw_token),
        400,
        "invalid_messages",
    )
    assert_openai_error(post(client, body(max_tokens="lots"), raw_token), 400, "invalid_request")
    error = assert_openai_error(post(client, {"messages": []}, raw_token), 400, "missing_model")
    assert error["param"] == "model" and error["type"] == "invalid_request_error"


def test_over_long_prompt_is_400_naming_the_limit(settings, asgi_client, local_node, raw_token):
    settings.INFERENCE_MAX_PROMPT_CHARS = 100
    error = assert_openai_error(
        post(asgi_client, body(messages=[{"role": "user", "content": "x" * 101}]), raw_token),
        400,
        "context_length_exceeded",
    )
    assert "100" in error["message"] and error["param"] == "messages"


@pytest.mark.django_db(transaction=True)
def test_prompt_over_the_model_context_is_400_naming_the_token_limit(
    settings, asgi_client, local_node, raw_token
):
    settings.INFERENCE_MAX_PROMPT_CHARS = 100_000
    long = "Paris est une ville. " * 1200
    for stream in (False, True):
        error = assert_openai_error(
            post(
                asgi_client,
                body(messages=[{"role": "user", "content": long}], stream=stream),
                raw_token,
            ),
            400,
            "context_length_exceeded",
        )
        assert "tokens" in error["message"]


def test_a_nul_character_in_the_body_is_400(asgi_client, local_node, raw_token):
    nul = body(messages=[{"role": "user", "content": "a\u0000b"}])
    assert_openai_error(post(asgi_client, nul, raw_token), 400, "invalid_json")
    assert not UsageRecord.objects.exists()


def test_unknown_model_is_404(asgi_client, local_node, raw_token):
    error = assert_openai_error(
        post(asgi_client, body(model="gpt-5"), raw_token), 404, "model_not_found"
    )
    assert error["param"] == "model"


@pytest.mark.django_db(transaction=True)
def test_quota_is_429_with_retry_after(asgi_client, local_node, raw_token):
    client = asgi_client
    token = services.api_token_authenticate(raw=raw_token)
    token.daily_request_quota = 1
    token.save()
    assert post(client, body(), raw_token).status_code == 200
    response = post(client, body(), raw_token)
    error = assert_openai_error(response, 429, "rate_limit_exceeded")
    assert error["type"] == "rate_limit_error"
    assert int(response["Retry-After"]) > 0
    assert UsageRecord.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_no_healthy_node_is_503_never_500(asgi_client, local_node, raw_token):
    # The alias stays known (another node serves it) but that node is down.
    local_node.base_url = "http://127.0.0.1:9"
    local_node.engine = "llama_cpp_python"
    local_node.save()
    response = post(asgi_client, body(), raw_token)
    assert_openai_error(response, 503, "no_healthy_node")
    assert response["Retry-After"] == "5"


def test_full_queue_is_503(settings, asgi_client, local_node, raw_token):
    settings.INFERENCE_MAX_CONCURRENT = 1
    settings.INFERENCE_QUEUE_SIZE = 0
    held = gate.enter()
    try:
        response = post(asgi_client, body(), raw_token)
        assert_openai_error(response, 503, "server_busy")
        assert response["Retry-After"] == "10"
    finally:
        gate.release(held)


def test_wrong_method_is_405_in_openai_shape(asgi_client):
    assert_openai_error(asgi_client.get(URL), 405, "method_not_allowed")
    assert_openai_error(asgi_client.post("/v1/models"), 405, "method_not_allowed")


@pytest.mark.django_db(transaction=True)
def test_usage_is_recorded_against_the_token_collectivity(asgi_client, local_node, raw_token):
    data = post(asgi_client, body(), raw_token).json()
    assert data["object"] == "chat.completion"
    record = UsageRecord.objects.get()
    assert record.channel == "api" and record.consumer.slug == "paris"
    assert record.completion_tokens == data["usage"]["completion_tokens"]


def test_official_openai_client_against_the_asgi_live_server(
    asgi_live_server, local_node, raw_token
):
    from openai import OpenAI

    client = OpenAI(base_url=asgi_live_server.url + "/v1", api_key=raw_token, max_retries=0)
    assert [m.id for m in client.models.list()] == [MODEL_ALIAS]

    completion = client.chat.completions.create(
        model=MODEL_ALIAS,
        messages=[{"role": "user", "content": "Say hello."}],
        max_tokens=8,
    )
    assert completion.choices[0].message.content
    assert completion.usage.completion_tokens >= 1

    stream = client.chat.completions.create(
        model=MODEL_ALIAS,
        messages=[{"role": "user", "content": "Say hello."}],
        max_tokens=8,
        stream=True,
        stream_options={"include_usage": True},
    )
    pieces, usage = [], None
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            pieces.append(chunk.choices[0].delta.content)
        if chunk.usage:
            usage = chunk.usage
    assert len(pieces) >= 2 and usage.completion_tokens >= 1

    import openai

    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(
            model="unknown", messages=[{"role": "user", "content": "x"}], max_tokens=4
        )
    with pytest.raises(openai.AuthenticationError):
        OpenAI(
            base_url=asgi_live_server.url + "/v1", api_key="iac_bad", max_retries=0
        ).models.list()


@pytest.mark.django_db(transaction=True)
def test_streaming_sends_openai_chunks_then_done(asgi_client, local_node, raw_token):
    response = post(asgi_client, body(stream=True), raw_token)
    assert response.status_code == 200 and response["Content-Type"] == "text/event-stream"
    text = response.body.decode()
    assert text.rstrip().endswith("data: [DONE]")
    assert text.count("chat.completion.chunk") >= 3
    assert UsageRecord.objects.get().channel == "api"


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_a_streamed_answer_reads_the_token_and_writes_the_ledger_and_nothing_else(
    asgi_client, local_node, raw_token, django_assert_max_num_queries, queries_in_every_thread
):
    """Quotas, in-flight counters, the node list and the stop flag cost no query (shared cache
    and memory): one query finds the token, one writes the usage record, both in the
    generation thread (kept between answers, with its connection), none in the request's."""
    request = body(stream=True, max_tokens=4)
    assert post(asgi_client, request, raw_token).status_code == 200  # first use: loads, touches
    queries_in_every_thread.clear()
    with django_assert_max_num_queries(0):  # the request's own thread
        response = post(asgi_client, request, raw_token)
    assert response.status_code == 200 and b"data: [DONE]" in response.body
    statements = [  # transaction control (SQLite's BEGIN) is not a round trip of its own
        sql
        for _thread, sql in queries_in_every_thread
        if not sql.startswith(("BEGIN", "SAVEPOINT", "RELEASE"))
    ]
    assert len(statements) == 2, statements
    assert {thread for thread, _sql in queries_in_every_thread} == {"inference-generation"}
    assert "inference_bridge_apitoken" in statements[0]
    assert statements[1].startswith("INSERT") and "inference_bridge_usagerecord" in statements[1]
    assert UsageRecord.objects.count() == 2
