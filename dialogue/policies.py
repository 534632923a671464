"""Who may do what in staff dialogue: asked by views (what to show) and services (what to allow)."""

from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.selectors import user_has_role
from core.errors import NotAllowed
from dialogue.models import Body, Membership

# The roles of the city's staff: they read staff-only minutes and answer follow-up surveys.
STAFF_ROLES = (
    Role.AGENT,
    Role.STAFF_REPRESENTATIVE,
    Role.REGISTER_EDITOR,
    Role.AI_LEAD,
    Role.COUNTER_AGENT,
)


def user_is_staff(*, user) -> bool:
    return any(user_has_role(user=user, role=role) for role in STAFF_ROLES)


def user_is_body_member(*, user, body: Body) -> bool:
    """A member speaks for the body while holding the staff representative role."""
    if not user_has_role(user=user, role=Role.STAFF_REPRESENTATIVE):
        return False
    return Membership.objects.filter(body=body, user=user).exists()


def user_member_bodies(*, user):
    """The bodies `user` may speak for (none without the staff representative role)."""
    if not user_has_role(user=user, role=Role.STAFF_REPRESENTATIVE):
        return Body.objects.none()
    return Body.objects.filter(memberships__user=user).order_by("name")


def user_can_start_survey(*, user) -> bool:
    return (
        user_has_role(user=user, role=Role.REGISTER_EDITOR)
        or user_member_bodies(user=user).exists()
    )


def require_member(user, body: Body) -> None:
    if not user_is_body_member(user=user, body=body):
        raise NotAllowed(_("Only members of this body can act in its name."))


def require_staff(user) -> None:
    if not user_is_staff(user=user):
        raise NotAllowed(_("Only city staff can answer follow-up surveys."))
