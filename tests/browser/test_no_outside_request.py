"""No byte leaves the city: neither a resident's pages nor the CMS (logged in as an
administrator) ask anything of a host other than the site itself."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.observatory.factories import ResearcherFactory, index_after_flush
from tests.register.factories import published_system

pytestmark = [pytest.mark.django_db(transaction=True)]


def _record_outside_requests(page) -> list[str]:
    """Every request the tab makes to another host is recorded, then refused (never sent)."""
    own_host = urlsplit(page.base_url).netloc
    outside: list[str] = []

    def route(route):
        url = route.request.url
        if url.startswith(("http://", "https://", "ws://", "wss://")) and (
            urlsplit(url).netloc != own_host
        ):
            outside.append(url)
            route.abort()
        else:
            route.continue_()

    page.context.route("**/*", route)
    return outside


def _tree():
    return index_after_flush()


def test_public_pages_ask_nothing_of_another_host(page):
    _tree()
    system = published_system(name="Tri du courrier")
    outside = _record_outside_requests(page)
    for path in ("/", "/register/", f"/register/{system.slug}/", "/sandbox/", "/observatory/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert outside == []


def test_the_cms_asks_nothing_of_another_host_for_an_administrator(page):
    index = _tree()
    ResearcherFactory(name="Léa Martin")
    admin = UserFactory(is_staff=True, is_superuser=True)
    outside = _record_outside_requests(page)

    page.goto("/accounts/login/")
    page.fill("input[name='login']", admin.email)
    page.fill("input[name='password']", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()

    for path, shown in (
        ("/cms/", "main"),  # the dashboard: avatar in the menu, upgrade check panel
        (f"/cms/pages/{index.pk}/edit/", "form#page-edit-form"),
        ("/cms/snippets/observatory/researcher/", "text=Léa Martin"),
    ):
        page.goto(path)
        expect(page.locator(shown).first).to_be_visible()
        page.wait_for_load_state("networkidle")
    assert outside == []
