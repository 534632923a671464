"""Fixtures of the workspace tests: roles, uploads (documents); settings, the in-process node,
the starter assistants and a crafted model text (assistants); a real llama server serving
embeddings (retrieval)."""

import pytest

from accounts.roles import Role
from inference_bridge.backends import Usage
from inference_bridge.models import InferenceNode
from tests.factories import UserFactory
from tests.inference_bridge.factories import InferenceNodeFactory, LocalNodeFactory
from tests.llama_server import MODEL_ALIAS, LlamaServer


@pytest.fixture
def agent(db):
    return UserFactory(roles=[Role.AGENT], department="DSIN")


@pytest.fixture
def colleague(db):
    return UserFactory(roles=[Role.AGENT], department="DSIN")


@pytest.fixture
def other_agent(db):
    return UserFactory(roles=[Role.AGENT], department="Voirie")


@pytest.fixture
def ai_lead(db):
    return UserFactory(roles=[Role.AI_LEAD], department="DSIN")


@pytest.fixture
def resident(db):
    return UserFactory(roles=[Role.RESIDENT])


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Upload through the service and run the extraction task queued after commit."""
    from workspace.documents import services

    def _upload(owner, name, data, **kwargs):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            document = services.document_upload(owner=owner, name=name, data=data, **kwargs)
        assert len(callbacks) == 1  # the extraction task, queued after commit
        services.document_extract(document_id=document.pk)
        document.refresh_from_db()
        return document

    return _upload


# --- Assistants --------------------------------------------------------------------------

AGENT_DEPARTMENT = "Direction des sports"


@pytest.fixture
def workspace_settings(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ws"}
    }
    from django.core.cache import cache

    cache.clear()
    settings.INFERENCE_DEFAULT_MODEL = "smollm2-135m-instruct"
    settings.INFERENCE_ALLOWED_ZONES = ["FR"]
    settings.INFERENCE_ALLOWED_OPERATORS = []
    settings.WORKSPACE_DEPARTMENT_QUOTA = "1000/day"
    yield
    cache.clear()


@pytest.fixture
def node(db):
    """The bundled model, in process: the node the assistants' alias is served by."""
    return LocalNodeFactory()


@pytest.fixture
def starters(db):
    """The starter assistants, by slug, as the demo seeds them."""
    from workspace.demo import assistants_seed
    from workspace.models import Assistant

    assistants_seed()
    return {a.slug: a for a in Assistant.objects.all()}


@pytest.fixture
def crafted_model(monkeypatch):
    """Replace only what the model writes: the node, the text and the usage are yielded as the
    router does, and everything after (ledger, grounding, run) runs for real."""

    def install(text: str, usage: Usage | None = None):
        def route_stream(*, model_alias, messages, params, cancel):
            yield InferenceNode.objects.filter(model_alias=model_alias).first()
            for word in text.split(" "):
                yield word + " "
            yield usage or Usage(
                prompt_tokens=10, completion_tokens=len(text.split()), duration_s=0.1
            )

        monkeypatch.setattr("inference_bridge.generation.route_stream", route_stream)

    return install


# --- Embeddings from a node --------------------------------------------------------------

EMBEDDING_ALIAS = "smollm2-embeddings"


@pytest.fixture(scope="module")
def embedding_server():
    """A real `python -m llama_cpp.server --embedding true` with the bundled model."""
    server = LlamaServer(embedding=True).start()
    yield server
    server.stop()


@pytest.fixture
def embedding_node(db, embedding_server, settings):
    """An HTTP node serving embeddings under its own alias, and the workspace set to use it."""
    from inference_bridge.router import nodes_snapshot_reset

    settings.INFERENCE_ALLOWED_ZONES = ["FR"]
    settings.INFERENCE_ALLOWED_OPERATORS = []
    settings.WORKSPACE_EMBEDDINGS = f"node:{EMBEDDING_ALIAS}"
    nodes_snapshot_reset()
    node = InferenceNodeFactory(
        name="embeddings",
        base_url=embedding_server.base_url,
        model_alias=EMBEDDING_ALIAS,
        upstream_model=MODEL_ALIAS,
    )
    yield node
    nodes_snapshot_reset()
