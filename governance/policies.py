"""Who may do what in the governance pipeline: asked by views (what to show) and services (what
to allow). The permission matrix is tested in tests/governance/test_permissions.py."""

from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.selectors import user_has_role
from core.errors import NotAllowed, NotAuthenticated
from governance.models import GateRole, Project

#: The role that signs each gate (the owning department's and the staff bodies' are not roles:
#: see `user_can_sign`).
GATE_SIGNER_ROLES = {
    GateRole.IT: Role.IT_REVIEWER,
    GateRole.DPO: Role.DPO,
    GateRole.LEGAL: Role.LEGAL_REVIEWER,
}
REVIEWER_ROLES = tuple(GATE_SIGNER_ROLES.values())


def department_key(name: str | None) -> str:
    """Departments are typed by people: "DSIN " and "dsin" are the same department (the rule of
    consultation/audience.py, which matches staff consultations' departments the same way)."""
    return " ".join((name or "").split()).casefold()


def user_is_board(*, user) -> bool:
    return user_has_role(user=user, role=Role.GOVERNANCE_BOARD)


def user_is_reviewer(*, user) -> bool:
    return any(user_has_role(user=user, role=role) for role in REVIEWER_ROLES)


def user_reads_portfolio(*, user) -> bool:
    """The board, the reviewers and the AI leads work from the portfolio."""
    return (
        user_is_board(user=user)
        or user_is_reviewer(user=user)
        or user_has_role(user=user, role=Role.AI_LEAD)
    )


def user_in_department(*, user, project: Project) -> bool:
    """An agent whose profile names the project's owning department speaks for it."""
    if not user_has_role(user=user, role=Role.AGENT):
        return False
    mine = department_key(user.department)
    return bool(mine) and mine == department_key(project.department)


def user_can_sign(*, user, project: Project, role: str) -> bool:
    """Each reviewer signs the gate of their own role only. The staff bodies' gate is never
    signed here: it is passed by a formal opinion a body files in staff dialogue."""
    if role == GateRole.DEPARTMENT:
        return user_in_department(user=user, project=project)
    signer_role = GATE_SIGNER_ROLES.get(role)
    return signer_role is not None and user_has_role(user=user, role=signer_role)


def user_signable_roles(*, user, project: Project) -> list[str]:
    return [r.value for r in GateRole if user_can_sign(user=user, project=project, role=r)]


def user_reads_internal(*, user, project: Project, signer_ids: set[int] | None = None) -> bool:
    """Internal notes are read by the board and the reviewers, and by whoever signed one of the
    project's gates (an agent of its department); never by the public."""
    if not user.is_authenticated:
        return False
    if user_is_board(user=user) or user_is_reviewer(user=user):
        return True
    if signer_ids is None:
        signer_ids = set(project.signatures.values_list("signer_id", flat=True))
    return user.pk in signer_ids


def require_authenticated(user) -> None:
    if user is None or not user.is_authenticated:
        raise NotAuthenticated(_("Log in to do this."))


def require_board(user) -> None:
    require_authenticated(user)
    if not user_is_board(user=user):
        raise NotAllowed(_("Only members of the AI governance board can do this."))


def require_signer(user, project: Project, role: str) -> None:
    require_authenticated(user)
    if role == GateRole.STAFF:
        raise NotAllowed(
            _(
                "The staff bodies' gate is passed by a formal opinion that a staff body files "
                "in staff dialogue, not by a signature here."
            )
        )
    if not user_can_sign(user=user, project=project, role=role):
        raise NotAllowed(
            _("Only the %(role)s signs this gate: each reviewer signs their own gate only.")
            % {"role": GateRole(role).label}
        )
