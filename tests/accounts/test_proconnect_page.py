"""The ProConnect button, its settings and the agent role (the flow itself: test_proconnect.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.models import AuditEntry
from accounts.roles import Role
from accounts.services import email_domain_is_the_citys, proconnect_agent_role_grant
from tests.factories import UserFactory
from tests.helpers import page_text

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def configured(settings):
    settings.PROCONNECT_SERVER_URL = "https://proconnect.example.test/api/v2"
    settings.PROCONNECT_CLIENT_ID = "client-id"
    settings.PROCONNECT_CLIENT_SECRET = "client-secret"


def test_the_sign_in_page_has_no_proconnect_button_until_it_is_configured(client):
    page = page_text(client.get("/accounts/login/"))
    assert "ProConnect" not in page
    assert client.post("/accounts/oidc/proconnect/login/").status_code == 404


@pytest.mark.parametrize(
    ("path", "lead", "heading"),
    [
        ("/accounts/login/", "S’identifier avec", "Agents publics"),
        ("/en/accounts/login/", "Sign in with", "Public agents"),
    ],
)
def test_the_configured_button_posts_to_the_provider_in_the_pages_language(
    client, configured, path, lead, heading
):
    page = page_text(client.get(path))
    assert f">{heading}</h2>" in page
    button = page.split('class="button button--proconnect"', 1)[1].split("</button>", 1)[0]
    assert lead in button and "ProConnect" in button
    assert '<form method="post" action="/' in page.split(heading, 1)[1]
    assert "/oidc/proconnect/login/" in page
    assert "<img" not in button  # drawn in text: no outside logo


def test_the_callback_registered_with_proconnect_is_the_same_on_english_pages(configured):
    from django.test import RequestFactory
    from django.utils import translation

    from accounts.proconnect.adapter import proconnect_app
    from accounts.proconnect.views import ProConnectOAuth2Adapter

    request = RequestFactory().get("/en/accounts/oidc/proconnect/login/")
    with translation.override("en"):
        url = ProConnectOAuth2Adapter(request, "proconnect").get_callback_url(
            request, proconnect_app()
        )
    assert url == "http://testserver/accounts/oidc/proconnect/login/callback/"


def test_the_agent_role_goes_to_the_citys_own_domains_only(settings):
    settings.PROCONNECT_AGENT_DOMAINS = ["paris.fr"]
    agent, other, lookalike = UserFactory(), UserFactory(), UserFactory()

    assert proconnect_agent_role_grant(user=agent, email="Marie.Curie@PARIS.fr")
    assert not proconnect_agent_role_grant(user=other, email="jean@interieur.gouv.fr")
    assert not proconnect_agent_role_grant(user=lookalike, email="x@notparis.fr")
    assert not email_domain_is_the_citys(email="x@sub.paris.fr")
    assert not proconnect_agent_role_grant(user=agent, email="marie.curie@paris.fr")  # has it

    assert agent.groups.filter(name=Role.AGENT).exists()
    assert not other.groups.filter(name=Role.AGENT).exists()
    assert not lookalike.groups.filter(name=Role.AGENT).exists()
    assert AuditEntry.objects.filter(action="account.role.granted").count() == 1


def _settings_in_a_fresh_process(**env) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'form_action': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'],"
        " 'domains': s.PROCONNECT_AGENT_DOMAINS}))"
    )
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PROCONNECT_")},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "TESTING": "1",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_issuer_is_allowed_as_a_form_target_only_when_proconnect_is_configured():
    """The button's form posts to the site, which redirects to ProConnect: browsers apply
    `form-action` to that redirect, so without the issuer's origin the button does nothing."""
    off = _settings_in_a_fresh_process()
    on = _settings_in_a_fresh_process(
        PROCONNECT_SERVER_URL="https://auth.agentconnect.gouv.fr/api/v2/",
        PROCONNECT_AGENT_DOMAINS="paris.fr, @Mairie-Paris.fr",
    )
    assert off["form_action"] == ["'self'"]
    assert on["form_action"] == ["'self'", "https://auth.agentconnect.gouv.fr"]
    assert on["domains"] == ["paris.fr", "mairie-paris.fr"]
