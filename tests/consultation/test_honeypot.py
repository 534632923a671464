"""Every consultation form with the trap: a bot gets the real success and nothing is saved.

Until issue 20 a filled trap here refused the post with an error, which told bots what to
change; now the answer is the one a person gets (core.forms.honeypot_response).
"""

import pytest
from django.test import Client

from accounts.roles import Role
from consultation import services
from consultation.models import Comment, Report, UseCase, UseCaseRevision
from tests.consultation.factories import UseCaseFactory
from tests.core.honeypot import assert_trap_hidden, flashed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TRAP = {"website": "http://spam.example"}
DOSSIER = {
    "title": "Sous-titrage automatique des séances",
    "summary": "Sous-titrer les séances du conseil",
    "problem": "Vidéos inaccessibles",
    "proposed_ai": "Reconnaissance vocale locale",
    "data_used": "Audio public",
    "people_affected": "Personnes sourdes",
    "expected_benefits": "Accessibilité",
    "risks": "Erreurs",
    "alternatives": "Sous-titrage humain",
}


def two_clients(*roles) -> tuple[Client, Client]:
    """The same person in two sessions, so the fake's flash message never leaks into the real's."""
    user = UserFactory(roles=list(roles))
    clients = Client(), Client()
    for client in clients:
        client.force_login(user)
    return clients


def test_comment_trap_saves_nothing_and_flashes_the_real_success():
    use_case = UseCaseFactory()
    bot, person = two_clients(Role.RESIDENT)
    url = f"/consultations/use-cases/{use_case.pk}/comments/"
    assert_trap_hidden(person.get(use_case.get_absolute_url()).content.decode())

    fake = bot.post(url, {"body": "buy now", "alignment": "for", **TRAP})
    assert fake.status_code == 302 and fake["Location"] == use_case.get_absolute_url()
    assert not Comment.objects.exists()

    real = person.post(url, {"body": "Un vrai avis", "alignment": "for"})
    assert real.status_code == 302 and Comment.objects.count() == 1
    assert flashed(fake) == flashed(real) != []


def test_report_trap_saves_nothing_and_flashes_the_real_success():
    comment = services.comment_post(
        author=UserFactory(roles=[Role.RESIDENT]),
        use_case=UseCaseFactory(),
        body="Un avis",
        alignment="for",
    )
    bot, person = two_clients(Role.RESIDENT)
    url = f"/consultations/comments/{comment.pk}/report/"
    assert_trap_hidden(person.get(url).content.decode())

    fake = bot.post(url, {"reason": "spam", **TRAP})
    assert fake.status_code == 302 and fake["Location"] == comment.get_absolute_url()
    assert not Report.objects.exists()

    real = person.post(url, {"reason": "spam"})
    assert real.status_code == 302 and Report.objects.count() == 1
    assert flashed(fake) == flashed(real) != []


def test_proposal_trap_saves_nothing_and_flashes_the_real_success():
    consultation = UseCaseFactory().consultation
    consultation.accepts_proposals = True
    consultation.save()
    bot, person = two_clients(Role.RESIDENT)
    url = f"/consultations/{consultation.slug}/propose/"
    assert_trap_hidden(person.get(url).content.decode())

    fake = bot.post(url, {**DOSSIER, **TRAP})
    assert fake.status_code == 302 and fake["Location"] == consultation.get_absolute_url()
    assert not UseCase.objects.filter(title=DOSSIER["title"]).exists()

    real = person.post(url, DOSSIER)
    assert real.status_code == 302 and UseCase.objects.filter(title=DOSSIER["title"]).exists()
    assert flashed(fake) == flashed(real) != []


def test_dossier_edit_trap_changes_nothing_and_flashes_the_real_success():
    use_case = UseCaseFactory(risks="Erreurs")
    bot, person = two_clients(Role.AGENT)
    url = f"/consultations/use-cases/{use_case.pk}/edit/"
    assert_trap_hidden(person.get(url).content.decode())
    data = {**DOSSIER, "title": use_case.title, "summary": use_case.summary, "risks": "Autres"}

    fake = bot.post(url, {**data, **TRAP})
    assert fake.status_code == 302 and fake["Location"] == use_case.get_absolute_url()
    use_case.refresh_from_db()
    assert use_case.risks == "Erreurs" and not UseCaseRevision.objects.exists()

    real = person.post(url, data)
    use_case.refresh_from_db()
    assert real.status_code == 302 and use_case.risks == "Autres"
    assert flashed(fake) == flashed(real) != []
