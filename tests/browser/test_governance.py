"""An idea goes through qualification: three reviewers sign their gates, the board is refused
entry to consultation while the data protection officer's gate is open, then passes once she
signs. axe finds nothing serious on the pages met on the way."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True)]


def login(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def as_user(browser, server, user):
    context = browser.new_context(base_url=server.url, locale="fr-FR")
    context.set_default_timeout(20_000)
    tab = context.new_page()
    login(tab, user)
    return tab


def sign_consultation_gate(tab, project, reasons, axe=None):
    tab.goto(project.get_absolute_url())
    tab.locator("#stage-consultation").get_by_role("link", name="Signer ce jalon").click()
    expect(tab.locator("h1")).to_contain_text("jalon avant l'étape « Consultation »")
    if axe:
        axe(tab, "gate signing form")
    tab.get_by_label("Favorable", exact=True).check()
    tab.get_by_label("Motifs (publics)").fill(reasons)
    tab.get_by_label("Notes internes").fill("Note interne : " + reasons)
    tab.get_by_role("button", name="Signer mon avis").click()
    tab.wait_for_url(re.compile(rf"/governance/projects/{project.slug}/#stage-consultation$"))
    expect(tab.locator("#stage-consultation")).to_contain_text(reasons)


def test_an_idea_is_qualified_refused_while_the_dpo_gate_is_open_then_enters_consultation(
    browser, page, asgi_live_server, axe
):
    from tests.governance.factories import (
        DEPARTMENT,
        board,
        department_agent,
        dpo,
        it_reviewer,
        legal,
        project,
    )

    chair = board(display_name="Présidence du comité")
    p = project(actor=chair, title="Tri des signalements")

    # The board takes the idea into qualification.
    login(page, chair)
    page.goto(p.get_absolute_url())
    expect(page.locator("#stage-idea")).to_contain_text("étape en cours")
    axe(page, "project at the idea stage")
    page.get_by_role("link", name="Changer d'étape").click()
    page.get_by_label("Qualification").check()
    page.get_by_label("Note publique").fill("Idée retenue pour qualification.")
    page.get_by_role("button", name="Changer le projet d'étape").click()
    page.wait_for_url(re.compile(rf"/governance/projects/{p.slug}/$"))
    expect(page.locator("#stage-qualification")).to_contain_text("étape en cours")

    # Three reviewers sign their own gates.
    reviewers = [
        (it_reviewer(display_name="Relecture DSIN"), "Hébergement sur les serveurs de la Ville."),
        (legal(display_name="Affaires juridiques"), "Risque minimal au sens du règlement."),
        (department_agent(DEPARTMENT, display_name="Karima"), "Le service porte le besoin."),
    ]
    for n, (reviewer, reasons) in enumerate(reviewers):
        tab = as_user(browser, asgi_live_server, reviewer)
        sign_consultation_gate(tab, p, reasons, axe if n == 0 else None)
        tab.context.close()

    # The DPO's gate is open: entry into consultation is refused, the note typed is kept.
    page.goto(p.get_absolute_url())
    page.get_by_role("link", name="Changer d'étape").click()
    page.get_by_label("Consultation").check()
    page.get_by_label("Note publique").fill("Soumis aux habitants.")
    page.get_by_role("button", name="Changer le projet d'étape").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("pas encore signés : Délégué à la protection des données")
    expect(page.get_by_label("Note publique")).to_have_value("Soumis aux habitants.")
    axe(page, "refused stage change")

    # The public sees the refusal on the timeline, never the internal notes.
    visitor = browser.new_context(base_url=asgi_live_server.url, locale="fr-FR").new_page()
    visitor.goto(p.get_absolute_url())
    consultation = visitor.locator("#stage-consultation")
    expect(consultation).to_contain_text("Entrée refusée le")
    expect(consultation).to_contain_text("Hébergement sur les serveurs de la Ville.")
    expect(consultation).not_to_contain_text("Note interne")
    axe(visitor, "public project page")
    visitor.context.close()

    # The DPO signs; the board moves the project into consultation.
    tab = as_user(browser, asgi_live_server, dpo(display_name="Déléguée"))
    sign_consultation_gate(tab, p, "Aucune donnée personnelle au-delà du nécessaire.")
    tab.context.close()
    page.goto(p.get_absolute_url())
    page.get_by_role("link", name="Changer d'étape").click()
    page.get_by_label("Consultation").check()
    page.get_by_role("button", name="Changer le projet d'étape").click()
    page.wait_for_url(re.compile(rf"/governance/projects/{p.slug}/$"))
    expect(page.locator("#stage-consultation")).to_contain_text("étape en cours")
    expect(page.locator("#stage-consultation")).to_contain_text("Note interne")  # the board
    axe(page, "project in consultation")
