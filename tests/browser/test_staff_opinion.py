"""A staff representative files her body's opinion; it appears on the register record page."""

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


def test_a_staff_representative_files_an_opinion_shown_on_the_record(page, axe):
    from tests.dialogue.factories import body_with, representative
    from tests.register.factories import published_system

    system = published_system(name="Tri automatique du courrier")
    member = representative()
    body_with(member, name="Comité social territorial")

    login(page, member)
    page.goto(f"/register/{system.slug}/")
    expect(page.get_by_role("heading", name="Avis des instances du personnel")).to_be_visible()
    page.get_by_role("link", name="Déposer un avis pour votre instance").click()
    expect(page.locator("h1")).to_have_text("Déposer un avis formel")
    axe(page, "opinion form")

    # Nothing filled in: the error summary, and nothing is lost.
    page.get_by_label("Motifs").fill("")
    page.get_by_role("button", name="Déposer l'avis").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe(page, "opinion form with errors")

    page.get_by_label("Favorable avec réserves").check()
    page.get_by_label("Motifs").fill("Former les agents du courrier avant toute extension.")
    page.get_by_role("button", name="Déposer l'avis").click()
    page.wait_for_url(re.compile(rf"/register/{system.slug}/$"))
    opinions = page.locator("#staff-opinions")
    expect(opinions).to_contain_text("Comité social territorial")
    expect(opinions).to_contain_text("Favorable avec réserves")
    expect(opinions).to_contain_text("Former les agents du courrier avant toute extension.")
    axe(page, "record with the opinion")
