"""A visitor filters the shared library and opens a partner city's case; an agent reuses it
and sees the draft with its provenance. axe finds nothing serious on the way."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True)]


def _login(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def test_visitor_filters_opens_a_partner_case_and_an_agent_reuses_it(browser, page, axe):
    from library.federation import partner_library_import
    from library.services import library_own_cases_refresh
    from tests.library.factories import (
        agent,
        own_adopted_case,
        partner,
        partner_case,
        partner_export,
    )

    own_adopted_case(title="Assistant des démarches")
    library_own_cases_refresh()
    lyon = partner("Lyon", "https://lyon.example/library/library.json")
    partner_library_import(
        partner_id=lyon.pk,
        payload=partner_export(
            partner_case("courrier", "Tri automatique du courrier"),
            partner_case("video", "Vidéoverbalisation", outcome="rejected", theme="mobility"),
        ),
    )

    page.goto("/library/")
    expect(page.get_by_role("heading", name="3 cas")).to_be_visible()
    axe(page, "library list")
    page.get_by_label("Ville", exact=True).select_option("Lyon")
    page.get_by_label("Issue", exact=True).select_option("adopted")
    page.get_by_role("button", name="Appliquer").click()
    expect(page.get_by_role("heading", name="1 cas")).to_be_visible()
    card = page.locator(".library-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(
        "Testé à Lyon\u202f: adopté, médiane Bien, 2 engagements tenus sur 3"
    )
    expect(card).to_contain_text("De la ville partenaire Lyon")
    axe(page, "library filtered")

    card.get_by_role("link", name="Tri automatique du courrier").click()
    expect(page.locator("h1")).to_have_text("Tri automatique du courrier")
    expect(page.get_by_role("link", name="Voir ce cas sur le site de Lyon")).to_have_attribute(
        "href", "https://partner.example/library/courrier/"
    )
    expect(page.get_by_role("button", name="Reprendre cet usage")).to_have_count(0)
    axe(page, "partner case")
    case_url = page.url

    # An agent, in a browser of their own, reuses the case.
    context = browser.new_context(base_url=page.base_url, locale="fr-FR")
    context.set_default_timeout(20_000)
    tab = context.new_page()
    _login(tab, agent(display_name="Agnès Agent"))
    tab.goto(case_url)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Reprendre cet usage").click()
    expect(tab).to_have_url(re.compile(r"/consultations/use-cases/\d+/$"))
    expect(tab.locator("h1")).to_have_text("Tri automatique du courrier")
    provenance = tab.locator("#provenance")
    expect(provenance).to_contain_text("Repris de la bibliothèque partagée")
    expect(provenance).to_contain_text("testé à Lyon")
    expect(provenance.get_by_role("link", name="Voir le cas d’origine")).to_have_attribute(
        "href", "https://partner.example/library/courrier/"
    )
    axe(tab, "reused draft")
    context.close()
