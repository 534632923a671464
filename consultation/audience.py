"""Who a consultation asks (its audience) and who may read it, stated once.

Policies use these rules to refuse a vote or a comment; selectors use `readable_q()` to leave
staff consultations out of lists, search, the API and exports for everyone else.
"""

from django.db.models import Q

from accounts.roles import Role
from accounts.selectors import user_has_role
from consultation.models import Audience, Consultation


def department_key(name: str | None) -> str:
    """Departments are typed by people: "DSIN " and "dsin" are the same department."""
    return " ".join((name or "").split()).casefold()


def audience_member(*, user, consultation: Consultation) -> bool:
    """Whether this person is among those the consultation asks: everyone for a public one,
    agents for a staff one, agents of the chosen departments for a departments' one."""
    if consultation.audience == Audience.PUBLIC:
        return True
    if user is None or not user_has_role(user=user, role=Role.AGENT):
        return False
    if consultation.audience == Audience.STAFF:
        return True
    chosen = {department_key(name) for name in consultation.audience_departments}
    return bool(department_key(user.department)) and department_key(user.department) in chosen


def consultation_overseer(*, user) -> bool:
    """Moderators (who moderate its debate) and elected officials (who sign its answer) read a
    staff consultation they are not asked in; they neither vote nor comment there."""
    return user_has_role(user=user, role=Role.MODERATOR) or user_has_role(
        user=user, role=Role.ELECTED
    )


def consultation_readable(*, user, consultation: Consultation | None) -> bool:
    """Who sees a consultation's pages, API entries and exports; everyone else gets a 404,
    as if it did not exist. A use case outside any consultation is public."""
    if consultation is None or consultation.audience == Audience.PUBLIC:
        return True
    if consultation.transparent:
        return True
    return audience_member(user=user, consultation=consultation) or consultation_overseer(user=user)


def readable_q(*, user, prefix: str = "") -> Q:
    """The consultations this person reads, as a filter (`prefix` to reach them from another
    model, e.g. "consultation__"). Departments are matched in Python: a consultation lists a
    handful, and SQLite cannot search inside a JSON list."""
    if consultation_overseer(user=user):
        return Q()
    q = Q(**{f"{prefix}audience": Audience.PUBLIC}) | Q(**{f"{prefix}transparent": True})
    if prefix:  # a use case outside any consultation is public
        q |= Q(**{f"{prefix}isnull": True})
    if not user_has_role(user=user, role=Role.AGENT):
        return q
    q |= Q(**{f"{prefix}audience": Audience.STAFF})
    mine = department_key(user.department)
    if mine:
        chosen = [
            pk
            for pk, names in Consultation.objects.filter(audience=Audience.DEPARTMENTS).values_list(
                "pk", "audience_departments"
            )
            if mine in {department_key(name) for name in names}
        ]
        q |= Q(**{f"{prefix}pk__in": chosen})
    return q
