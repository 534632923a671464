"""The official answer: refused before the form is shown while the phase forbids it; a revision
shows "revised on"; the use case's badge says the answer's decision."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.roles import Role
from consultation import services
from consultation.models import OfficialAnswer
from tests.consultation.factories import UseCaseFactory, closed_consultation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _elected():
    user = UserFactory(roles=[Role.ELECTED])
    client = Client()
    client.force_login(user)
    return user, client


def test_the_answer_form_is_refused_on_get_while_voting_is_open():
    use_case = UseCaseFactory()  # voting open
    _user, client = _elected()
    response = client.get(f"/en/consultations/use-cases/{use_case.pk}/answer/")
    assert response.status_code == 409
    body = response.content.decode()
    assert "The answer comes after voting closes." in body
    assert "<form" not in body[body.index("<main") :]


def test_the_answer_form_is_shown_once_voting_has_closed():
    use_case = UseCaseFactory(consultation=closed_consultation())
    _user, client = _elected()
    response = client.get(f"/en/consultations/use-cases/{use_case.pk}/answer/")
    assert response.status_code == 200
    assert 'name="justification"' in response.content.decode()


def test_a_revised_answer_says_when_and_the_badge_matches_the_decision():
    use_case = UseCaseFactory(consultation=closed_consultation())
    elected, client = _elected()
    services.answer_publish(
        author=elected,
        use_case=use_case,
        decision="adopted",
        justification="First.",
        author_title="Maire adjointe",
    )
    page = client.get(f"/en/consultations/use-cases/{use_case.pk}/").content.decode()
    assert "Revised on" not in page
    OfficialAnswer.objects.filter(use_case=use_case).update(
        published_at=timezone.now() - timedelta(days=3)
    )
    use_case.refresh_from_db()
    services.answer_publish(
        author=elected,
        use_case=use_case,
        decision="adopted_with_changes",
        justification="Second, with changes.",
        author_title="Maire adjointe",
    )
    page = client.get(f"/en/consultations/use-cases/{use_case.pk}/").content.decode()
    first = (timezone.localdate() - timedelta(days=3)).strftime("%-d %B %Y")
    today = timezone.localdate().strftime("%-d %B %Y")
    assert f"Signed by Maire adjointe on {first}. Revised on {today}." in page
    assert '<span class="badge status-badge">Adopted with changes</span>' in page
    listing = client.get(f"/en/consultations/{use_case.consultation.slug}/").content.decode()
    assert '<span class="badge status-badge">Adopted with changes</span>' in listing
