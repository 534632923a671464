"""`llama_cpp.server` sends no usage in streams: the prompt is counted here and the figure marked
as estimated, so the ledger, energy figures and quotas no longer undercount (issue 12, item 7)."""

import json

import pytest

from inference_bridge import services
from inference_bridge.backends import (
    GenerationParams,
    LocalLlamaBackend,
    OpenAICompatibleBackend,
    Usage,
    estimate_prompt_tokens,
    local_tokenizer,
)
from inference_bridge.models import UsageRecord

from .conftest import MODEL_ALIAS
from .factories import InferenceNodeFactory

MESSAGES = [
    {"role": "system", "content": "You answer briefly."},
    {"role": "user", "content": "Name a colour of the French flag."},
]


def test_a_node_serving_another_model_is_estimated_at_four_characters_a_token():
    node = InferenceNodeFactory.build(model_alias="mistral-7b-instruct")
    characters = sum(len(m["content"]) + len(m["role"]) for m in MESSAGES)
    assert estimate_prompt_tokens(node, MESSAGES) == -(-characters // 4)


@pytest.mark.model
def test_a_node_serving_the_local_model_is_counted_with_its_tokenizer_and_chat_template():
    node = InferenceNodeFactory.build(model_alias=MODEL_ALIAS)
    expected = LocalLlamaBackend().count_prompt_tokens(local_tokenizer(), MESSAGES)
    assert expected > 20  # the chat template's own tokens are counted, not only the words
    assert estimate_prompt_tokens(node, MESSAGES) == expected


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_llama_cpp_server_streams_are_counted_and_marked_estimated_in_the_ledger(
    llama_server, asgi_client, paris, agent
):
    server = llama_server()
    node = InferenceNodeFactory(operator=paris, base_url=server.base_url)
    items = list(
        OpenAICompatibleBackend(node).stream_chat(MESSAGES, GenerationParams(max_tokens=4))
    )
    usage = items[-1]
    assert isinstance(usage, Usage)
    expected = LocalLlamaBackend().count_prompt_tokens(local_tokenizer(), MESSAGES)
    assert usage.tokens_estimated and usage.prompt_tokens == expected

    raw = services.api_token_create(user=agent, name="t")[1]
    response = asgi_client.post(
        "/v1/chat/completions",
        json.dumps({"model": MODEL_ALIAS, "messages": MESSAGES, "max_tokens": 4}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 200, response.body
    record = UsageRecord.objects.get()
    assert record.node == node
    assert record.prompt_tokens == expected and record.tokens_estimated
    assert response.json()["usage"]["prompt_tokens"] == expected

    staff = agent
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    asgi_client.force_login(staff)
    ledger = asgi_client.get("/sandbox/usage/").body.decode()
    assert "≈" in ledger
