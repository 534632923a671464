"""Business rules of the inference bridge: tokens, quotas, health, ledger, shared conversations,
embeddings from the nodes."""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import collectivity_home as accounts_collectivity_home
from accounts.services import audit_record
from core.errors import NotAllowed, RateLimited
from core.ratelimit import hashed_identifier, parse_rate, rate_exceeded

from . import counters
from .backends import (
    BackendError,
    NodeUnavailable,
    OpenAICompatibleBackend,
    Usage,
    probe_node,
    probe_timed_out,
)
from .backends import generation_stop as backend_generation_stop
from .errors import EmbeddingsUnavailable
from .models import (
    ApiToken,
    AuditAction,
    Collectivity,
    InferenceNode,
    NodeStatus,
    SharedConversation,
    UsageRecord,
)
from .router import (
    available_aliases,
    candidate_nodes,
    inflight_get,
    node_record_failure,
    node_record_success,
    nodes_all,
)

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "iac_"  # noqa: S105 - a public prefix, not a secret


# --- Collectivities ----------------------------------------------------------------------


def collectivity_home() -> Collectivity:
    """The city itself (created on first use so a fresh install works)."""
    return accounts_collectivity_home()


def sandbox_consumer() -> Collectivity:
    """The city, which consumes the sandbox's answers: found among the operators of the
    router's in-memory node list when it runs a node (no query), else read or created."""
    slug = settings.INFERENCE_HOME_COLLECTIVITY
    for node in nodes_all():
        if node.operator.slug == slug:
            return node.operator
    return collectivity_home()


def node_in_process_ensure() -> InferenceNode:
    """The in-process model is a node like the others (engine "in_process")."""
    node = InferenceNode.objects.filter(engine="in_process").order_by("pk").first()
    if node is None:
        node = InferenceNode.objects.create(
            name="Modèle local (sur le serveur web)",
            operator=collectivity_home(),
            engine="in_process",
            model_alias=settings.INFERENCE_DEFAULT_MODEL,
            slots=1,
            hosting_zone="FR",
            hosting_description="Serveur web de la plateforme",
            power_w=settings.INFERENCE_LOCAL_POWER_W,
            pue=settings.INFERENCE_LOCAL_PUE,
        )
    return node


def nodes_ensure_default() -> None:
    """A fresh install with no node at all still answers, with the in-process model.

    Read from the router's in-memory node list: no query on the request path."""
    if not nodes_all():
        node_in_process_ensure()


def model_aliases_served() -> list[str]:
    """The aliases clients may ask for (a fresh install's in-process model included), with one
    read of the node list's stamp."""
    nodes = nodes_all()
    if not nodes:
        node_in_process_ensure()
        nodes = nodes_all()
    return available_aliases(nodes)


def generation_stop(*, generation_id: str) -> None:
    """The stop button: the process running the generation sees it before its next token."""
    backend_generation_stop(generation_id)


# --- Embeddings --------------------------------------------------------------------------

EMBEDDINGS_BATCH = 16  # texts per request to a node


def embeddings_create(*, model_alias: str, texts: list[str]) -> list[list[float]]:
    """One vector per text from a node serving `model_alias` through its OpenAI-compatible
    `/v1/embeddings` (llama.cpp `llama-server --embeddings`, `python -m llama_cpp.server
    --embedding true`, vLLM, Albert…), chosen like a generation's: active, allowed by the
    sovereignty rule, healthy and least busy first; an unavailable node is recorded and the
    next one tried. The in-process model serves chat only. Raises `EmbeddingsUnavailable`
    (503) when no node answers, or the one that answers refuses or sends something else than
    one vector per text."""
    vectors: list[list[float]] = []
    for start in range(0, len(texts), EMBEDDINGS_BATCH):
        vectors += _embeddings_batch(model_alias, texts[start : start + EMBEDDINGS_BATCH])
    return vectors


def _embeddings_batch(model_alias: str, texts: list[str]) -> list[list[float]]:
    nodes = [n for n in candidate_nodes(model_alias) if not n.is_in_process]
    for node in nodes:
        try:
            vectors = OpenAICompatibleBackend(node).embed(texts)
        except NodeUnavailable as exc:
            logger.info("inference node %s unavailable for embeddings, failing over", node.pk)
            node_record_failure(node=node, error=str(exc))
            continue
        except BackendError as exc:
            raise EmbeddingsUnavailable(code="embeddings_refused") from exc
        node_record_success(node=node)
        return vectors
    raise EmbeddingsUnavailable()


# --- API tokens --------------------------------------------------------------------------


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def collectivity_may_manage(*, user, collectivity: Collectivity) -> bool:
    """Only a collectivity's administrators (or a superuser) manage its tokens and quotas."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or (
        user.is_collectivity_admin and user.member_of.pk == collectivity.pk
    )


def api_token_create(
    *, user, name: str, collectivity: Collectivity | None = None
) -> tuple[ApiToken, str]:
    """Returns the token and its plaintext, which is shown once and never stored.

    A token is billed to its owner's collectivity, never to another (as LiteLLM ties keys to
    a team): asking for another collectivity is refused."""
    own = user.member_of
    collectivity = collectivity or own
    if collectivity.pk != own.pk:
        raise NotAllowed(
            _("You can create API tokens only for your own collectivity."),
            code="foreign_collectivity",
        )
    if rate_exceeded(key=f"ib:token-create:{user.pk}", rate=settings.INFERENCE_RATE_TOKEN_CREATE):
        raise RateLimited(retry_after=parse_rate(settings.INFERENCE_RATE_TOKEN_CREATE).seconds)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        collectivity=collectivity,
        name=name.strip()[:100],
        prefix=raw[:10],
        key_hash=_hash_token(raw),
        daily_request_quota=settings.INFERENCE_QUOTA_API_TOKEN_DEFAULT,
    )
    audit_record(
        actor=user,
        action=AuditAction.TOKEN_CREATE,
        target_type=ApiToken,
        target_id=str(token.pk),
        summary=f"API token {token.prefix}… created",
        data={"collectivity": collectivity.slug},
    )
    return token, raw


def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """The owner revokes their token; their collectivity's administrators revoke any of its."""
    if actor is not None and not (
        actor.pk == token.user_id
        or collectivity_may_manage(user=actor, collectivity=token.collectivity)
    ):
        raise NotAllowed(_("Only the owner or an administrator of its collectivity can revoke it."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action=AuditAction.TOKEN_REVOKE,
            target_type=ApiToken,
            target_id=str(token.pk),
            summary=f"API token {token.prefix}… revoked",
        )
    return token


def api_token_quota_set(*, token: ApiToken, actor, daily_request_quota: int) -> ApiToken:
    if not collectivity_may_manage(user=actor, collectivity=token.collectivity):
        raise NotAllowed(_("Only an administrator of this collectivity can change its quotas."))
    token.daily_request_quota = max(0, int(daily_request_quota))
    token.save(update_fields=["daily_request_quota"])
    audit_record(
        actor=actor,
        action=AuditAction.QUOTA_SET,
        target_type=ApiToken,
        target_id=str(token.pk),
        summary=f"API token {token.prefix}… quota {token.daily_request_quota}/day",
    )
    return token


def collectivity_quota_set(
    *, collectivity: Collectivity, actor, daily_token_quota: int | None
) -> Collectivity:
    if not collectivity_may_manage(user=actor, collectivity=collectivity):
        raise NotAllowed(_("Only an administrator of this collectivity can change its quotas."))
    collectivity.daily_token_quota = daily_token_quota
    collectivity.save(update_fields=["daily_token_quota"])
    audit_record(
        actor=actor,
        action=AuditAction.QUOTA_SET,
        target_type=Collectivity,
        target_id=str(collectivity.pk),
        summary=f"{collectivity.slug} token quota {daily_token_quota}/day",
    )
    return collectivity


def api_token_authenticate(*, raw: str) -> ApiToken | None:
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    # One query: the unique hash's index, the owner and the collectivity joined, no sort.
    token = next(
        iter(
            ApiToken.objects.select_related("collectivity", "user")
            .filter(key_hash=_hash_token(raw), revoked_at__isnull=True)
            .order_by()[:1]
        ),
        None,
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or timezone.now() - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


# --- Quotas (shared cache: every process counts the same) --------------------------------


@dataclass
class QuotaExceeded:
    retry_after: int
    limit: int
    period: str


def quota_consume(*, subjects: list[tuple[str, str]]) -> QuotaExceeded | None:
    """Fixed-window counters; nothing is counted when any subject is over its limit.

    Every subject is counted in one round trip to the shared cache; a refusal takes its counts
    back in a second one (refusals are the rare case)."""
    now = time.time()
    items, windows = [], []
    for subject, rate in subjects:
        limit, period_name, seconds = parse_rate(rate, default_period="hour")
        window = int(now // seconds)
        items.append((f"ib:quota:{subject}:{seconds}:{window}", 1, seconds + 5))
        windows.append((limit, period_name, seconds, window))
    counts = counters.incr_many(items)
    for count, (limit, period_name, seconds, window) in zip(counts, windows, strict=True):
        if count > limit:
            counters.incr_many([(key, -1, ttl) for key, _delta, ttl in items])
            retry = max(1, math.ceil((window + 1) * seconds - now))
            return QuotaExceeded(retry_after=retry, limit=limit, period=period_name)
    return None


def sandbox_quota_consume(*, user, session_key: str, ip: str) -> QuotaExceeded | None:
    if user is not None and user.is_authenticated:
        return quota_consume(subjects=[(f"user:{user.pk}", settings.INFERENCE_QUOTA_USER)])
    return quota_consume(
        subjects=[
            (f"session:{session_key}", settings.INFERENCE_QUOTA_ANON_SESSION),
            (f"ip:{hashed_identifier(ip)}", settings.INFERENCE_QUOTA_ANON_IP),
        ]
    )


def api_quota_consume(*, token: ApiToken) -> QuotaExceeded | None:
    exceeded = quota_consume(subjects=[(f"token:{token.pk}", f"{token.daily_request_quota}/day")])
    if exceeded:
        return exceeded
    budget = token.collectivity.daily_token_quota
    if budget is not None:
        start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
        used = UsageRecord.objects.filter(
            consumer=token.collectivity, created_at__gte=start
        ).aggregate(n=Coalesce(Sum("prompt_tokens"), 0) + Coalesce(Sum("completion_tokens"), 0))[
            "n"
        ]
        if used >= budget:
            tomorrow = start + timedelta(days=1)
            return QuotaExceeded(
                retry_after=max(1, int((tomorrow - timezone.now()).total_seconds())),
                limit=budget,
                period="day",
            )
    return None


# --- Energy and ledger -------------------------------------------------------------------


def energy_estimate(*, node: InferenceNode, duration_s: float) -> tuple[float, float]:
    """(Wh, gCO2e): generation time × declared power × PUE; CO2 = energy × zone grid factor."""
    energy_wh = max(0.0, duration_s) * node.power_w * node.pue / 3600.0
    factor = settings.INFERENCE_GRID_FACTORS.get(node.hosting_zone.upper(), 0.25)  # kg/kWh
    return energy_wh, energy_wh * factor  # Wh × kg/kWh = g


def grid_factor(zone: str) -> float:
    return settings.INFERENCE_GRID_FACTORS.get(zone.upper(), 0.25)


def usage_record_create(
    *,
    channel: str,
    node: InferenceNode | None,
    model_alias: str,
    usage: Usage | None,
    latency_s: float,
    user=None,
    token: ApiToken | None = None,
    consumer: Collectivity | None = None,
    succeeded: bool = True,
    purpose: str = "",
    department: str = "",
) -> UsageRecord:
    usage = usage or Usage(finish_reason="error")
    energy, co2 = energy_estimate(node=node, duration_s=usage.duration_s) if node else (0.0, 0.0)
    return UsageRecord.objects.create(
        channel=channel,
        user=user if (user is not None and user.is_authenticated) else None,
        token=token,
        consumer=consumer,
        node=node,
        server_id=node.operator_id if node else None,
        model_alias=model_alias[:120],
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
        tokens_estimated=usage.tokens_estimated,
        ttft_ms=round(usage.ttft_s * 1000) if usage.ttft_s is not None else None,
        duration_ms=round(usage.duration_s * 1000),
        latency_ms=round(latency_s * 1000),
        energy_wh=energy,
        co2_g=co2,
        finish_reason=usage.finish_reason[:20],
        succeeded=succeeded,
        purpose=purpose[:80],
        department=department[:120],
    )


# --- Health ------------------------------------------------------------------------------


def node_health_check(*, node: InferenceNode) -> bool:
    """Probe a node and record the outcome.

    A single-slot node that is generating may not answer the probe in time: a probe that times
    out while the node has requests in flight (the router's shared counters) proves nothing,
    so it is neither a failure nor a success.
    """
    ok, error = probe_node(node)
    now = timezone.now()
    if not ok and probe_timed_out(error) and inflight_get([node.pk])[node.pk] > 0:
        logger.info("inference node %s busy: probe timed out while serving", node.pk)
        InferenceNode.objects.filter(pk=node.pk).update(last_check_at=now)
        return True
    if ok:
        node_record_success(node=node)
        InferenceNode.objects.filter(pk=node.pk).update(last_check_at=now, last_ok_at=now)
    else:
        node_record_failure(node=node, error=error or "unreachable")
    return ok


def nodes_health_check_all() -> dict[str, int]:
    results = {"ok": 0, "failed": 0}
    for node in InferenceNode.objects.filter(status=NodeStatus.ACTIVE).select_related("operator"):
        results["ok" if node_health_check(node=node) else "failed"] += 1
    return results


# --- Conversations shared with the observatory (opt-in) ----------------------------------


def conversation_share(
    *, conversation_id, user, messages: list[dict], model_alias: str
) -> SharedConversation:
    clean = [
        {"role": m["role"], "content": str(m["content"])[:8000]}
        for m in messages
        if m.get("role") in ("user", "assistant")
    ][:50]
    with transaction.atomic():
        obj, created = SharedConversation.objects.get_or_create(
            conversation_id=conversation_id,
            defaults={
                "user": user if user is not None and user.is_authenticated else None,
                "model_alias": model_alias,
                "messages": clean,
            },
        )
        if not created:
            obj.messages = clean
            obj.save(update_fields=["messages", "updated_at"])
    return obj


def conversation_unshare(*, conversation_id) -> int:
    return SharedConversation.objects.filter(conversation_id=conversation_id).delete()[0]


def shared_conversations_purge() -> int:
    cutoff = timezone.now() - timedelta(days=settings.INFERENCE_SHARE_RETENTION_DAYS)
    return SharedConversation.objects.filter(consent_at__lt=cutoff).delete()[0]
