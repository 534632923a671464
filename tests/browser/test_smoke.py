import pytest

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_home_page_shows_the_five_parts_and_passes_axe(page, axe):
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto("/")
    assert page.locator("h1").inner_text() == "IA Commune"
    assert page.locator("nav[aria-label='Menu principal'] a").count() == 5
    axe(page)
