"""Backends with the real SmolLM2 model (in process) and the SSE parser of remote nodes."""

import json

import httpx
import pytest

from inference_bridge.backends import (
    CancelToken,
    GenerationParams,
    LocalLlamaBackend,
    NodeUnavailable,
    OpenAICompatibleBackend,
    PromptTooLong,
    UpstreamError,
    Usage,
    get_local_model,
    iter_sse,
)

from .factories import InferenceNodeFactory

pytestmark = pytest.mark.model

MESSAGES = [{"role": "user", "content": "Name one colour."}]


def test_local_backend_streams_text_deltas_then_one_usage_record():
    items = list(LocalLlamaBackend().stream_chat(MESSAGES, GenerationParams(max_tokens=12)))
    deltas, usage = items[:-1], items[-1]
    assert deltas and all(isinstance(d, str) for d in deltas)
    assert isinstance(usage, Usage)
    assert usage.prompt_tokens > 5
    assert 1 <= usage.completion_tokens <= 12
    assert usage.ttft_s is not None and usage.duration_s >= usage.ttft_s
    assert usage.finish_reason in ("stop", "length")


def test_local_backend_always_bounds_the_answer_with_max_tokens():
    items = list(
        LocalLlamaBackend().stream_chat(
            [{"role": "user", "content": "Write a long story about Paris."}],
            GenerationParams(max_tokens=5, ignore_eos=True),
        )
    )
    assert items[-1].completion_tokens <= 6
    assert items[-1].finish_reason == "length"


def test_ignore_eos_makes_the_local_model_write_to_max_tokens():
    short = [{"role": "user", "content": "Answer with one word: what colour is the sky?"}]
    natural = list(
        LocalLlamaBackend().stream_chat(short, GenerationParams(max_tokens=120, temperature=0))
    )
    assert natural[-1].finish_reason == "stop"  # the model ends this answer by itself
    forced = list(
        LocalLlamaBackend().stream_chat(
            short, GenerationParams(max_tokens=120, temperature=0, ignore_eos=True)
        )
    )
    assert forced[-1].finish_reason == "length"
    assert forced[-1].completion_tokens >= 118


def test_local_backend_counts_the_prompt_before_generating_and_refuses_over_budget(settings):
    llm = get_local_model()
    long_text = "Paris " * (llm.n_ctx())
    with pytest.raises(PromptTooLong) as excinfo:
        list(
            LocalLlamaBackend().stream_chat(
                [{"role": "user", "content": long_text}], GenerationParams(max_tokens=16)
            )
        )
    assert excinfo.value.limit == llm.n_ctx() - 16
    assert "limit" in str(excinfo.value)


def test_local_backend_stops_between_tokens_when_cancelled():
    cancel = CancelToken()
    stream = LocalLlamaBackend().stream_chat(
        [{"role": "user", "content": "Count from one to one hundred."}],
        GenerationParams(max_tokens=200, ignore_eos=True),  # cannot end before the cancel
        cancel,
    )
    received = [next(stream), next(stream)]
    cancel.set()
    rest = list(stream)
    assert isinstance(rest[-1], Usage)
    assert rest[-1].finish_reason == "cancelled"
    assert rest[-1].completion_tokens < 50
    assert len(rest) < 50
    assert all(isinstance(x, str) for x in received)


def test_cancel_token_sees_a_stop_sent_through_the_shared_cache(db):
    from django.core.cache import cache

    token = CancelToken("abc123")
    assert not token.is_set()
    cache.set(CancelToken.cache_key("abc123"), 1)
    token._last_poll = 0
    assert token.is_set()


def test_sse_parser_joins_events_split_across_chunks():
    lines = ['data: {"a":', "", ": comment", "event: error", 'data: {"b": 1}', "", "data: x"]
    assert list(iter_sse(iter(lines))) == [
        ("message", '{"a":'),
        ("error", '{"b": 1}'),
        ("message", "x"),
    ]


def _remote(monkeypatch, handler, db=None):
    node = InferenceNodeFactory.build(base_url="http://node.invalid:8080", engine="llama_server")
    backend = OpenAICompatibleBackend(node)
    monkeypatch.setattr(
        backend, "_client", lambda: httpx.Client(transport=httpx.MockTransport(handler))
    )
    return backend


def _sse_body(*events: str) -> bytes:
    return "".join(f"data: {e}\n\n" for e in events).encode()


def chunk(text):
    return json.dumps({"choices": [{"index": 0, "delta": {"content": text}}]})


def test_remote_backend_parses_the_stream_and_sends_the_api_key(monkeypatch):
    seen = {}

    def handler(request):
        seen["auth"] = request.headers.get("authorization")
        seen["body"] = json.loads(request.content)
        return httpx.Response(
            200,
            content=_sse_body(chunk("Bon"), chunk("jour"), "[DONE]"),
            headers={"content-type": "text/event-stream"},
        )

    monkeypatch.setenv("NODE_KEY_TEST", "s3cret")
    backend = _remote(monkeypatch, handler)
    backend.node.api_key_env = "NODE_KEY_TEST"
    items = list(backend.stream_chat(MESSAGES, GenerationParams(max_tokens=7)))
    assert items[:2] == ["Bon", "jour"]
    assert items[-1].completion_tokens == 2
    assert seen["auth"] == "Bearer s3cret"
    assert seen["body"]["max_tokens"] == 7 and seen["body"]["stream"] is True
    assert "ignore_eos" not in seen["body"]
    list(backend.stream_chat(MESSAGES, GenerationParams(max_tokens=7, ignore_eos=True)))
    assert seen["body"]["ignore_eos"] is True


def test_remote_backend_treats_an_error_event_inside_a_200_stream_as_an_error(monkeypatch):
    body = _sse_body(chunk("Bon"), json.dumps({"error": {"message": "KV cache full"}}))
    backend = _remote(monkeypatch, lambda r: httpx.Response(200, content=body))
    stream = backend.stream_chat(MESSAGES, GenerationParams(max_tokens=7))
    assert next(stream) == "Bon"
    with pytest.raises(UpstreamError, match="KV cache full"):
        list(stream)


def test_remote_backend_error_before_first_token_allows_fail_over(monkeypatch):
    body = _sse_body(json.dumps({"error": {"message": "loading model"}}))
    backend = _remote(monkeypatch, lambda r: httpx.Response(200, content=body))
    with pytest.raises(NodeUnavailable):
        list(backend.stream_chat(MESSAGES, GenerationParams(max_tokens=7)))


def test_remote_backend_5xx_and_unreachable_node_are_unavailable(monkeypatch):
    backend = _remote(monkeypatch, lambda r: httpx.Response(503, json={"error": "busy"}))
    with pytest.raises(NodeUnavailable):
        list(backend.stream_chat(MESSAGES, GenerationParams(max_tokens=7)))

    def refuse(request):
        raise httpx.ConnectError("refused")

    backend = _remote(monkeypatch, refuse)
    with pytest.raises(NodeUnavailable):
        list(backend.stream_chat(MESSAGES, GenerationParams(max_tokens=7)))


def test_node_api_key_is_encrypted_at_rest(db):
    node = InferenceNodeFactory()
    node.set_api_key("top-secret")
    node.save()
    node.refresh_from_db()
    assert "top-secret" not in node.api_key_encrypted
    assert node.get_api_key() == "top-secret"
