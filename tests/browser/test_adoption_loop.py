"""An elected official adopts a use case the residents graded "insufficient": the form asks why
the decision departs from the vote (error summary, input kept), then the answer is published, the
use case shows the register draft the adoption opened and its commitment, and the official
follows the link to the draft. axe checks every page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from consultation.models import Ballot
from register.models import AISystem
from tests.consultation.factories import ConsultationFactory, UseCaseFactory
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


def login(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def test_an_elected_official_adopts_a_use_case_and_follows_the_link_to_its_register_draft(
    page, asgi_live_server, axe
):
    now = timezone.now()
    consultation = ConsultationFactory(
        information_starts_at=now - timedelta(days=30),
        voting_starts_at=now - timedelta(days=20),
        voting_ends_at=now - timedelta(days=1),
        answer_due_at=now + timedelta(days=10),
    )
    use_case = UseCaseFactory(
        consultation=consultation,
        title="Assistant du tri des déchets",
        problem="Des milliers d'appels répétitifs sur les consignes de tri.",
        department="Direction de la propreté et de l'eau",
    )
    Ballot.objects.bulk_create(
        Ballot(use_case=use_case, voter=UserFactory(), grade="insufficient") for _ in range(5)
    )
    elected = UserFactory(roles=[Role.ELECTED])

    login(page, elected)
    page.goto(f"/consultations/use-cases/{use_case.pk}/answer/")
    expect(page.locator("#vote-context")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Insuffisant")
    axe(page)
    page.get_by_label("Adopté", exact=True).check()
    page.fill("#id_justification", "Adopté avec des garanties fortes.")
    page.fill("#id_author_title", "L'adjointe au numérique")
    with page.expect_navigation():
        page.get_by_role("button", name="Publier la réponse").click()
    # Refused: the decision departs from the vote and says nothing of why; nothing is lost.
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("s’écarte du vote")
    expect(page.locator("#id_justification")).to_have_value("Adopté avec des garanties fortes.")
    axe(page)
    assert not AISystem.objects.exists()
    page.fill(
        "#id_departure_justification",
        "Les critiques portaient sur la conservation des questions : elle est supprimée.",
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Publier la réponse").click()

    answer = page.locator("#answer")
    expect(answer).to_contain_text("Cette décision s’écarte du vote. Pourquoi :")
    expect(answer).to_contain_text("la conservation des questions")
    expect(answer).to_contain_text("Fiche du registre des IA publiée avant la mise en service")
    expect(answer).to_contain_text("brouillon en préparation")
    axe(page)
    system = AISystem.objects.get()
    link = answer.get_by_role("link", name="Assistant du tri des déchets")
    expect(link).to_have_attribute("href", f"/register/{system.slug}/draft/")
    with page.expect_navigation():
        link.click()
    expect(page.locator("h1")).to_have_text("Assistant du tri des déchets")
    expect(page.locator("main")).to_contain_text("Des milliers d'appels répétitifs")
    expect(page.locator("main")).to_contain_text("Elle n’est pas publique")
    axe(page)
