"""Vote from the list: several grades in one submit, refusals per use case, ungraded marked."""

import re

import pytest
from django.test import Client

from accounts.roles import Role
from consultation.models import Ballot, ModerationState
from tests.consultation.factories import ConsultationFactory, UseCaseFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_list_carries_one_radio_group_per_use_case():
    consultation = ConsultationFactory()
    first, second = (UseCaseFactory(consultation=consultation) for _ in range(2))
    page = _client(UserFactory(roles=[Role.RESIDENT])).get(
        f"/en/consultations/{consultation.slug}/"
    )
    body = page.content.decode()
    assert f'action="/en/consultations/{consultation.slug}/ballots/"' in body
    for use_case in (first, second):
        assert f'name="grade_{use_case.pk}"' in body
        assert f"Your grade for “{use_case.title}”" in body
    assert body.count("<fieldset") >= 2
    assert body.count("data-ungraded") == 2


def test_several_grades_in_one_submit_and_the_rest_is_marked_ungraded():
    consultation = ConsultationFactory()
    a, b, c = (UseCaseFactory(consultation=consultation, title=f"Case {i}") for i in "abc")
    resident = UserFactory(roles=[Role.RESIDENT])
    client = _client(resident)
    response = client.post(
        f"/en/consultations/{consultation.slug}/ballots/",
        {f"grade_{a.pk}": "good", f"grade_{b.pk}": "reject"},
        follow=True,
    )
    assert dict(Ballot.objects.filter(voter=resident).values_list("use_case_id", "grade")) == {
        a.pk: "good",
        b.pk: "reject",
    }
    body = response.content.decode()
    assert "2 grades are recorded" in body
    assert "Still ungraded: “Case c”." in body
    assert body.count("data-ungraded") == 1
    assert f'<li class="card" id="use-case-{c.pk}">' in body


def test_a_refused_grade_is_shown_on_its_use_case_and_the_others_are_kept():
    consultation = ConsultationFactory()
    kept = UseCaseFactory(consultation=consultation)
    withdrawn = UseCaseFactory(consultation=consultation)
    resident = UserFactory(roles=[Role.RESIDENT])
    client = _client(resident)
    page = client.get(f"/en/consultations/{consultation.slug}/")
    assert page.status_code == 200
    # The use case leaves the vote between showing the form and submitting it: its field is
    # unknown to the new form, so it is ignored; a grade refused by the service is reported.
    withdrawn.moderation_state = ModerationState.REJECTED
    withdrawn.save()
    response = client.post(
        f"/en/consultations/{consultation.slug}/ballots/",
        {f"grade_{kept.pk}": "good", f"grade_{withdrawn.pk}": "good"},
    )
    assert response.status_code == 302
    assert list(Ballot.objects.filter(voter=resident).values_list("use_case_id", flat=True)) == [
        kept.pk
    ]


def test_a_service_refusal_is_shown_per_use_case(monkeypatch):
    from consultation import policies
    from consultation.errors import PhaseClosed

    consultation = ConsultationFactory()
    ok = UseCaseFactory(consultation=consultation, title="Fine")
    refused = UseCaseFactory(consultation=consultation, title="Refused")
    real = policies.ballot_check

    def ballot_check(*, use_case):
        if use_case.pk == refused.pk:
            raise PhaseClosed("This one is closed.", code="voting_closed")
        real(use_case=use_case)

    monkeypatch.setattr(policies, "ballot_check", ballot_check)
    resident = UserFactory(roles=[Role.RESIDENT])
    response = _client(resident).post(
        f"/en/consultations/{consultation.slug}/ballots/",
        {f"grade_{ok.pk}": "excellent", f"grade_{refused.pk}": "passable"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert f'id="id_grade_{refused.pk}_error"' in body
    assert "This one is closed." in body
    assert "1 grade is recorded; the others were refused." in body
    # The refused use case keeps what was chosen.
    assert re.search(rf'name="grade_{refused.pk}" value="passable"[^>]* checked', body)
    assert list(Ballot.objects.filter(voter=resident).values_list("use_case_id", flat=True)) == [
        ok.pk
    ]


def test_an_empty_submit_is_refused_with_a_readable_message():
    consultation = ConsultationFactory()
    UseCaseFactory(consultation=consultation)
    response = _client(UserFactory(roles=[Role.RESIDENT])).post(
        f"/en/consultations/{consultation.slug}/ballots/", {}
    )
    assert response.status_code == 400
    assert "Choose a grade for at least one use case." in response.content.decode()


def test_visitors_are_sent_to_log_in_and_nothing_is_recorded():
    consultation = ConsultationFactory()
    use_case = UseCaseFactory(consultation=consultation)
    response = Client().post(
        f"/en/consultations/{consultation.slug}/ballots/", {f"grade_{use_case.pk}": "good"}
    )
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Ballot.objects.exists()
