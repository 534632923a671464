"""Reads shared with other apps (observatory) and the staff pages. SQL aggregates only."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, F, FloatField, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from core.aggregates import count_by_month

from .models import ApiToken, Collectivity, InferenceNode, SharedConversation, UsageRecord

# The model bundled for a first start: a tiny demonstration model, not a city service.
DEMONSTRATION_MODEL = "SmolLM2-135M"

# Questions the demonstration model answers acceptably (tried on it): short, general, in
# English, the only language it writes passably. Shown as they are sent, in English.
DEMONSTRATION_PROMPTS = (
    "What is artificial intelligence? Answer in two sentences.",
    "Rewrite in plain words: The municipal council convenes monthly to deliberate on "
    "budgetary matters.",
    "What is a library?",
)


def model_card() -> dict:
    """The configured model's card; `demonstration` is true while it is the bundled tiny model."""
    card = dict(settings.INFERENCE_MODEL_CARD)
    card["alias"] = settings.INFERENCE_DEFAULT_MODEL
    card["demonstration"] = str(card.get("name", "")).startswith(DEMONSTRATION_MODEL)
    return card


def demonstration_prompts() -> list[str]:
    return list(DEMONSTRATION_PROMPTS) if model_card()["demonstration"] else []


def energy_method() -> dict:
    return {"grid_factor_fr": settings.INFERENCE_GRID_FACTORS.get("FR", 0.044)}


def api_tokens_for(*, user) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).select_related("collectivity")[:100])


def api_tokens_of_collectivity(*, collectivity) -> list[ApiToken]:
    """Every active token of a collectivity, for its administrators."""
    return list(
        ApiToken.objects.filter(collectivity=collectivity, revoked_at__isnull=True)
        .select_related("user", "collectivity")
        .order_by("-created_at")[:200]
    )


def shared_conversations_qs():
    return SharedConversation.objects.only(
        "conversation_id", "model_alias", "messages", "consent_at"
    ).order_by("-consent_at", "-pk")


def usage_by_collectivity() -> list[dict]:
    """Tokens served and consumed per collectivity: the basis for balancing pooled compute."""
    tokens = F("prompt_tokens") + F("completion_tokens")
    served = dict(
        UsageRecord.objects.filter(server__isnull=False)
        .values_list("server")
        .annotate(n=Sum(tokens))
        .values_list("server", "n")
    )
    rows = Collectivity.objects.annotate(
        requests_consumed=Count("consumed", distinct=True),
        tokens_consumed=Coalesce(
            Sum(F("consumed__prompt_tokens") + F("consumed__completion_tokens")),
            Value(0),
            output_field=IntegerField(),
        ),
        consumed_estimated=Count(
            "consumed", filter=Q(consumed__tokens_estimated=True), distinct=True
        ),
        energy_consumed_wh=Coalesce(
            Sum("consumed__energy_wh"), Value(0.0), output_field=FloatField()
        ),
    ).order_by("name")
    result = []
    for c in rows:
        served_tokens = int(served.get(c.pk) or 0)
        result.append(
            {
                "collectivity": c,
                "requests_consumed": c.requests_consumed,
                "tokens_consumed": int(c.tokens_consumed),
                "tokens_estimated": c.consumed_estimated > 0,
                "tokens_served": served_tokens,
                "balance": served_tokens - int(c.tokens_consumed),
                "energy_consumed_wh": float(c.energy_consumed_wh),
            }
        )
    return result


def nodes_overview() -> list[InferenceNode]:
    return list(
        InferenceNode.objects.select_related("operator").annotate(
            requests=Count("usage"),
            tokens=Coalesce(
                Sum(F("usage__prompt_tokens") + F("usage__completion_tokens")),
                Value(0),
                output_field=IntegerField(),
            ),
        )
    )


def inference_indicators() -> dict:
    """Contract with the observatory (CONTRACTS.md).

    A database error propagates: the observatory then shows "no data yet" rather than zeros
    that would read as real figures.
    """
    home = settings.INFERENCE_HOME_COLLECTIVITY
    agg = UsageRecord.objects.aggregate(
        requests=Count("id"),
        prompt_tokens=Coalesce(Sum("prompt_tokens"), 0),
        completion_tokens=Coalesce(Sum("completion_tokens"), 0),
        energy=Coalesce(Sum("energy_wh"), 0.0),
        co2=Coalesce(Sum("co2_g"), 0.0),
        served_known=Count("id", filter=Q(server__isnull=False)),
        partner=Count("id", filter=Q(server__isnull=False) & ~Q(server__slug=home)),
    )
    n = agg["requests"]
    return {
        "requests": n,
        "prompt_tokens": int(agg["prompt_tokens"]),
        "completion_tokens": int(agg["completion_tokens"]),
        "energy_wh_total": float(agg["energy"]),
        "energy_wh_per_request": float(agg["energy"]) / n if n else None,
        "co2_g_total": float(agg["co2"]),
        "co2_g_per_request": float(agg["co2"]) / n if n else None,
        "partner_share": agg["partner"] / agg["served_known"] if agg["served_known"] else None,
        "requests_by_month": count_by_month(UsageRecord.objects.all(), "created_at"),
    }


def research_usage_by_month() -> list[dict]:
    """Requests, tokens and energy per month × channel × model alias (no person, no text), for
    the observatory's open dataset. Grouped by the database."""
    return list(
        UsageRecord.objects.annotate(month=TruncMonth("created_at"))
        .values("month", "channel", "model_alias")
        .annotate(
            requests=Count("id"),
            failed=Count("id", filter=Q(succeeded=False)),
            prompt_tokens=Coalesce(Sum("prompt_tokens"), 0),
            completion_tokens=Coalesce(Sum("completion_tokens"), 0),
            energy_wh=Coalesce(Sum("energy_wh"), 0.0),
            co2_g=Coalesce(Sum("co2_g"), 0.0),
        )
        .order_by("month", "channel", "model_alias")
    )
