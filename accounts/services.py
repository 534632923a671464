"""Writes on accounts: profile, GDPR export and erasure, audit trail."""

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.utils import timezone

from accounts.models import AuditAction, AuditEntry, User, audit_target_type
from accounts.roles import Role
from core.composition import gdpr_erasers, gdpr_exporters
from core.errors import RateLimited
from core.outbox import outbox_forget
from core.ratelimit import parse_rate, rate_exceeded

logger = logging.getLogger(__name__)


def audit_record(
    *,
    actor: User | None,
    action: str,
    target_type: str | type[models.Model],
    target_id: str | int,
    summary: str = "",
    data: dict | None = None,
) -> AuditEntry:
    """Append one row to the audit trail. Call it inside the transaction of the change.

    `action` is a member of the writing app's `AuditAction` (a plain string is accepted too);
    `target_type` is the model of the record (or its label, "register.aisystem").
    """
    label = ""
    if actor is not None and actor.is_authenticated:
        label = actor.public_name if actor.display_name else f"#{actor.pk}"
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=label,
        action=str(action),
        target_type=audit_target_type(target_type),
        target_id=str(target_id),
        summary=summary[:255],
        data=data or {},
    )


def profile_update(*, user: User, form) -> User:
    """Save the profile form, within a per-person rate limit (every write has one)."""
    rate = settings.ACCOUNTS_RATE_PROFILE
    if rate_exceeded(key=f"accounts:profile:{user.pk}", rate=rate):
        raise RateLimited(retry_after=parse_rate(rate).seconds)
    return form.save()


def user_data_export(*, user: User) -> dict[str, Any]:
    """Everything the site holds about a person, as one JSON-serialisable document."""
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount

    document: dict[str, Any] = {
        "generated_at": timezone.now().isoformat(),
        "account": {
            "public_id": str(user.public_id),
            "email": user.email,
            "display_name": user.display_name,
            "arrondissement": user.arrondissement,
            "age_bracket": user.age_bracket,
            "department": user.department,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user)
            ],
            # Sign-in accounts (ProConnect): its identifier and what it last said of the person.
            "connected_accounts": [
                {"provider": a.provider, "uid": a.uid, "data": a.extra_data}
                for a in SocialAccount.objects.filter(user=user)
            ],
        },
    }
    # Each app declares its own export (core/composition.py); it is filed under the app label.
    for label, exporter in gdpr_exporters():
        document[label] = exporter(user=user)
    return document


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Erase a person: blank personal fields, keep contributions under "Deleted account".

    Votes stay counted (they are not personal once detached), comments stay readable in
    their threads, and no one can log in to the account again.
    """
    from allauth.account.models import EmailAddress, EmailConfirmation
    from allauth.socialaccount.models import SocialAccount
    from rest_framework.authtoken.models import Token

    for _label, eraser in gdpr_erasers():
        eraser(user=user)  # each app's own credentials too (inference API tokens)

    # Every credential goes: API token, pending confirmation links, emails waiting or kept in
    # the outbox (they may carry a reset or confirmation link), then addresses and sessions.
    Token.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()  # the ProConnect link and its claims
    addresses = [
        user.email,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    ]
    EmailConfirmation.objects.filter(email_address__user=user).delete()
    for address in set(addresses):
        outbox_forget(email=address)
    EmailAddress.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"deleted-{user.public_id}@deleted.invalid"
    user.display_name = ""
    user.arrondissement = ""
    user.age_bracket = ""
    user.department = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.deleted_at = timezone.now()
    user.set_unusable_password()
    user.save()
    _delete_sessions_of(user)
    audit_record(
        actor=None, action=AuditAction.ACCOUNT_DELETED, target_type=User, target_id=user.pk
    )
    logger.info("Account %s erased at its owner's request", user.pk)


def email_domain_is_the_citys(*, email: str) -> bool:
    """Whether an address belongs to one of the city's own domains (`PROCONNECT_AGENT_DOMAINS`,
    exact match: a subdomain is listed on its own)."""
    domain = email.rpartition("@")[2].strip().lower()
    return bool(domain) and domain in settings.PROCONNECT_AGENT_DOMAINS


@transaction.atomic
def proconnect_agent_role_grant(*, user: User, email: str) -> bool:
    """Give the `agent` role to someone ProConnect vouched for with a verified address of the
    city's own domains. ProConnect says "a public agent", not "an agent of this city": the State,
    other cities and hospitals sign in through it too, so the domain decides. The role is only
    ever added (one given by staff stays); returns whether it was added now."""
    from django.contrib.auth.models import Group

    if not email_domain_is_the_citys(email=email):
        return False
    group, _created = Group.objects.get_or_create(name=Role.AGENT)
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    audit_record(
        actor=None,
        action=AuditAction.ROLE_GRANTED,
        target_type=User,
        target_id=user.pk,
        summary="agent (ProConnect)",
        data={"role": str(Role.AGENT), "source": "proconnect"},
    )
    return True


def _delete_sessions_of(user: User) -> None:
    """Log the person out everywhere (database sessions only; others expire on their own)."""
    user_pk = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_pk:
            session.delete()


def user_create_with_verified_email(
    *, email: str, password: str | None, display_name: str = "", **fields
) -> User:
    """For seed data and staff tools: an account whose email is already verified."""
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_user(
        email=email, password=password, display_name=display_name, **fields
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user
