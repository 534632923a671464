"""What the governance pipeline reads of the consultations: use cases ranked against each other
across consultations by majority judgment on every channel (a confirmed paper batch counts, an
unconfirmed one does not), and the readability filter of staff consultations."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from consultation import selectors, services
from consultation.models import Audience, Ballot, Grade, Phase
from tests.consultation.factories import ConsultationFactory, UseCaseFactory, consultation_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _ballots(use_case, grades):
    for grade in grades:
        Ballot.objects.create(use_case=use_case, voter=UserFactory(), grade=grade)


def _paper(consultation, use_case, grade, n, confirm=True):
    for _ in range(2 if confirm else 1):
        services.paper_batch_enter(
            officer=UserFactory(roles=[Role.COUNTER_AGENT]),
            consultation=consultation,
            label="Mairie du 11e, urne 1",
            channel="paper",
            counts={use_case.pk: {grade: n}},
        )


def test_use_cases_of_different_consultations_are_ranked_with_their_paper_ballots():
    first = consultation_in(Phase.VOTING)
    second = consultation_in(Phase.VOTING)
    online_only = UseCaseFactory(consultation=first)
    with_paper = UseCaseFactory(consultation=second)
    unconfirmed = UseCaseFactory(consultation=first)
    nothing = UseCaseFactory(consultation=second)
    _ballots(online_only, [Grade.GOOD, Grade.GOOD, Grade.PASSABLE])
    _ballots(with_paper, [Grade.PASSABLE])
    _paper(second, with_paper, Grade.EXCELLENT, 4)
    _ballots(unconfirmed, [Grade.FAIRLY_GOOD])
    _paper(first, unconfirmed, Grade.EXCELLENT, 9, confirm=False)

    ranked = selectors.use_cases_ranked(
        ids=[online_only.pk, with_paper.pk, unconfirmed.pk, nothing.pk]
    )
    order = sorted(ranked, key=lambda pk: ranked[pk]["rank"])
    assert order == [with_paper.pk, online_only.pk, unconfirmed.pk, nothing.pk]
    assert ranked[with_paper.pk] == {
        "rank": 1,
        "ballots": 5,
        "median_grade": Grade.EXCELLENT,
        "median_label": "Excellent",
    }
    assert ranked[unconfirmed.pk]["ballots"] == 1
    assert ranked[nothing.pk]["ballots"] == 0 and ranked[nothing.pk]["median_grade"] == ""


def test_readable_use_case_ids_leave_out_a_staff_consultation_for_outsiders():
    public = UseCaseFactory()
    staff = UseCaseFactory(consultation=ConsultationFactory(audience=Audience.STAFF))
    ids = {public.pk, staff.pk}

    def readable(user):
        return set(selectors.use_case_ids_readable(user=user).values_list("pk", flat=True)) & ids

    assert readable(AnonymousUser()) == {public.pk}
    assert readable(UserFactory(roles=[Role.RESIDENT])) == {public.pk}
    assert readable(UserFactory(roles=[Role.AGENT])) == ids
    shown = selectors.use_cases_for_governance(ids=list(ids), user=AnonymousUser())
    assert list(shown) == [public.pk]
