"""Tokens bound to their collectivity: users belong to one, agents bill only their own, and only
its administrators manage its tokens and quotas (issue 12, item 3)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import Collectivity
from accounts.roles import Role
from core.errors import NotAllowed
from inference_bridge import services
from inference_bridge.models import ApiToken
from tests.factories import UserFactory

from .factories import CollectivityFactory

pytestmark = pytest.mark.django_db

TOKENS = "/accounts/api-tokens/"


@pytest.fixture
def lyon(db):
    return CollectivityFactory(slug="lyon", name="Ville de Lyon")


def test_a_new_user_belongs_to_the_city(settings, paris):
    user = UserFactory()
    assert user.collectivity.slug == settings.INFERENCE_HOME_COLLECTIVITY == "paris"


def test_the_service_refuses_a_token_billed_to_another_collectivity(agent, paris, lyon):
    with pytest.raises(NotAllowed) as refused:
        services.api_token_create(user=agent, collectivity=lyon, name="t")
    assert refused.value.code == "foreign_collectivity"
    assert not ApiToken.objects.exists()
    token, _raw = services.api_token_create(user=agent, name="t")
    assert token.collectivity == paris


def test_the_form_offers_only_the_agents_collectivity_and_refuses_another(
    client, agent, paris, lyon
):
    client.force_login(agent)
    page = client.get(TOKENS).content.decode()
    assert "Ville de Paris" in page and "Ville de Lyon" not in page
    refused = client.post(TOKENS, {"name": "Courriers", "collectivity": lyon.pk})
    assert refused.status_code == 400
    assert not ApiToken.objects.exists()
    assert "Courriers" in refused.content.decode()  # what was typed is kept


def test_only_the_collectivitys_administrators_manage_its_tokens_and_quotas(
    client, agent, paris, lyon
):
    token, _raw = services.api_token_create(user=agent, name="t")
    colleague = UserFactory(roles=[Role.AGENT])
    admin_elsewhere = UserFactory(roles=[Role.AGENT], collectivity=lyon, is_collectivity_admin=True)
    admin = UserFactory(roles=[Role.AGENT], is_collectivity_admin=True)
    for outsider in (colleague, admin_elsewhere):
        with pytest.raises(NotAllowed):
            services.api_token_quota_set(token=token, actor=outsider, daily_request_quota=5)
        with pytest.raises(NotAllowed):
            services.collectivity_quota_set(collectivity=paris, actor=outsider, daily_token_quota=5)
        with pytest.raises(NotAllowed):
            services.api_token_revoke(token=token, actor=outsider)
        client.force_login(outsider)
        assert client.post(f"{TOKENS}{token.pk}/revoke/").status_code == 404
    services.api_token_quota_set(token=token, actor=admin, daily_request_quota=5)
    services.collectivity_quota_set(collectivity=paris, actor=admin, daily_token_quota=500)
    token.refresh_from_db()
    paris.refresh_from_db()
    assert (token.daily_request_quota, paris.daily_token_quota) == (5, 500)
    client.force_login(admin)
    assert f"{token.prefix}" in client.get(TOKENS).content.decode()  # the collectivity's tokens
    client.post(f"{TOKENS}{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_collectivities_keeping_rows_and_binds_users_and_tokens(settings):
    """From before the move: a partner's token of a city user ends up billed to the city."""
    executor = MigrationExecutor(connection)
    before = [
        ("accounts", "0003_audit_target_type_label"),
        ("inference_bridge", "0002_audit_target_type_label"),
    ]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldCollectivity = old.get_model("inference_bridge", "Collectivity")
    OldUser = old.get_model("accounts", "User")
    OldToken = old.get_model("inference_bridge", "ApiToken")
    partner = OldCollectivity.objects.create(slug="lyon", name="Ville de Lyon")
    user = OldUser.objects.create(email="agent@example.org", password="!")
    OldToken.objects.create(user=user, collectivity=partner, name="t", prefix="iac_x", key_hash="h")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Collectivity.objects.filter(slug="lyon", name="Ville de Lyon").exists()  # kept
    home = Collectivity.objects.get(slug=settings.INFERENCE_HOME_COLLECTIVITY)
    assert ApiToken.objects.get().collectivity == home
    from accounts.models import User

    assert User.objects.get(email="agent@example.org").collectivity == home


def _staff_with_token_permissions(**kw):
    from django.contrib.auth.models import Permission

    user = UserFactory(is_staff=True, **kw)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "view_apitoken",
                "change_apitoken",
                "view_collectivity",
                "change_collectivity",
            ]
        )
    )
    return user


def test_in_the_admin_a_collectivity_administrator_changes_only_its_quotas(client, agent, lyon):
    from accounts.models import AuditEntry

    token, _raw = services.api_token_create(user=agent, name="t")
    foreign = services.api_token_create(
        user=UserFactory(roles=[Role.AGENT], collectivity=lyon), name="l"
    )[0]
    url = f"/django-admin/inference_bridge/apitoken/{token.pk}/change/"
    client.force_login(_staff_with_token_permissions())  # staff, not an administrator
    assert client.post(url, {"daily_request_quota": 7}).status_code == 403
    client.force_login(_staff_with_token_permissions(is_collectivity_admin=True))
    listing = client.get("/django-admin/inference_bridge/apitoken/").content.decode()
    assert token.prefix in listing and foreign.prefix not in listing
    assert (
        client.get(f"/django-admin/inference_bridge/apitoken/{foreign.pk}/change/").status_code
        == 302
    )
    response = client.post(url, {"daily_request_quota": 7, "collectivity": lyon.pk})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.daily_request_quota == 7 and token.collectivity.slug == "paris"
    assert AuditEntry.objects.filter(action="inference.quota_set").exists()
