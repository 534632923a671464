"""Dialogue test data, built through the services (as administrators and members would)."""

import itertools

from accounts.roles import Role
from dialogue import services
from dialogue.models import BodyKind
from tests.factories import UserFactory

_counter = itertools.count(1)


def admin():
    return UserFactory(is_superuser=True, is_staff=True)


def representative(**kwargs):
    return UserFactory(roles=[Role.STAFF_REPRESENTATIVE, Role.AGENT], **kwargs)


def body_with(*members, name=None):
    n = next(_counter)
    body = services.body_create(
        actor=admin(), slug=f"body-{n}", name=name or f"Comité {n}", kind=BodyKind.DIGITAL
    )
    for member in members:
        services.body_member_add(actor=admin(), body=body, user=member)
    return body
