"""A resident grades, debates and reports; a moderator hides; an elected official answers;
the resident sees the answer and the notification email. axe checks every page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from consultation import services
from consultation.models import Ballot, Comment, Consultation
from tests.consultation.factories import ConsultationFactory, UseCaseFactory
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


def login(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def grade(page, use_case, label):
    page.goto(f"/consultations/use-cases/{use_case.pk}/")
    page.locator("#vote").get_by_label(label, exact=True).check()
    with page.expect_navigation():
        page.locator("#vote button[type=submit]").click()


def test_resident_moderator_and_elected_official_flow(
    page, browser, asgi_live_server, axe, settings
):
    settings.CONSULTATION_AUTO_HIDE_REPORTS = 5
    resident = UserFactory(roles=[Role.RESIDENT], display_name="Camille")
    other = UserFactory(roles=[Role.RESIDENT], display_name="Karim")
    moderator = UserFactory(roles=[Role.MODERATOR])
    elected = UserFactory(roles=[Role.ELECTED])
    consultation = ConsultationFactory(title="L'IA au service des usagers")
    use_cases = [
        UseCaseFactory(consultation=consultation, title=f"Cas d'usage {i}") for i in range(3)
    ]
    rude = services.comment_post(
        author=other,
        use_case=use_cases[0],
        body="Ceux qui votent pour sont des idiots.",
        alignment="against",
    )

    login(page, resident)
    page.goto(f"/consultations/{consultation.slug}/")
    axe(page)
    grade(page, use_cases[0], "Bien")
    axe(page)
    grade(page, use_cases[1], "Passable")
    grade(page, use_cases[2], "À rejeter")
    grade(page, use_cases[0], "Excellent")
    expect(page.locator(".messages")).to_contain_text("Excellent")
    assert dict(Ballot.objects.filter(voter=resident).values_list("use_case_id", "grade")) == {
        use_cases[0].pk: "excellent",
        use_cases[1].pk: "passable",
        use_cases[2].pk: "reject",
    }

    # Comment, then reply to Karim.
    page.goto(f"/consultations/use-cases/{use_cases[0].pk}/")
    page.locator("#debate").get_by_label("Pour", exact=True).check()
    page.fill("#id_body", "Un brouillon **relu par un agent** me semble utile.")
    with page.expect_navigation():
        page.get_by_role("button", name="Publier mon commentaire").click()
    expect(page.locator(".comment__body strong", has_text="relu par un agent")).to_have_count(1)
    page.goto(f"/consultations/comments/{rude.pk}/reply/")
    axe(page)
    page.fill("#id_body", "Restons courtois, s'il vous plaît.")
    with page.expect_navigation():
        page.get_by_role("button", name="Publier ma réponse").click()
    assert Comment.objects.filter(parent=rude, author=resident).exists()

    # Report Karim's comment.
    page.goto(f"/consultations/comments/{rude.pk}/report/")
    axe(page)
    page.get_by_label("Insulte, harcèlement ou haine").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer le signalement").click()
    assert rude.reports.count() == 1

    # The moderator hides it with a public reason.
    moderator_context = browser.new_context(base_url=asgi_live_server.url, locale="fr-FR")
    mod_page = moderator_context.new_page()
    login(mod_page, moderator)
    mod_page.goto("/consultations/moderation/")
    axe(mod_page)
    with mod_page.expect_navigation():
        mod_page.locator(f"a[href='/consultations/moderation/comments/{rude.pk}/']").click()
    axe(mod_page)
    mod_page.get_by_label("Masquer, avec un motif public").check()
    mod_page.fill("#id_reason", "Propos insultants envers d'autres participants.")
    with mod_page.expect_navigation():
        mod_page.get_by_role("button", name="Enregistrer la décision").click()
    moderator_context.close()
    rude.refresh_from_db()
    assert rude.is_hidden

    # Voting closes; the elected official answers.
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        voting_ends_at=now - timedelta(minutes=1), answer_due_at=now + timedelta(days=10)
    )
    elected_context = browser.new_context(base_url=asgi_live_server.url, locale="fr-FR")
    el_page = elected_context.new_page()
    login(el_page, elected)
    el_page.goto(f"/consultations/use-cases/{use_cases[0].pk}/answer/")
    axe(el_page)
    el_page.get_by_label("Expérimentation").check()
    el_page.fill("#id_justification", "Expérimentation de six mois dans deux arrondissements.")
    el_page.fill("#id_author_title", "L'adjointe au numérique")
    el_page.fill("#id_commitment_1", "Publier le bilan de l'expérimentation")
    el_page.fill("#id_deadline_1", "2027-06-30")
    with el_page.expect_navigation():
        el_page.get_by_role("button", name="Publier la réponse").click()
    elected_context.close()

    # The resident sees the answer, the hidden comment's public reason, and the email.
    page.goto(f"/consultations/use-cases/{use_cases[0].pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("La réponse officielle de la Ville")
    expect(main).to_contain_text("Expérimentation de six mois")
    expect(main).to_contain_text("Propos insultants")
    axe(page)
    page.goto(f"/consultations/{consultation.slug}/results/")
    axe(page)
    to_resident = [m for m in mail.outbox if resident.email in m.to]
    subject = f"[IA Commune] La Ville a répondu sur « {use_cases[0].title} »"
    assert subject in [m.subject for m in to_resident]
