import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from core.models import OutboxMessage
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"


def signup(client, email="new@example.org", password1="a-Long-passphrase-42", password2=None):
    return client.post(
        SIGNUP, {"email": email, "password1": password1, "password2": password2 or password1}
    )


def test_signup_sends_a_verification_email_through_the_outbox_and_gives_the_resident_role(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.groups.filter(name=Role.RESIDENT).exists()
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    assert re.search(r"/accounts/confirm-email/[^/\s]+/", mailoutbox[0].body)
    message = OutboxMessage.objects.get(kind="accounts.email_confirmation_signup")
    assert message.recipient == "new@example.org" and message.sent_at is not None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-email"}, "Saisissez une adresse e-mail valide"),
        ({"password1": "1234"}, "Ce mot de passe est trop court"),
        ({"password1": "a-Long-passphrase-42", "password2": "another-one-43"}, "même mot de passe"),
    ],
)
def test_signup_with_bad_input_answers_with_a_clear_message_and_keeps_the_email(
    client, data, message
):
    payload = {"email": "camille@example.org", "password1": "a-Long-passphrase-42"}
    payload.update(data)
    response = signup(client, **payload)
    assert response.status_code == 200  # allauth re-renders the form
    html = page_text(response)
    assert message in html
    assert "Il y a un problème" in html  # the error summary
    assert f'value="{payload["email"]}"' in html
    assert not User.objects.filter(email=payload["email"]).exists()


def test_duplicate_signup_does_not_create_a_second_account_nor_leak_it(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="taken@example.org")
    fresh = signup(client, email="fresh@example.org")
    client.logout()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client, email="taken@example.org")
    # The person signing up sees exactly what a new address gets: no hint the account exists.
    assert (response.status_code, response["Location"]) == (302, fresh["Location"])
    assert User.objects.filter(email="taken@example.org").count() == 1
    # Only the address's owner is told, by email, that someone tried to sign up with it.
    assert [m.to for m in mailoutbox] == [["taken@example.org"]]
    assert "existe déjà" in mailoutbox[0].subject
    assert "confirm-email" not in mailoutbox[0].body


def test_unverified_account_cannot_log_in_until_it_verifies(client, mailoutbox):
    signup(client)
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "new@example.org", "password": "a-Long-passphrase-42"}
    )
    assert response.status_code == 302
    assert "confirm-email" in response.url
    assert "_auth_user_id" not in client.session


def test_wrong_verification_link_says_it_is_invalid(client):
    response = client.get("/accounts/confirm-email/not-a-real-key/")
    assert response.status_code == 200
    assert "Ce lien de confirmation d'adresse e-mail a expiré ou n'est pas valide." in page_text(
        response
    )


def test_expired_or_forged_reset_token_is_refused_with_a_message(client):
    user = UserFactory()
    response = client.get(f"/accounts/password/reset/key/{user.pk}-forged-token/", follow=True)
    assert response.status_code == 200
    assert "invalide" in page_text(response)


def test_wrong_password_at_login_is_a_clear_error(client):
    UserFactory(email="camille@example.org")
    response = client.post("/accounts/login/", {"login": "camille@example.org", "password": "nope"})
    assert response.status_code == 200
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in page_text(response)


def test_profile_edit_keeps_values_and_rejects_bad_choices(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"), {"display_name": "Camille", "arrondissement": "42"}
    )
    assert response.status_code == 400
    assert 'value="Camille"' in page_text(response)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Camille", "arrondissement": "11", "age_bracket": "35_49"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.arrondissement, user.age_bracket) == ("Camille", "11", "35_49")


def test_data_export_is_a_json_attachment(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("accounts:data-export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.json()["account"]["email"] == user.email


def test_delete_needs_the_password_and_confirmation(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": "wrong", "confirm": "on"})
    assert response.status_code == 400
    assert "Ce mot de passe n'est pas correct" in page_text(response)
    response = client.post(reverse("accounts:delete"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.is_deleted
    response = client.post(
        reverse("accounts:delete"), {"password": DEFAULT_PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_deleted
    assert "_auth_user_id" not in client.session


ACCOUNT_URLS = ["/accounts/profile/", "/accounts/profile/my-data.json", "/accounts/profile/delete/"]
ADMIN_URLS = ["/cms/", "/django-admin/"]


@pytest.mark.parametrize("url", ACCOUNT_URLS + ADMIN_URLS)
@pytest.mark.parametrize("who", ["anonymous", "resident", "staff"])
def test_permissions_matrix(client, url, who):
    """Anonymous → login; resident → own account only, no admin; staff → everything."""
    if who == "resident":
        client.force_login(UserFactory(roles=[Role.RESIDENT]))
    elif who == "staff":
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(url)
    if who == "anonymous":
        assert response.status_code == 302
        assert "login" in response.url
    elif who == "resident" and url in ADMIN_URLS:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "login" in response.url
    else:
        assert response.status_code == 200


def test_emails_name_the_configured_site_not_the_request_host(
    client, mailoutbox, settings, django_capture_on_commit_callbacks
):
    """allauth's emails said "Bonjour, c'est 127.0.0.1:8000 !": they name the city's site."""
    settings.CITY_NAME = "Ville de Lyon"
    settings.SITE_URL = "https://ia.lyon.example"
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        signup(client, email="lyon@example.org")
    body = mailoutbox[0].body
    assert "IA Commune — Ville de Lyon" in body
    assert "ia.lyon.example" in body
    assert "testserver" not in body.replace("http://testserver/", "")
