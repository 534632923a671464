"""A newcomer's whole account life in a real browser, in French and in English."""

import io
import json
import re

import pytest
from playwright.sync_api import expect

from accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = {
    "fr": {
        "prefix": "",
        "signup_button": "Création de compte",
        "verify_button": "Confirmer",
        "login_button": "Connexion",
        "save": "Enregistrer mon profil",
        "saved": "Votre profil a été enregistré.",
        "download": "Télécharger mes données",
        "delete_link": "Supprimer mon compte",
        "confirm_label": "Je comprends",
        "delete_button": "Supprimer définitivement mon compte",
        "deleted": "Votre compte a été supprimé",
        "display_name": "Nom affiché",
        "arrondissement": "Arrondissement",
        "password": "Votre mot de passe",
    },
    "en": {
        "prefix": "/en",
        "signup_button": "Sign Up",
        "verify_button": "Confirm",
        "login_button": "Sign In",
        "save": "Save my profile",
        "saved": "Your profile has been saved.",
        "download": "Download my data",
        "delete_link": "Delete my account",
        "confirm_label": "I understand",
        "delete_button": "Delete my account for good",
        "deleted": "Your account has been deleted",
        "display_name": "Display name",
        "arrondissement": "Arrondissement",
        "password": "Your password",
    },
}


@pytest.fixture
def seeded():
    """The portal's pages only: enough here, and much faster than the whole demo."""
    from portal import demo

    demo.seed(stdout=io.StringIO())


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_visitor_signs_up_verifies_edits_profile_downloads_data_and_deletes_account(
    page, axe, mailoutbox, seeded, lang
):
    t = TEXT[lang]
    email = f"camille.{lang}@example.org"
    password = "Une-phrase-de-passe-solide-2026"

    page.goto(f"{t['prefix']}/")
    axe(page, "home")
    page.goto(f"{t['prefix']}/accounts/signup/")
    axe(page, "signup")
    page.get_by_label("E-mail" if lang == "fr" else "Email", exact=False).first.fill(email)
    page.locator("input[name=password1]").fill(password)
    page.locator("input[name=password2]").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name=t["signup_button"]).click()
    axe(page, "verification sent")

    sent = [m for m in mailoutbox if email in m.to]
    assert len(sent) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", sent[0].body).group(0)
    path = re.sub(r"^https?://[^/]+", "", link)
    page.goto(path)
    axe(page, "confirm email")
    with page.expect_navigation():
        page.get_by_role("button", name=t["verify_button"]).click()

    page.goto(f"{t['prefix']}/accounts/login/")
    axe(page, "login")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form").get_by_role("button", name=t["login_button"]).click()
    page.wait_for_url(re.compile(r".*/accounts/profile/$"))
    axe(page, "profile")

    page.get_by_label(t["display_name"]).fill("Camille")
    page.get_by_label(t["arrondissement"]).select_option("11")
    page.get_by_role("button", name=t["save"]).click()
    expect(page.get_by_text(t["saved"])).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name=t["download"]).click()
    data = json.loads(open(download_info.value.path(), encoding="utf-8").read())  # noqa: SIM115
    assert data["account"]["email"] == email
    assert data["account"]["display_name"] == "Camille"

    page.get_by_role("link", name=t["delete_link"]).click()
    axe(page, "delete account")
    page.get_by_label(t["password"]).fill(password)
    page.get_by_label(t["confirm_label"], exact=False).check()
    page.get_by_role("button", name=t["delete_button"]).click()
    expect(page.get_by_text(t["deleted"], exact=False)).to_be_visible()

    user = User.objects.get(
        public_id=User.objects.filter(deleted_at__isnull=False).latest("deleted_at").public_id
    )
    assert user.is_deleted and user.display_name == "" and email != user.email


def test_signup_errors_are_listed_in_a_summary_that_links_to_the_field(page, axe, seeded):
    page.goto("/accounts/signup/")
    page.locator("input[name=email]").fill("pas-une-adresse")
    page.locator("input[name=password1]").fill("court")
    page.locator("input[name=password2]").fill("court")
    page.get_by_role("button", name="Création de compte").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Il y a un problème")
    expect(page.locator("input[name=email]")).to_have_value("pas-une-adresse")
    axe(page, "signup with errors")
