"""A resident searches the register, reads a record, compares versions, asks for a review."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_resident_journey_through_the_register(page, axe, mailoutbox):
    from tests.register.factories import published_system

    published_system(
        name="Tri automatique du courrier",
        short_description="Oriente le courrier entrant.",
        versions=2,
    )
    published_system(name="Optimisation des feux", risk_level="minimal")

    page.goto("/register/")
    axe(page, "register list")
    page.get_by_label("Rechercher", exact=True).first.fill("courrier")
    page.get_by_role("button", name="Appliquer").click()
    expect(page.get_by_role("heading", name=re.compile("1 système"))).to_be_visible()
    page.get_by_role("link", name="Tri automatique du courrier").click()
    expect(page.locator("h1")).to_have_text("Tri automatique du courrier")
    expect(page.get_by_role("heading", name="Contester une décision")).to_be_visible()
    axe(page, "record")

    page.get_by_role("link", name=re.compile("Historique")).first.click()
    axe(page, "history")
    page.get_by_role("button", name="Comparer").click()
    page.wait_for_url(re.compile(r"/diff/1/2/$"))
    expect(page.locator("ins").first).to_be_visible()
    axe(page, "diff")

    page.get_by_role("link", name="Retour à la fiche").click()
    page.get_by_role("link", name="Demander un réexamen humain").click()
    axe(page, "recourse form")
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe(page, "recourse form with errors")
    page.get_by_label("Adresse e-mail").fill("camille@example.org")
    page.get_by_label("Ce que vous demandez").fill("Mon courrier a été envoyé au mauvais service.")
    page.get_by_label(re.compile("J'accepte")).check()
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.locator(".register-reference")).to_have_text(re.compile(r"^REC-"))
    reference = page.locator(".register-reference").inner_text()
    axe(page, "recourse received")

    page.get_by_role("link", name="Suivre ma demande").click()
    page.get_by_label("Référence").fill(reference)
    page.get_by_label("Adresse e-mail utilisée pour la demande").fill("camille@example.org")
    page.get_by_role("button", name="Voir le statut").click()
    expect(page.get_by_role("heading", name=f"Demande {reference}")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Reçue")
    axe(page, "recourse status")
