"""A counter agent records a recourse request received by phone for a person without email,
prints (downloads) the receipt, and the person follows it with the reference and postcode."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.roles import Role
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


def login(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def test_a_counter_agent_records_a_phone_request_and_prints_the_receipt(page, axe):
    from tests.register.factories import published_system

    published_system(name="Tri automatique du courrier")
    agent = UserFactory(roles=[Role.COUNTER_AGENT], display_name="Guichet du 11e")
    login(page, agent)

    page.goto("/register/staff/counter/")
    expect(page.locator("h1")).to_have_text("Enregistrer une demande pour quelqu'un")
    axe(page, "counter form")
    # Sent without a way to answer: refused, what was typed is kept.
    page.get_by_label("Système d'IA concerné").select_option(label="Tri automatique du courrier")
    page.get_by_role("radio", name="Téléphone").check()
    page.get_by_label("Ce que la personne demande").fill("Je demande un réexamen de mon dossier.")
    page.get_by_label(re.compile("La personne accepte")).check()
    page.get_by_role("button", name="Enregistrer la demande").click()
    expect(page.locator(".error-summary")).to_contain_text("moyen d'envoyer la réponse")
    expect(page.get_by_label("Ce que la personne demande")).to_have_value(
        "Je demande un réexamen de mon dossier."
    )
    axe(page, "counter form with errors")

    page.get_by_label("Nom de la personne").fill("Josette Martin")
    page.get_by_label("Adresse postale (numéro et rue)").fill("12 rue de la Roquette")
    page.get_by_label("Code postal").fill("75011")
    page.get_by_label("Commune").fill("Paris")
    page.get_by_label(re.compile("La personne accepte")).check()
    page.get_by_role("button", name="Enregistrer la demande").click()
    expect(page.locator("h1")).to_have_text("Demande enregistrée")
    heading = page.get_by_role("heading", name=re.compile(r"^Référence REC-"))
    expect(heading).to_be_visible()
    reference = heading.inner_text().split()[-1]
    axe(page, "request recorded")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Imprimer le récépissé (PDF)").click()
    download = download_info.value
    with open(download.path(), "rb") as pdf:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages)
    assert reference in text and "Tri automatique du courrier" in text and "75011" in text

    # The person follows the request with the reference and the postcode.
    page.goto("/register/recourse/status/")
    page.get_by_label("Référence").fill(reference)
    page.get_by_label(re.compile("le code postal de votre adresse")).fill("75011")
    page.get_by_role("button", name="Voir le statut").click()
    expect(page.get_by_role("heading", name=f"Demande {reference}")).to_be_visible()
    axe(page, "status by postcode")
