"""A resident cannot see a staff consultation (not listed, its address is "not found"); an
agent sees it, grades a use case, and the debate shows colleagues under a pseudonym."""

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from consultation.models import Audience, Ballot, Comment, staff_pseudonym
from tests.browser.test_resident_participation import login
from tests.consultation.factories import ConsultationFactory, UseCaseFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_resident_cannot_see_a_staff_consultation_an_agent_takes_part(
    browser, page, asgi_live_server, axe
):
    consultation = ConsultationFactory(
        title="Les outils d'IA des agents", slug="outils-agents", audience=Audience.STAFF
    )
    use_case = UseCaseFactory(consultation=consultation, title="Assistant de rédaction")
    colleague = UserFactory(roles=[Role.AGENT], display_name="Camille Martin")
    Comment.objects.create(
        use_case=use_case,
        author=colleague,
        body="Utile si je garde la main.",
        body_html="<p>Utile si je garde la main.</p>",
    )

    login(page, UserFactory(roles=[Role.RESIDENT]))
    page.goto("/consultations/")
    expect(page.locator("main")).not_to_contain_text("Les outils d'IA des agents")
    response = page.goto("/consultations/outils-agents/")
    assert response.status == 404
    response = page.goto(use_case.get_absolute_url())
    assert response.status == 404

    context = browser.new_context(base_url=asgi_live_server.url, locale="fr-FR")
    agent_page = context.new_page()
    login(agent_page, UserFactory(roles=[Role.AGENT], department="DSIN"))
    agent_page.goto("/consultations/")
    agent_page.get_by_role("link", name="Les outils d'IA des agents").click()
    expect(agent_page.locator("main")).to_contain_text("Consultation des agents")
    axe(agent_page, "staff consultation")
    agent_page.get_by_role(
        "group", name="Votre mention pour « Assistant de rédaction »"
    ).get_by_label("Bien", exact=True).check()
    with agent_page.expect_navigation():
        agent_page.get_by_role("button", name="Enregistrer mes mentions").click()
    expect(agent_page.locator("main")).to_contain_text("1 mention est enregistrée")
    assert Ballot.objects.filter(use_case=use_case).count() == 1

    agent_page.goto(use_case.get_absolute_url())
    pseudonym = staff_pseudonym(user_id=colleague.pk, consultation_id=consultation.pk)
    debate = agent_page.locator("main")
    expect(debate).to_contain_text("Utile si je garde la main.")
    expect(debate).to_contain_text(pseudonym)
    expect(debate).not_to_contain_text("Camille Martin")
    axe(agent_page, "staff use case")
    context.close()
