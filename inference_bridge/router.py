"""Router: which node answers, with fail-over before the first token.

In-flight counters live in the shared cache (every web process sees the same load), never in
process memory. The node list itself changes rarely (an operator's edit, a health change): each
process keeps it in memory and reloads it when the version stamp in the shared cache changes
(`nodes_changed()`, sent on every save), so choosing a node costs no database query, and one
round trip to the shared cache reads the stamp and every counter together.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from django.utils import timezone

from . import counters
from .backends import (
    BackendError,
    CancelToken,
    GenerationParams,
    NodeUnavailable,
    Usage,
    backend_for,
    node_clients_close,
)
from .models import Collectivity, InferenceNode, NodeStatus

logger = logging.getLogger(__name__)

INFLIGHT_TTL = 15 * 60
NODES_VERSION_KEY = "ib:nodes:version"
# A safety net only: every change made through the ORM or the router bumps the version at once.
NODES_MAX_AGE = 60.0


class NoHealthyNode(BackendError):
    code = "no_healthy_node"


def _inflight_key(node_id: int) -> str:
    return f"ib:inflight:{node_id}"


def _picked_key(node_id: int) -> str:
    return f"ib:picked:{node_id}"


def inflight_get(node_ids: list[int]) -> dict[int, int]:
    values = counters.get_many([_inflight_key(i) for i in node_ids])
    return {i: max(0, int(values.get(_inflight_key(i)) or 0)) for i in node_ids}


def inflight_incr(node_id: int) -> None:
    counters.incr(_inflight_key(node_id), 1, INFLIGHT_TTL)


def inflight_decr(node_id: int) -> None:
    key = _inflight_key(node_id)
    if counters.incr(key, -1, INFLIGHT_TTL) < 0:  # the counter expired while this one ran
        cache.set(key, 0, INFLIGHT_TTL)


def node_acquire(node_id: int) -> None:
    """The node is picked now and has one more request in flight: one round trip."""
    counters.incr_many(
        [(_inflight_key(node_id), 1, INFLIGHT_TTL)],
        also_set=[(_picked_key(node_id), time.time(), INFLIGHT_TTL)],
    )


# --- The node list, kept in memory and checked against the shared version stamp -----------

_snapshot_lock = threading.Lock()
_snapshot: tuple[object, float, list[InferenceNode]] | None = None


def _bump() -> None:
    global _snapshot
    _snapshot = None
    cache.set(NODES_VERSION_KEY, uuid.uuid4().hex, None)


def nodes_changed() -> None:
    """Every process reloads its node list before its next choice: now, and again once the
    change is committed (a process reloading in between would read the rows before it)."""
    _bump()
    transaction.on_commit(_bump)


def nodes_snapshot_reset() -> None:
    """Forget this process's copy (tests, after a flush or a rollback of the database)."""
    global _snapshot
    _snapshot = None


def _nodes(version) -> list[InferenceNode]:
    """Every node (operators joined), from memory while `version` is the one loaded."""
    global _snapshot
    snapshot = _snapshot
    now = time.monotonic()
    if (
        snapshot is not None
        and version is not None
        and snapshot[0] == version
        and now - snapshot[1] < NODES_MAX_AGE
    ):
        return snapshot[2]
    with _snapshot_lock:
        if version is None:  # first use, or the shared cache was cleared
            cache.add(NODES_VERSION_KEY, uuid.uuid4().hex, None)
            version = cache.get(NODES_VERSION_KEY)
        nodes = list(InferenceNode.objects.select_related("operator").order_by("pk"))
        _snapshot = (version, now, nodes)
    return nodes


def nodes_all() -> list[InferenceNode]:
    return _nodes(cache.get(NODES_VERSION_KEY))


@receiver(post_save, sender=InferenceNode)
@receiver(post_delete, sender=InferenceNode)
@receiver(post_save, sender=Collectivity)
@receiver(post_delete, sender=Collectivity)
def _node_saved(sender, instance, **kwargs) -> None:
    nodes_changed()
    if sender is InferenceNode and kwargs.get("signal") is post_delete:
        # A node whose URL changes gets a new client when next used (backends.node_client);
        # a health change keeps it, so that the answers streaming through it go on.
        node_clients_close(instance.pk)


@receiver(post_migrate)
def _database_flushed(sender, **kwargs) -> None:
    nodes_snapshot_reset()


def sovereignty_allows(node: InferenceNode) -> bool:
    zones = [z.upper() for z in settings.INFERENCE_ALLOWED_ZONES if z]
    operators = [o for o in settings.INFERENCE_ALLOWED_OPERATORS if o]
    if zones and node.hosting_zone.upper() not in zones:
        return False
    return not (operators and node.operator.slug not in operators)


def _eligible(nodes: list[InferenceNode]) -> list[InferenceNode]:
    return [n for n in nodes if n.status == NodeStatus.ACTIVE and sovereignty_allows(n)]


def available_aliases(nodes: list[InferenceNode] | None = None) -> list[str]:
    return sorted({n.model_alias for n in _eligible(nodes_all() if nodes is None else nodes)})


def candidate_nodes(model_alias: str) -> list[InferenceNode]:
    """Nodes serving the alias, allowed, healthy, not cooling down; least busy first.

    A node whose cooldown has expired but which has not passed a health check yet is kept as a
    last resort ("half-open"), so the site recovers even when no beat scheduler runs.
    The returned nodes are copies: the router may change them (failures) without touching the
    list other requests share.
    """
    now = timezone.now()
    snapshot = _snapshot
    ids = [n.pk for n in snapshot[2] if n.model_alias == model_alias] if snapshot else []
    keys = [NODES_VERSION_KEY]
    for i in ids:
        keys += [_inflight_key(i), _picked_key(i)]
    values = counters.get_many(keys)
    version = values.get(NODES_VERSION_KEY)
    nodes = _nodes(version)
    if snapshot is None or nodes is not snapshot[2]:  # reloaded: read the counters again
        ids = [n.pk for n in nodes if n.model_alias == model_alias]
        keys = [k for i in ids for k in (_inflight_key(i), _picked_key(i))]
        values = counters.get_many(keys)
    nodes = [
        copy.copy(n)
        for n in _eligible(nodes)
        if n.model_alias == model_alias and not n.is_cooling_down(now)
    ]

    def order(n: InferenceNode):
        return (
            0 if n.healthy else 1,
            max(0, int(values.get(_inflight_key(n.pk)) or 0)) / max(1, n.slots),
            float(values.get(_picked_key(n.pk)) or 0.0),  # least recently chosen breaks ties
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
        node.save(update_fields=["healthy", "cooldown_until"])  # post_save: nodes_changed()
        logger.warning("inference node %s in cooldown after repeated failures", node.pk)
    else:
        nodes_changed()


def node_record_success(*, node: InferenceNode) -> None:
    if node.consecutive_failures or not node.healthy or node.cooldown_until:
        now = timezone.now()
        InferenceNode.objects.filter(pk=node.pk).update(
            consecutive_failures=0, healthy=True, cooldown_until=None, last_ok_at=now, last_error=""
        )
        node.consecutive_failures, node.healthy, node.cooldown_until = 0, True, None
        nodes_changed()


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
        node_acquire(node.pk)
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
