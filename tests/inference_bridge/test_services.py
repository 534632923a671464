from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AuditEntry
from core.ratelimit import hashed_identifier
from inference_bridge import gdpr, selectors, services
from inference_bridge.backends import Usage
from inference_bridge.models import ApiToken, AuditAction, SharedConversation, UsageRecord
from inference_bridge.tasks import nodes_health_check, shared_conversations_purge
from tests.factories import UserFactory

from .factories import CollectivityFactory, InferenceNodeFactory

pytestmark = pytest.mark.django_db


def test_energy_is_generation_time_times_power_times_pue_and_co2_uses_the_zone_grid(paris):
    node = InferenceNodeFactory(operator=paris, power_w=360.0, pue=1.25, hosting_zone="FR")
    wh, co2 = services.energy_estimate(node=node, duration_s=10)
    assert wh == pytest.approx(10 * 360 * 1.25 / 3600)  # 1.25 Wh
    assert co2 == pytest.approx(1.25 * 0.044)  # g = Wh × kg/kWh


def test_api_tokens_are_hashed_at_rest_and_revocable(agent, paris):
    token, raw = services.api_token_create(user=agent, collectivity=paris, name="script")
    assert raw.startswith("iac_") and raw not in token.key_hash
    assert not ApiToken.objects.filter(key_hash__contains=raw).exists()
    assert services.api_token_authenticate(raw=raw) == token
    assert services.api_token_authenticate(raw=raw + "x") is None
    services.api_token_revoke(token=token, actor=agent)
    assert services.api_token_authenticate(raw=raw) is None


def test_token_creation_and_revocation_are_audited_with_the_model_label(agent, paris):
    token, _ = services.api_token_create(user=agent, collectivity=paris, name="script")
    services.api_token_revoke(token=token, actor=agent)
    services.api_token_revoke(token=token, actor=agent)  # already revoked: nothing more
    rows = list(AuditEntry.objects.order_by("pk").values_list("action", "target_type", "target_id"))
    assert rows == [
        (AuditAction.TOKEN_CREATE.value, "inference_bridge.apitoken", str(token.pk)),
        (AuditAction.TOKEN_REVOKE.value, "inference_bridge.apitoken", str(token.pk)),
    ]


def test_quota_counts_per_subject_and_gives_retry_after():
    assert services.quota_consume(subjects=[("s:1", "2/hour")]) is None
    assert services.quota_consume(subjects=[("s:1", "2/hour")]) is None
    exceeded = services.quota_consume(subjects=[("s:1", "2/hour")])
    assert exceeded and 0 < exceeded.retry_after <= 3600 and exceeded.limit == 2
    assert services.quota_consume(subjects=[("s:2", "2/hour")]) is None


def test_quota_works_with_the_database_cache_shared_by_processes(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)  # the default cache is in memory now
    assert services.quota_consume(subjects=[("db:1", "1/minute")]) is None
    assert services.quota_consume(subjects=[("db:1", "1/minute")]) is not None


def test_anonymous_visitors_have_lower_caps_by_session_and_hashed_ip(settings):
    settings.INFERENCE_QUOTA_ANON_SESSION = "1/hour"
    anon = type("Anon", (), {"is_authenticated": False})()
    assert services.sandbox_quota_consume(user=anon, session_key="a", ip="10.0.0.1") is None
    assert services.sandbox_quota_consume(user=anon, session_key="a", ip="10.0.0.1")
    settings.INFERENCE_QUOTA_ANON_IP = "1/hour"  # already used once by session "a"
    assert services.sandbox_quota_consume(user=anon, session_key="b", ip="10.0.0.1")
    assert "10.0.0.1" not in hashed_identifier("10.0.0.1")


def test_collectivity_token_budget_is_enforced(agent):
    coll = CollectivityFactory(slug="small", daily_token_quota=10)
    agent.collectivity = coll
    agent.save(update_fields=["collectivity"])
    token, _ = services.api_token_create(user=agent, collectivity=coll, name="t")
    assert services.api_quota_consume(token=token) is None
    UsageRecord.objects.create(
        channel="api", consumer=coll, model_alias="m", prompt_tokens=8, completion_tokens=4
    )
    assert services.api_quota_consume(token=token).limit == 10


def _record(node, consumer, **kw):
    return services.usage_record_create(
        channel="api",
        node=node,
        model_alias="m",
        usage=Usage(prompt_tokens=10, completion_tokens=5, duration_s=2.0, ttft_s=0.5),
        latency_s=2.5,
        consumer=consumer,
        **kw,
    )


def test_indicators_and_ledger_use_aggregates_and_count_partner_share(paris):
    assert selectors.inference_indicators()["requests"] == 0
    lyon = CollectivityFactory(slug="lyon", name="Lyon")
    ours = InferenceNodeFactory(operator=paris)
    theirs = InferenceNodeFactory(operator=lyon)
    _record(ours, paris)
    _record(theirs, paris)
    _record(ours, lyon)
    data = selectors.inference_indicators()
    assert data["requests"] == 3
    assert data["prompt_tokens"] == 30 and data["completion_tokens"] == 15
    assert data["partner_share"] == pytest.approx(1 / 3)
    assert data["energy_wh_per_request"] == pytest.approx(2.0 * 100 * 1.5 / 3600)
    assert data["requests_by_month"][0]["count"] == 3
    rows = {r["collectivity"].slug: r for r in selectors.usage_by_collectivity()}
    assert rows["paris"]["tokens_consumed"] == 30 and rows["paris"]["tokens_served"] == 30
    assert rows["lyon"]["tokens_served"] == 15 and rows["lyon"]["balance"] == 0


def test_usage_records_never_hold_text():
    fields = {f.name for f in UsageRecord._meta.get_fields()}
    assert not fields & {"prompt", "answer", "text", "messages", "content"}


def test_shared_conversations_are_purged_after_retention(settings):
    settings.INFERENCE_SHARE_RETENTION_DAYS = 30
    old = services.conversation_share(
        conversation_id="00000000-0000-0000-0000-000000000001",
        user=None,
        messages=[{"role": "user", "content": "Bonjour"}],
        model_alias="m",
    )
    SharedConversation.objects.filter(pk=old.pk).update(
        consent_at=timezone.now() - timedelta(days=31)
    )
    services.conversation_share(
        conversation_id="00000000-0000-0000-0000-000000000002",
        user=None,
        messages=[{"role": "user", "content": "Salut"}],
        model_alias="m",
    )
    assert shared_conversations_purge.delay() is not None
    assert SharedConversation.objects.count() == 1


def test_health_check_task_probes_active_nodes(local_node):
    nodes_health_check.delay()
    local_node.refresh_from_db()
    assert local_node.last_ok_at is not None


def test_gdpr_export_and_erase(agent, paris):
    services.api_token_create(user=agent, collectivity=paris, name="mine")
    services.conversation_share(
        conversation_id="00000000-0000-0000-0000-000000000003",
        user=agent,
        messages=[{"role": "user", "content": "Ma question"}],
        model_alias="m",
    )
    _record(InferenceNodeFactory(operator=paris), paris, user=agent)
    data = gdpr.export_user_data(user=agent)
    assert data["api_tokens"][0]["name"] == "mine"
    assert data["shared_conversations"][0]["messages"][0]["content"] == "Ma question"
    assert data["usage"]["requests"] == 1
    gdpr.erase_user_data(user=agent)
    assert not ApiToken.objects.filter(user=agent).exists()
    assert not SharedConversation.objects.exists()
    assert UsageRecord.objects.filter(user__isnull=True).count() == 1
    other = UserFactory()
    assert gdpr.export_user_data(user=other)["usage"]["requests"] == 0
