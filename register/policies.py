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


# --- Oversight: evaluations, hidden algorithms, incidents -------------------------------------


def user_can_evaluate(*, user) -> bool:
    """Evaluations of deployed systems are recorded by the register editors, who own records."""
    return user_can_edit_register(user=user)


def require_evaluator(user: User) -> None:
    if not user_can_evaluate(user=user):
        raise NotAllowed(_("Only register editors record evaluations of deployed systems."))


def user_can_declare_hidden_algorithm(*, user) -> bool:
    """Any city agent may say a tool they use seems to decide automatically or use AI."""
    return user_has_role(user=user, role=Role.AGENT)


def require_declarant(user: User) -> None:
    if not user_can_declare_hidden_algorithm(user=user):
        raise NotAllowed(_("Only city agents declare a tool that may hide an algorithm."))


def user_can_triage_declarations(*, user) -> bool:
    return user_can_edit_register(user=user)


def require_triager(user: User) -> None:
    if not user_can_triage_declarations(user=user):
        raise NotAllowed(_("Only register editors triage hidden-algorithm declarations."))


def user_can_record_incident(*, user, from_recourse: bool = False) -> bool:
    """Register editors record incidents of any record; the staff handling a recourse request
    record the incident it revealed, from the request's screen."""
    if user_can_edit_register(user=user):
        return True
    return from_recourse and user_can_handle_recourse(user=user)


def require_incident_recorder(user: User, *, from_recourse: bool = False) -> None:
    if not user_can_record_incident(user=user, from_recourse=from_recourse):
        raise NotAllowed(
            _(
                "Only register editors record incidents (and recourse staff, from the request "
                "that revealed one)."
            )
        )


def user_can_manage_incidents(*, user) -> bool:
    """The incident log (report to the authority, closure): register editors."""
    return user_can_edit_register(user=user)


def require_incident_manager(user: User) -> None:
    if not user_can_manage_incidents(user=user):
        raise NotAllowed(_("Only register editors update the incident log."))
