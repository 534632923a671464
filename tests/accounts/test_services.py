import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder

from accounts.models import AuditEntry
from accounts.roles import Role
from accounts.selectors import user_can_participate, user_has_role
from accounts.services import audit_record, user_data_export, user_delete
from tests.factories import UnverifiedUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_export_contains_everything_held_about_the_account_and_is_json():
    user = UserFactory(display_name="Camille", arrondissement="11", roles=[Role.RESIDENT])
    document = user_data_export(user=user)
    assert document["account"]["email"] == user.email
    assert document["account"]["display_name"] == "Camille"
    assert document["account"]["arrondissement"] == "11"
    assert document["account"]["roles"] == ["resident"]
    assert document["account"]["email_addresses"] == [
        {"email": user.email, "verified": True, "primary": True}
    ]
    json.dumps(document, cls=DjangoJSONEncoder)  # serialisable as the download is


def test_delete_blanks_personal_fields_but_keeps_the_row_for_contributions(client):
    user = UserFactory(
        display_name="Camille", arrondissement="11", age_bracket="35_49", roles=[Role.RESIDENT]
    )
    client.force_login(user)
    assert Session.objects.count() == 1

    user_delete(user=user)
    user.refresh_from_db()

    assert user.is_deleted and not user.is_active
    assert user.display_name == "" and user.arrondissement == "" and user.age_bracket == ""
    assert user.email.endswith("@deleted.invalid")
    assert not user.has_usable_password()
    assert not user.groups.exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert user.public_name == "Compte supprimé"
    assert Session.objects.count() == 0, "the person is logged out everywhere"
    assert AuditEntry.objects.filter(action="account.deleted", target_id=str(user.pk)).exists()


def test_participation_needs_an_active_account_with_a_verified_email():
    assert user_can_participate(user=UserFactory())
    assert not user_can_participate(user=UnverifiedUserFactory())
    inactive = UserFactory(is_active=False)
    assert not user_can_participate(user=inactive)


def test_roles_are_groups_and_superusers_hold_every_role():
    moderator = UserFactory(roles=[Role.MODERATOR])
    assert user_has_role(user=moderator, role=Role.MODERATOR)
    assert not user_has_role(user=moderator, role=Role.ELECTED)
    admin = UserFactory(is_superuser=True)
    assert user_has_role(user=admin, role=Role.ELECTED)


def test_roles_exist_after_migrations():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


def test_audit_record_keeps_a_readable_label_without_the_email():
    actor = UserFactory(display_name="Sophie")
    entry = audit_record(
        actor=actor, action="system.published", target_type="aisystem", target_id=42, summary="v2"
    )
    assert entry.actor_label == "Sophie"
    assert actor.email not in str(entry)


def test_audit_record_takes_an_action_enum_and_a_model_as_record_type():
    from accounts.models import AuditAction, User

    actor = UserFactory()
    entry = audit_record(
        actor=actor, action=AuditAction.ACCOUNT_DELETED, target_type=User, target_id=actor.pk
    )
    entry.refresh_from_db()
    assert (entry.action, entry.target_type) == ("account.deleted", "accounts.user")


def test_erasure_is_audited_under_the_model_label():
    user = UserFactory()
    user_delete(user=user)
    assert AuditEntry.objects.get(action="account.deleted").target_type == "accounts.user"


def test_migration_renames_the_old_user_record_type():
    from importlib import import_module

    from django.apps import apps

    AuditEntry.objects.create(action="account.deleted", target_type="user", target_id="7")
    import_module("accounts.migrations.0003_audit_target_type_label").forwards(apps, None)
    assert AuditEntry.objects.get(target_id="7").target_type == "accounts.user"


def test_delete_removes_every_credential_of_the_account(client):
    from allauth.account.models import EmailConfirmation
    from rest_framework.authtoken.models import Token

    from core.models import OutboxMessage
    from core.outbox import outbox_enqueue
    from inference_bridge import services as inference
    from inference_bridge.models import ApiToken
    from tests.inference_bridge.factories import CollectivityFactory

    city = CollectivityFactory()
    user = UserFactory(email="camille@example.org", roles=[Role.AGENT], collectivity=city)
    other = UserFactory(email="other@example.org")
    Token.objects.create(user=user)
    Token.objects.create(user=other)
    inference.api_token_create(user=user, collectivity=city, name="script")
    EmailConfirmation.create(EmailAddress.objects.get(user=user))
    outbox_enqueue(to="camille@example.org", subject="Reset", body="link", kind="tests.reset")
    outbox_enqueue(to="other@example.org", subject="Hello", body="Body", kind="tests.hello")
    client.force_login(user)

    user_delete(user=user)

    assert not Token.objects.filter(user=user).exists(), "the DRF token row is deleted"
    assert not ApiToken.objects.filter(user=user).exists()
    assert not EmailConfirmation.objects.exists()
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == ["other@example.org"]
    assert Session.objects.count() == 0
    assert Token.objects.filter(user=other).exists(), "nobody else's credentials"
