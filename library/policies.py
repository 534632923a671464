"""Who may do what in the library (checked by services and used by views to show actions)."""

from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.selectors import user_has_role
from core.errors import NotAllowed, NotAuthenticated
from library.models import LibraryCase


def user_is_agent(*, user) -> bool:
    return bool(user and user.is_authenticated and user_has_role(user=user, role=Role.AGENT))


def agent_check(*, user) -> None:
    if user is None or not user.is_authenticated:
        raise NotAuthenticated()
    if not user_is_agent(user=user):
        raise NotAllowed()


def lesson_write_check(*, user, case: LibraryCase) -> None:
    """Agents write lessons learned on the city's own cases; a partner's are theirs."""
    agent_check(user=user)
    if case.is_partner:
        raise NotAllowed(_("Lessons learned on a partner city's case are written by that city."))
