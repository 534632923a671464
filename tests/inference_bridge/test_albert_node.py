"""The State's Albert API as a demo node: seeded disabled, and admitted or refused by the
sovereignty rule (zones, operators) once enabled."""

import io

import pytest

from inference_bridge.demo import albert_node_ensure, seed
from inference_bridge.models import InferenceNode, NodeStatus
from inference_bridge.router import available_aliases, sovereignty_allows

pytestmark = pytest.mark.django_db


def test_demo_seeds_albert_disabled_operated_by_the_state_in_france(settings):
    seed(stdout=io.StringIO())
    seed(stdout=io.StringIO())  # idempotent
    node = InferenceNode.objects.get(name="Albert (État)")
    assert node.status == NodeStatus.DISABLED
    assert (node.operator.slug, node.operator.name) == ("etat", "État")
    assert node.hosting_zone == "FR"
    assert node.engine == "openai" and node.api_key_env == "ALBERT_API_KEY"
    assert "albert-large" not in available_aliases()  # disabled: never offered


def test_sovereignty_rule_admits_or_refuses_the_enabled_albert_node(settings):
    node = albert_node_ensure()
    node.status = NodeStatus.ACTIVE
    node.save(update_fields=["status"])
    settings.INFERENCE_ALLOWED_ZONES = ["FR"]
    settings.INFERENCE_ALLOWED_OPERATORS = []
    assert sovereignty_allows(node)
    assert "albert-large" in available_aliases()
    settings.INFERENCE_ALLOWED_OPERATORS = ["paris"]
    assert not sovereignty_allows(node)
    assert "albert-large" not in available_aliases()
    settings.INFERENCE_ALLOWED_OPERATORS = ["paris", "etat"]
    assert sovereignty_allows(node)
    settings.INFERENCE_ALLOWED_OPERATORS = []
    settings.INFERENCE_ALLOWED_ZONES = ["DE"]
    assert not sovereignty_allows(node)
