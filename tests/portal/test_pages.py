import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.helpers import page_text

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def seeded():
    """The portal's pages only: enough here, and much faster than the whole demo."""
    from portal import demo

    demo.seed(stdout=io.StringIO())


def test_seed_demo_is_idempotent_and_prints_passwords_only_once():
    from wagtail.models import Page

    from accounts.models import User

    call_command("seed_demo", stdout=io.StringIO())
    pages, users = Page.objects.count(), User.objects.count()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert (Page.objects.count(), User.objects.count()) == (pages, users)
    assert "exist already" in out.getvalue()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", "Ce que vous pouvez faire ici"),
        ("/en/", "What you can do here"),
        ("/charter/", "Pas d'identification biométrique"),
        ("/en/charter/", "No biometric identification"),
        ("/legal-notice/", "EUPL-1.2"),
        ("/privacy/", "Durées de conservation"),
        ("/en/privacy/", "How long we keep it"),
        ("/accessibility/", "partiellement conforme"),
        ("/en/accessibility/", "partially compliant"),
    ],
)
def test_portal_pages_are_served_in_both_languages(client, seeded, url, expected):
    response = client.get(url)
    assert response.status_code == 200
    assert expected in page_text(response)


def test_page_has_one_main_a_skip_link_and_a_language_switcher(client, seeded):
    html = page_text(client.get("/charter/"))
    assert html.count("<main") == 1
    assert 'href="#main"' in html
    assert 'hreflang="en"' in html and 'href="/en/charter/"' in html


def test_every_public_page_has_a_strict_content_security_policy(client, seeded):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_site_search_finds_a_page_in_the_active_language(client, seeded):
    assert "Charte de l'IA de la Ville" in page_text(client.get("/search/", {"q": "charte"}))
    assert "The city's AI charter" in page_text(client.get("/en/search/", {"q": "charter"}))


def test_search_with_a_hostile_or_huge_query_does_not_fail(client, seeded):
    response = client.get("/search/", {"q": "<script>alert(1)</script>" + "x" * 5000})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


def test_not_found_is_a_styled_page_in_both_languages(client, seeded):
    response = client.get("/does-not-exist/")
    assert response.status_code == 404
    assert "Page introuvable" in page_text(response)
    response = client.get("/en/does-not-exist/")
    assert response.status_code == 404
    assert "Page not found" in page_text(response)


def test_api_errors_are_json_with_a_readable_message(client):
    response = client.get("/api/does-not-exist/")
    assert response.status_code == 404
    assert response.json()["error"]["message"]


@override_settings(DEBUG=False)
def test_server_error_page_renders_without_the_database(rf):
    from portal.views import server_error

    request = rf.get("/")
    response = server_error(request)
    assert response.status_code == 500
    assert "Une erreur est survenue" in page_text(response)


def test_csrf_failure_is_a_styled_page_that_explains_what_to_do(seeded):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    assert "Votre formulaire a expiré" in page_text(response)


def test_api_schema_and_docs_are_served_from_the_site_itself(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    docs = page_text(client.get("/api/docs/"))
    assert "/static/drf_spectacular_sidecar/" in docs
    assert "cdn" not in docs.lower()


def test_api_docs_say_they_are_in_english_and_the_footer_says_so_too(client):
    docs = page_text(client.get("/api/docs/"))
    assert '<html lang="en">' in docs
    footer = page_text(client.get("/register/")).split('<footer class="site-footer"')[1]
    assert re.search(r'<a href="/api/docs/" hreflang="en">[^<]*\(en anglais\)</a>', footer)


def test_coming_soon_only_for_known_parts(client, seeded):
    assert client.get("/coming-soon/unknown/").status_code == 404


def test_check_deploy_passes_with_production_settings():
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "a-long-random-production-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "ia.example.org",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_COOKIES": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "BEHIND_TLS_PROXY": "true",
        "SITE_URL": "https://ia.example.org",
        "CACHE_URL": "redis://127.0.0.1:6379/6",  # shared by the workers (core.W001)
        "TESTING": "false",
        # Production's settings, not the test suite's (which add a test OIDC provider).
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser harness, never in production
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_settings_refuse_to_start_without_a_secret_key_in_production():
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": "", "TESTING": "false"}
    env.pop("PYTEST_CURRENT_TEST", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup()",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
