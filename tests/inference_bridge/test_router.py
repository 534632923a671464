"""Router: eligibility, sovereignty, least busy, cooldown and fail-over before the first token."""

from datetime import timedelta

import pytest
from django.utils import timezone

from inference_bridge.backends import GenerationParams, Usage
from inference_bridge.models import InferenceNode
from inference_bridge.router import (
    NoHealthyNode,
    candidate_nodes,
    inflight_get,
    inflight_incr,
    route_stream,
)
from inference_bridge.services import node_health_check

from .conftest import MODEL_ALIAS
from .factories import CollectivityFactory, InferenceNodeFactory

pytestmark = pytest.mark.django_db


def test_only_active_healthy_nodes_serving_the_alias_are_candidates(paris):
    good = InferenceNodeFactory(operator=paris)
    InferenceNodeFactory(operator=paris, status="disabled")
    InferenceNodeFactory(operator=paris, model_alias="other-model")
    InferenceNodeFactory(
        operator=paris, healthy=False, cooldown_until=timezone.now() + timedelta(minutes=5)
    )
    assert candidate_nodes(MODEL_ALIAS) == [good]


def test_sovereignty_rule_filters_zones_and_operators(settings, paris):
    lyon = CollectivityFactory(slug="lyon")
    fr = InferenceNodeFactory(operator=paris)
    InferenceNodeFactory(operator=paris, hosting_zone="US")
    from_lyon = InferenceNodeFactory(operator=lyon)
    assert set(candidate_nodes(MODEL_ALIAS)) == {fr, from_lyon}
    settings.INFERENCE_ALLOWED_OPERATORS = ["paris"]
    assert candidate_nodes(MODEL_ALIAS) == [fr]


def test_least_busy_node_comes_first_with_in_flight_counters_in_the_shared_cache(paris):
    small = InferenceNodeFactory(operator=paris, slots=1)
    big = InferenceNodeFactory(operator=paris, slots=4)
    inflight_incr(small.pk)
    inflight_incr(big.pk)
    inflight_incr(big.pk)
    assert inflight_get([small.pk, big.pk]) == {small.pk: 1, big.pk: 2}
    assert candidate_nodes(MODEL_ALIAS)[0] == big  # 2/4 < 1/1


def test_router_fails_over_before_the_first_token_and_cools_the_dead_node_down(
    settings, local_node
):
    settings.INFERENCE_FAILURES_BEFORE_COOLDOWN = 1
    dead = InferenceNodeFactory(operator=local_node.operator, base_url="http://127.0.0.1:9")
    # Make the dead node look least busy so that it is tried first.
    inflight_incr(local_node.pk)
    items = list(
        route_stream(
            model_alias=MODEL_ALIAS,
            messages=[{"role": "user", "content": "Hi"}],
            params=GenerationParams(max_tokens=4),
        )
    )
    assert items[0] == local_node
    assert isinstance(items[-1], Usage)
    dead.refresh_from_db()
    assert dead.is_cooling_down() and not dead.healthy
    assert dead.consecutive_failures == 1


def test_no_node_raises_no_healthy_node():
    with pytest.raises(NoHealthyNode):
        list(route_stream(model_alias="x", messages=[], params=GenerationParams(max_tokens=1)))


def test_health_check_recovers_a_node_and_cools_down_after_repeated_failures(settings, local_node):
    settings.INFERENCE_FAILURES_BEFORE_COOLDOWN = 2
    dead = InferenceNodeFactory(operator=local_node.operator, base_url="http://127.0.0.1:9")
    assert node_health_check(node=dead) is False
    dead.refresh_from_db()
    assert dead.healthy and not dead.is_cooling_down()  # one failure is not enough
    node_health_check(node=dead)
    dead.refresh_from_db()
    assert dead.is_cooling_down()
    InferenceNode.objects.filter(pk=local_node.pk).update(
        healthy=False, consecutive_failures=3, cooldown_until=timezone.now()
    )
    assert node_health_check(node=InferenceNode.objects.get(pk=local_node.pk)) is True
    local_node.refresh_from_db()
    assert local_node.healthy and local_node.cooldown_until is None


@pytest.fixture
def silent_port():
    """A port that accepts connections and never answers: a node busy generating."""
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


def test_probe_timing_out_while_the_node_serves_is_not_a_failure(settings, paris, silent_port):
    settings.INFERENCE_FAILURES_BEFORE_COOLDOWN = 1
    settings.INFERENCE_CONNECT_TIMEOUT = 0.3
    busy = InferenceNodeFactory(operator=paris, base_url=f"http://127.0.0.1:{silent_port}")
    inflight_incr(busy.pk)
    assert node_health_check(node=busy) is True
    busy.refresh_from_db()
    assert busy.healthy and not busy.is_cooling_down() and busy.consecutive_failures == 0
    assert busy.last_check_at is not None


def test_probe_timing_out_on_an_idle_node_is_a_failure(settings, paris, silent_port):
    settings.INFERENCE_FAILURES_BEFORE_COOLDOWN = 1
    settings.INFERENCE_CONNECT_TIMEOUT = 0.3
    idle = InferenceNodeFactory(operator=paris, base_url=f"http://127.0.0.1:{silent_port}")
    assert node_health_check(node=idle) is False
    idle.refresh_from_db()
    assert idle.is_cooling_down() and idle.last_error.startswith("timeout")
