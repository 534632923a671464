"""Who may do what in the register: asked by views (what to show) and services (what to allow)."""

from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from core.errors import NotAllowed


def user_can_edit_register(*, user) -> bool:
    return user_has_role(user=user, role=Role.REGISTER_EDITOR)


def user_can_handle_recourse(*, user) -> bool:
    return user_has_role(user=user, role=Role.REGISTER_EDITOR) or user_has_role(
        user=user, role=Role.AGENT
    )


def user_can_read_drafts(*, user) -> bool:
    """Drafts are not public: register editors, city agents and elected officials (who adopt the
    use cases that open records) may read them before publication."""
    return any(
        user_has_role(user=user, role=role)
        for role in (Role.REGISTER_EDITOR, Role.AGENT, Role.ELECTED)
    )


def require_editor(user: User) -> None:
    if not user_can_edit_register(user=user):
        raise NotAllowed(_("Only register editors can change the register."))


def require_handler(user: User) -> None:
    if not user_can_handle_recourse(user=user):
        raise NotAllowed(_("Only city agents and register editors handle recourse requests."))


def user_can_record_recourse(*, user) -> bool:
    """Who records a request on someone's behalf (letter, phone, counter): counter agents,
    and the staff who handle recourse."""
    return user_has_role(user=user, role=Role.COUNTER_AGENT) or user_can_handle_recourse(user=user)


def require_recorder(user: User) -> None:
    if not user_can_record_recourse(user=user):
        raise NotAllowed(
            _("Only counter agents and the staff handling recourse record requests for someone.")
        )
