"""A resident grades from a consultation's list, lands on the confirmation, sees what is left;
a refused form takes the focus to its error summary; the comment counter counts; the login
page's tab order is email, password, then "forgot?"."""

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from consultation.models import Ballot
from tests.consultation.factories import ConsultationFactory, UseCaseFactory
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def login(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def test_vote_from_the_list_then_see_the_ungraded_one(page, asgi_live_server, axe):
    resident = UserFactory(roles=[Role.RESIDENT])
    consultation = ConsultationFactory(title="L'IA dans les services")
    first, second, third = (
        UseCaseFactory(consultation=consultation, title=title)
        for title in ("Accueil téléphonique", "Bibliothèques", "Cantines")
    )
    login(page, resident)
    page.goto(f"/consultations/{consultation.slug}/")
    axe(page)
    page.get_by_role("group", name="Votre mention pour « Accueil téléphonique »").get_by_label(
        "Bien", exact=True
    ).check()
    page.get_by_role("group", name="Votre mention pour « Bibliothèques »").get_by_label(
        "À rejeter", exact=True
    ).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer mes mentions").click()
    confirmation = page.locator(".messages")
    expect(confirmation).to_contain_text("2 mentions sont enregistrées")
    expect(confirmation).to_contain_text("Pas encore évalués : “Cantines”")
    # Focus lands on the confirmation after the vote.
    expect(confirmation).to_be_focused()
    expect(page.locator(f"#use-case-{third.pk} [data-ungraded]")).to_have_text("Pas encore évalué")
    expect(page.locator(f"#use-case-{first.pk} [data-ungraded]")).to_have_count(0)
    expect(page.locator(f"#use-case-{second.pk} [data-ungraded]")).to_have_count(0)
    assert dict(Ballot.objects.filter(voter=resident).values_list("use_case_id", "grade")) == {
        first.pk: "good",
        second.pk: "reject",
    }
    axe(page)

    # An empty submit is refused: the focus moves to the error summary.
    page.goto(f"/consultations/{consultation.slug}/")
    page.evaluate(
        "document.querySelectorAll('main input[type=radio]').forEach(r => r.checked = false)"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer mes mentions").click()
    expect(page.locator(".error-summary")).to_be_focused()


def test_comment_counter_counts_and_never_cuts(page, asgi_live_server):
    resident = UserFactory(roles=[Role.RESIDENT])
    use_case = UseCaseFactory()
    login(page, resident)
    page.goto(f"/consultations/use-cases/{use_case.pk}/")
    counter = page.locator("#id_body_counter")
    expect(counter).to_have_text("0 caractères sur 5 000".replace(" ", "\u202f"))
    expect(counter).to_have_attribute("aria-live", "polite")
    text = "a" * 5003
    page.fill("#id_body", text)
    expect(counter).to_have_text("Caractères en trop : 3")
    assert page.input_value("#id_body") == text  # nothing cut


def test_login_tab_order_is_email_password_then_forgot(page, asgi_live_server):
    page.goto("/accounts/login/")
    page.focus("input[name=login]")
    page.keyboard.press("Tab")
    expect(page.locator("input[name=password]")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Mot de passe oublié ?")).to_be_focused()
