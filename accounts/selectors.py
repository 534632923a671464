"""Reads about accounts, shared with every other app."""

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import QuerySet

from accounts.models import AuditEntry, User, audit_target_type
from accounts.roles import Role


def user_has_role(*, user: User | AnonymousUser, role: Role | str) -> bool:
    """Superusers hold every role; everyone else holds the groups they are in."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Cache the user's group names on the instance: permission checks run many times a page.
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._role_names = names
    return str(role) in names


def user_has_verified_email(*, user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_has_verified_email", None)
    if cached is None:
        from allauth.account.models import EmailAddress

        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._has_verified_email = cached
    return cached


def user_can_participate(*, user: User | AnonymousUser) -> bool:
    """Voting, commenting, proposing and testifying need an active account with a verified email."""
    return bool(
        user.is_authenticated
        and user.is_active
        and not user.is_deleted
        and user_has_verified_email(user=user)
    )


def agent_departments(*, limit: int = 40) -> list[str]:
    """The departments agents give in their profile, as they spell them (for forms' hints)."""
    names = (
        User.objects.filter(groups__name=Role.AGENT, is_active=True)
        .exclude(department="")
        .values_list("department", flat=True)
        .distinct()
        .order_by("department")[: limit * 2]
    )
    unique: dict[str, str] = {}
    for name in names:
        unique.setdefault(" ".join(name.split()).casefold(), " ".join(name.split()))
    return list(unique.values())[:limit]


def audit_entries_for(
    *, target_type: str | type[models.Model], target_id: str | int, limit: int = 100
) -> QuerySet[AuditEntry]:
    """The trail of one record, newest first (staff pages show it beside the record)."""
    return AuditEntry.objects.filter(
        target_type=audit_target_type(target_type), target_id=str(target_id)
    ).select_related("actor")[:limit]


def audit_entries_of_app(*, app_label: str) -> QuerySet[AuditEntry]:
    """Every entry about one app's records, newest first (an app's own audit page)."""
    return AuditEntry.objects.filter(target_type__startswith=f"{app_label}.").select_related(
        "actor"
    )
