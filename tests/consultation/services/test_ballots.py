import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError
from django.utils import timezone

from accounts.roles import Role
from consultation import services
from consultation.errors import PhaseClosed
from consultation.models import Ballot, ModerationState, Phase
from core.errors import InvalidInput, NotAllowed, NotAuthenticated, RateLimited
from tests.consultation.factories import UseCaseFactory, use_case_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_ballot_is_cast_then_changed_and_stays_one_row():
    voter = UserFactory()
    use_case = UseCaseFactory()
    services.ballot_cast(voter=voter, use_case=use_case, grade="good")
    ballot = services.ballot_cast(voter=voter, use_case=use_case, grade="reject")
    assert ballot.grade == "reject"
    assert list(Ballot.objects.values_list("grade", flat=True)) == ["reject"]


def test_database_refuses_a_second_ballot_for_the_same_person():
    voter = UserFactory()
    use_case = UseCaseFactory()
    Ballot.objects.create(voter=voter, use_case=use_case, grade="good")
    with pytest.raises(IntegrityError):
        Ballot.objects.create(voter=voter, use_case=use_case, grade="reject")


@pytest.mark.parametrize(
    "phase,code",
    [
        (Phase.UPCOMING, "voting_not_open"),
        (Phase.INFORMATION, "voting_not_open"),
        (Phase.ANALYSIS, "voting_closed"),
        (Phase.ANSWER, "voting_closed"),
    ],
)
def test_ballot_outside_the_voting_phase_is_refused_with_a_conflict(phase, code):
    use_case = use_case_in(phase)
    with pytest.raises(PhaseClosed) as exc:
        services.ballot_cast(voter=UserFactory(), use_case=use_case, grade="good")
    assert exc.value.code == code
    assert exc.value.status == 409
    assert not Ballot.objects.exists()


def test_closed_vote_says_when_it_closed():
    use_case = use_case_in(Phase.ANALYSIS)
    with pytest.raises(PhaseClosed) as exc:
        services.ballot_cast(voter=UserFactory(), use_case=use_case, grade="good")
    closed_on = timezone.localtime(use_case.consultation.voting_ends_at)
    assert closed_on.strftime("%d/%m/%Y %H:%M") in exc.value.message


def test_unpublished_or_unattached_use_case_is_not_put_to_the_vote():
    pending = UseCaseFactory(moderation_state=ModerationState.PENDING)
    loose = UseCaseFactory(consultation=None)
    for use_case in (pending, loose):
        with pytest.raises(PhaseClosed) as exc:
            services.ballot_cast(voter=UserFactory(), use_case=use_case, grade="good")
        assert exc.value.code == "not_in_vote"
    assert not Ballot.objects.exists()


def test_ballot_needs_a_logged_in_verified_person():
    use_case = UseCaseFactory()
    with pytest.raises(NotAuthenticated):
        services.ballot_cast(voter=AnonymousUser(), use_case=use_case, grade="good")
    with pytest.raises(NotAllowed) as exc:
        services.ballot_cast(voter=UserFactory(verified=False), use_case=use_case, grade="good")
    assert exc.value.code == "email_not_verified"
    assert not Ballot.objects.exists()


def test_unknown_grade_is_refused_and_named():
    with pytest.raises(InvalidInput) as exc:
        services.ballot_cast(voter=UserFactory(), use_case=UseCaseFactory(), grade="great")
    assert exc.value.code == "invalid_grade"
    assert "great" in exc.value.message
    assert not Ballot.objects.exists()


def test_a_blocked_person_still_votes():
    person = UserFactory()
    services.user_block(moderator=UserFactory(roles=[Role.MODERATOR]), user=person, reason="Spam")
    services.ballot_cast(voter=person, use_case=UseCaseFactory(), grade="good")
    assert Ballot.objects.filter(voter=person).count() == 1


def test_ballot_floods_are_rate_limited(settings):
    settings.CONSULTATION_RATE_BALLOTS = "2/h"
    voter = UserFactory()
    use_case = UseCaseFactory()
    services.ballot_cast(voter=voter, use_case=use_case, grade="good")
    services.ballot_cast(voter=voter, use_case=use_case, grade="passable")
    with pytest.raises(RateLimited):
        services.ballot_cast(voter=voter, use_case=use_case, grade="reject")
    assert Ballot.objects.get(voter=voter).grade == "passable"


def test_withdraw_removes_the_ballot_while_voting_is_open():
    voter = UserFactory()
    use_case = UseCaseFactory()
    services.ballot_cast(voter=voter, use_case=use_case, grade="good")
    assert services.ballot_withdraw(voter=voter, use_case=use_case) is True
    assert services.ballot_withdraw(voter=voter, use_case=use_case) is False
    assert not Ballot.objects.exists()


def test_withdraw_is_refused_once_voting_closed():
    use_case = use_case_in(Phase.ANALYSIS)
    voter = UserFactory()
    Ballot.objects.create(voter=voter, use_case=use_case, grade="good")
    with pytest.raises(PhaseClosed):
        services.ballot_withdraw(voter=voter, use_case=use_case)
    assert Ballot.objects.filter(voter=voter).exists()
