"""Ballots: one grade per person and use case, cast or changed while voting is open."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from consultation import policies
from consultation.models import Ballot, Grade, UseCase
from consultation.ratelimit import rate_limit_check
from core.errors import ApplicationError, InvalidInput


@transaction.atomic
def ballot_cast(*, voter: User, use_case: UseCase, grade: str) -> Ballot:
    """Cast or change one grade. One statement (INSERT … ON CONFLICT DO UPDATE) settles
    races: two concurrent requests of one person leave exactly one ballot."""
    policies.participant_check(user=voter, consultation=use_case.consultation)
    if grade not in Grade.values:
        raise InvalidInput(
            _("Unknown grade “%(grade)s”. Use one of: %(grades)s.")
            % {"grade": str(grade)[:40], "grades": ", ".join(Grade.values)},
            code="invalid_grade",
        )
    policies.ballot_check(use_case=use_case)
    rate_limit_check(scope="ballots", user=voter)
    now = timezone.now()
    Ballot.objects.bulk_create(
        [Ballot(use_case=use_case, voter=voter, grade=grade, created_at=now, updated_at=now)],
        update_conflicts=True,
        unique_fields=["voter", "use_case"],
        update_fields=["grade", "updated_at"],
    )
    return Ballot.objects.get(voter=voter, use_case=use_case)


@transaction.atomic
def ballots_cast(
    *, voter: User, grades: list[tuple[UseCase, str]]
) -> tuple[list[Ballot], dict[int, ApplicationError]]:
    """Several grades from one form (a consultation's list), in one transaction: one
    `ballot_cast` per use case, each in its own savepoint, so a refused grade (that use case
    left the vote, an unknown grade) is reported for that use case alone while the others are
    recorded. Returns the ballots cast and the refusals by use case id."""
    policies.participant_check(user=voter)
    cast: list[Ballot] = []
    refused: dict[int, ApplicationError] = {}
    for use_case, grade in grades:
        try:
            cast.append(ballot_cast(voter=voter, use_case=use_case, grade=grade))
        except ApplicationError as exc:
            refused[use_case.pk] = exc
    return cast, refused


def ballot_withdraw(*, voter: User, use_case: UseCase) -> bool:
    """Take one's grade back, under the same phase rule as casting it."""
    policies.participant_check(user=voter, consultation=use_case.consultation)
    policies.ballot_check(use_case=use_case)
    deleted, _rows = Ballot.objects.filter(voter=voter, use_case=use_case).delete()
    return bool(deleted)
