"""Each assistant is a model of the agents' OpenAI-compatible API, "assistant:<slug>": tested
with the official `openai` client against the site under uvicorn."""

import openai
import pytest

from inference_bridge import services as ib_services
from inference_bridge.models import UsageRecord
from tests.factories import UserFactory
from tests.inference_bridge.factories import CollectivityFactory, LocalNodeFactory
from tests.workspace.conftest import AGENT_DEPARTMENT
from workspace.demo import assistants_seed


def _client(server, user):
    paris = CollectivityFactory(slug="paris", name="Ville de Paris")
    raw = ib_services.api_token_create(user=user, collectivity=paris, name="tests")[1]
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key=raw, max_retries=0)


@pytest.mark.model
def test_assistant_models_answer_through_the_openai_client(asgi_live_server, settings):
    settings.INFERENCE_MAX_TOKENS_DEFAULT = 16
    LocalNodeFactory()
    assistants_seed()
    agent = UserFactory(roles=["agent"], department=AGENT_DEPARTMENT)
    client = _client(asgi_live_server, agent)
    names = [m.id for m in client.models.list().data]
    assert "assistant:langage-clair" in names
    assert "assistant:questions-sur-une-collection" not in names  # needs the workspace
    answer = client.chat.completions.create(
        model="assistant:langage-clair",
        messages=[{"role": "user", "content": "La mairie procède à l'instruction des demandes."}],
        max_tokens=12,
    )
    assert answer.choices[0].message.content
    record = UsageRecord.objects.get()
    assert (record.purpose, record.department) == ("assistant:langage-clair", AGENT_DEPARTMENT)
    chunks = client.chat.completions.create(
        model="assistant:traduire",
        messages=[{"role": "user", "content": "Bonjour"}],
        max_tokens=8,
        stream=True,
    )
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


def test_assistant_models_are_refused_to_other_roles(asgi_live_server):
    LocalNodeFactory()
    assistants_seed()
    client = _client(asgi_live_server, UserFactory(roles=["resident"]))
    assert not [m.id for m in client.models.list().data if m.id.startswith("assistant:")]
    with pytest.raises(openai.PermissionDeniedError):
        client.chat.completions.create(
            model="assistant:traduire", messages=[{"role": "user", "content": "Bonjour"}]
        )
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(
            model="assistant:nope", messages=[{"role": "user", "content": "Bonjour"}]
        )
