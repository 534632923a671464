"""Fixtures of the workspace tests (assistants: settings, a crafted model text)."""

import pytest

from inference_bridge.backends import Usage
from inference_bridge.models import InferenceNode

AGENT_DEPARTMENT = "Direction des sports"


@pytest.fixture(autouse=True)
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
