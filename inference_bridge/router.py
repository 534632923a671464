"""Router: which node answers, with fail-over before the first token.

In-flight counters live in the shared cache (every web process sees the same load), never in
process memory.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from .backends import (
    BackendError,
    CancelToken,
    GenerationParams,
    NodeUnavailable,
    Usage,
    backend_for,
)
from .models import InferenceNode, NodeStatus

logger = logging.getLogger(__name__)

INFLIGHT_TTL = 15 * 60


class NoHealthyNode(BackendError):
    code = "no_healthy_node"


def _inflight_key(node_id: int) -> str:
    return f"ib:inflight:{node_id}"


def _picked_key(node_id: int) -> str:
    return f"ib:picked:{node_id}"


def inflight_get(node_ids: list[int]) -> dict[int, int]:
    values = cache.get_many([_inflight_key(i) for i in node_ids])
    return {i: max(0, int(values.get(_inflight_key(i)) or 0)) for i in node_ids}


def inflight_incr(node_id: int) -> None:
    key = _inflight_key(node_id)
    cache.add(key, 0, INFLIGHT_TTL)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, INFLIGHT_TTL)


def inflight_decr(node_id: int) -> None:
    key = _inflight_key(node_id)
    try:
        if (cache.get(key) or 0) > 0:
            cache.decr(key)
    except ValueError:
        pass


def sovereignty_allows(node: InferenceNode) -> bool:
    zones = [z.upper() for z in settings.INFERENCE_ALLOWED_ZONES if z]
    operators = [o for o in settings.INFERENCE_ALLOWED_OPERATORS if o]
    if zones and node.hosting_zone.upper() not in zones:
        return False
    return not (operators and node.operator.slug not in operators)


def available_aliases() -> list[str]:
    return sorted(
        {n.model_alias for n in _eligible_queryset() if sovereignty_allows(n)},
    )


def _eligible_queryset():
    return InferenceNode.objects.filter(status=NodeStatus.ACTIVE).select_related("operator")


def candidate_nodes(model_alias: str) -> list[InferenceNode]:
    """Nodes serving the alias, allowed, healthy, not cooling down; least busy first.

    A node whose cooldown has expired but which has not passed a health check yet is kept as a
    last resort ("half-open"), so the site recovers even when no beat scheduler runs.
    """
    now = timezone.now()
    nodes = [
        n
        for n in _eligible_queryset().filter(model_alias=model_alias)
        if sovereignty_allows(n) and not n.is_cooling_down(now)
    ]
    if not nodes:
        return []
    ids = [n.pk for n in nodes]
    load = inflight_get(ids)
    picked = cache.get_many([_picked_key(i) for i in ids])

    def order(n: InferenceNode):
        return (
            0 if n.healthy else 1,
            load[n.pk] / max(1, n.slots),
            float(picked.get(_picked_key(n.pk)) or 0.0),  # least recently chosen breaks ties
            n.pk,
        )

    return sorted(nodes, key=order)


def node_record_failure(*, node: InferenceNode, error: str) -> None:
    now = timezone.now()
    InferenceNode.objects.filter(pk=node.pk).update(
        consecutive_failures=F("consecutive_failures") + 1,
        last_check_at=now,
        last_error=error[:300],
    )
    node.refresh_from_db(fields=["consecutive_failures"])
    if node.consecutive_failures >= settings.INFERENCE_FAILURES_BEFORE_COOLDOWN:
        node.healthy = False
        node.cooldown_until = now + timedelta(seconds=settings.INFERENCE_COOLDOWN_SECONDS)
        node.save(update_fields=["healthy", "cooldown_until"])
        logger.warning("inference node %s in cooldown after repeated failures", node.pk)


def node_record_success(*, node: InferenceNode) -> None:
    if node.consecutive_failures or not node.healthy or node.cooldown_until:
        now = timezone.now()
        InferenceNode.objects.filter(pk=node.pk).update(
            consecutive_failures=0, healthy=True, cooldown_until=None, last_ok_at=now, last_error=""
        )
        node.consecutive_failures, node.healthy, node.cooldown_until = 0, True, None


def route_stream(
    *,
    model_alias: str,
    messages: list[dict],
    params: GenerationParams,
    cancel: CancelToken | None = None,
) -> Iterator[InferenceNode | str | Usage]:
    """Yields the node chosen, then its deltas and usage. Fails over only before a delta."""
    nodes = candidate_nodes(model_alias)
    if not nodes:
        raise NoHealthyNode("No healthy inference node serves this model right now.")
    for node in nodes:
        if cancel is not None and cancel.is_set():
            return
        cache.set(_picked_key(node.pk), time.time(), INFLIGHT_TTL)
        inflight_incr(node.pk)
        stream = backend_for(node).stream_chat(messages, params, cancel)
        try:
            try:
                first = next(stream)
            except StopIteration:
                first = Usage(finish_reason="stop")
            except NodeUnavailable as exc:
                logger.info("inference node %s unavailable, failing over", node.pk)
                node_record_failure(node=node, error=str(exc))
                continue
            node_record_success(node=node)
            yield node
            yield first
            yield from stream
            return
        finally:
            stream.close()
            inflight_decr(node.pk)
    raise NoHealthyNode("No inference node could answer; please try again shortly.")
