"""Rate limits answer one way everywhere: 429, a `Retry-After` header and a readable message
(the form shown again for browsers), and every write has a limit (issue 12, item 6)."""

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.roles import Role
from consultation import services as consultation_services
from consultation.models import Phase
from observatory.models import Testimony
from tests.consultation.factories import DOSSIER, UseCaseFactory, consultation_in
from tests.factories import UserFactory
from tests.register.factories import published_system

pytestmark = pytest.mark.django_db

HOUR = 3600
DAY = 86400


@pytest.fixture(autouse=True)
def _no_attempt_counted(db):
    cache.clear()
    yield
    cache.clear()


def logged_in(user=None, **kw) -> Client:
    client = Client()
    client.force_login(user or UserFactory(**kw))
    return client


def assert_rate_limited(response, seconds: int | None = None, text: str | None = None):
    assert response.status_code == 429, response.content[:300]
    retry_after = int(response["Retry-After"])
    assert retry_after > 0
    if seconds is not None:
        assert retry_after == seconds
    if text is not None:
        assert text in response.content.decode()


TOO_MANY = "Too many attempts in a short time."


def test_ballots_api(settings):
    settings.CONSULTATION_RATE_BALLOTS = "1/hour"
    voter = UserFactory()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=voter).key}")
    use_case = UseCaseFactory()
    url = f"/api/use-cases/{use_case.pk}/ballot/"
    assert client.put(url, {"grade": "good"}, format="json").status_code == 200
    response = client.put(url, {"grade": "reject"}, format="json")
    assert_rate_limited(response, HOUR)
    assert response.json()["error"]["code"] == "rate_limited"


def test_comments_form_is_shown_again_with_what_was_written(settings):
    settings.CONSULTATION_RATE_COMMENTS = "1/hour"
    use_case = UseCaseFactory()
    client = logged_in()
    url = f"/en/consultations/use-cases/{use_case.pk}/comments/"
    assert client.post(url, {"body": "First", "alignment": "for"}).status_code == 302
    response = client.post(url, {"body": "Second thought", "alignment": "for"})
    assert_rate_limited(response, HOUR, TOO_MANY)
    assert "Second thought" in response.content.decode()


def test_reports(settings):
    settings.CONSULTATION_RATE_REPORTS = "1/hour"
    use_case = UseCaseFactory()
    author = UserFactory()
    first, second = (
        consultation_services.comment_post(author=author, use_case=use_case, body=body)
        for body in ("One", "Two")
    )
    client = logged_in()
    data = {"reason": "insult", "details": "Rude words"}
    assert client.post(f"/en/consultations/comments/{first.pk}/report/", data).status_code == 302
    response = client.post(f"/en/consultations/comments/{second.pk}/report/", data)
    assert_rate_limited(response, HOUR, TOO_MANY)
    assert "Rude words" in response.content.decode()


def test_comment_votes_answer_429_not_a_redirect(settings):
    use_case = UseCaseFactory()
    author = UserFactory()
    first, second = (
        consultation_services.comment_post(author=author, use_case=use_case, body=body)
        for body in ("One", "Two")
    )
    settings.CONSULTATION_RATE_COMMENTS = "1/hour"
    client = logged_in()
    assert (
        client.post(f"/en/consultations/comments/{first.pk}/vote/", {"value": "1"}).status_code
        == 302
    )
    response = client.post(f"/en/consultations/comments/{second.pk}/vote/", {"value": "1"})
    assert_rate_limited(response, HOUR, TOO_MANY)
    assert second.get_absolute_url().split("#")[0] in response.content.decode()  # a way back


def test_proposals(settings):
    settings.CONSULTATION_RATE_PROPOSALS = "1/day"
    consultation = consultation_in(Phase.INFORMATION, accepts_proposals=True)
    client = logged_in(roles=[Role.RESIDENT])
    url = f"/en/consultations/{consultation.slug}/propose/"
    assert client.post(url, {**DOSSIER, "confirm_new": "on"}).status_code == 302
    response = client.post(url, {**DOSSIER, "confirm_new": "on"})
    assert_rate_limited(response, DAY, TOO_MANY)
    assert DOSSIER["title"] in response.content.decode()


RECOURSE = {
    "name": "Camille",
    "email": "camille@example.org",
    "request": "Je demande un réexamen de la décision.",
    "consent": "on",
}


def test_recourse_form(settings):
    settings.REGISTER_RECOURSE_LIMIT_PER_EMAIL = "1/day"
    system = published_system()
    client = Client()
    url = f"/register/{system.slug}/recourse/"
    first = client.post(url, RECOURSE)
    assert first.status_code == 302, first.content.decode()[:2000]
    response = client.post(url, RECOURSE)
    assert_rate_limited(response, DAY)
    assert "Je demande un réexamen" in response.content.decode()


def test_recourse_api(settings):
    settings.REGISTER_RECOURSE_LIMIT_PER_EMAIL = "1/day"
    system = published_system()
    client = Client()
    url = f"/api/register/systems/{system.slug}/recourse/"
    body = {"email": "a@example.org", "request": "Réexamen", "consent": True}
    assert client.post(url, body, content_type="application/json").status_code == 201
    response = client.post(url, body, content_type="application/json")
    assert_rate_limited(response, DAY)
    assert response.json()["error"]["message"]


def test_error_reports(settings):
    settings.REGISTER_FEEDBACK_LIMIT_PER_IP = "1/hour"
    system = published_system()
    client = Client()
    url = f"/register/{system.slug}/report-error/"
    assert client.post(url, {"message": "Le contact est faux depuis mars."}).status_code == 302
    response = client.post(url, {"message": "Encore une remarque utile."})
    assert_rate_limited(response, HOUR)
    assert "Encore une remarque utile." in response.content.decode()


def test_status_lookup(settings):
    settings.REGISTER_STATUS_LOOKUPS_PER_IP = "1/hour"
    client = Client()
    data = {"reference": "REC-NOPE", "email": "a@example.org"}
    assert client.post("/register/recourse/status/", data).status_code != 429
    response = client.post("/register/recourse/status/", data)
    assert_rate_limited(response, HOUR)
    assert "REC-NOPE" in response.content.decode()


def test_password_reset(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "1/m/key"}
    user = UserFactory()
    client = Client()
    url = "/en/accounts/password/reset/"
    assert client.post(url, {"email": user.email}).status_code == 302
    response = client.post(url, {"email": user.email})
    assert_rate_limited(response, text="Too many attempts")


def test_testimonies(settings):
    settings.OBSERVATORY_RATE_TESTIMONIES = "1/day"
    text = "Le formulaire de demande de place en crèche utilisait un score inexpliqué."
    client = logged_in(roles=[Role.RESIDENT])
    url = "/en/observatory/testimonies/new/"
    assert client.post(url, {"text": text, "consent": "on"}).status_code == 302
    response = client.post(url, {"text": text + " Encore.", "consent": "on"})
    assert_rate_limited(response, DAY, TOO_MANY)
    assert "Encore." in response.content.decode()
    assert Testimony.objects.count() == 1


def test_api_token_creation(settings):
    settings.INFERENCE_RATE_TOKEN_CREATE = "1/hour"
    client = logged_in(roles=[Role.AGENT])
    url = "/en/accounts/api-tokens/"
    assert client.post(url, {"name": "Courriers"}).status_code == 200
    response = client.post(url, {"name": "Second script"})
    assert_rate_limited(response, HOUR, TOO_MANY)
    assert "Second script" in response.content.decode()


def test_profile_updates(settings):
    settings.ACCOUNTS_RATE_PROFILE = "1/hour"
    user = UserFactory()
    client = logged_in(user)
    url = "/en/accounts/profile/"
    assert client.post(url, {"display_name": "Camille"}).status_code == 302
    response = client.post(url, {"display_name": "Camille B."})
    assert_rate_limited(response, HOUR, TOO_MANY)
    assert "Camille B." in response.content.decode()
    user.refresh_from_db()
    assert user.display_name == "Camille"
