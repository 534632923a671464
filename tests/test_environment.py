import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_ci_runs_on_postgresql_never_on_sqlite():
    """CI sets DATABASE_URL to PostgreSQL: features like row locks are only tested there."""
    if not os.environ.get("CI"):
        pytest.skip("outside CI, SQLite is an accepted local default")
    assert connection.vendor == "postgresql", "CI must run the suite on PostgreSQL"


def test_asgi_live_server_serves_pages_static_files_and_the_test_database(asgi_live_server):
    """The browser and `openai`-client tests run against this server: it must answer through
    the ASGI application, with the site's CSS, and see what the test wrote."""
    import httpx

    from tests.register.factories import published_system

    published_system(name="Système écrit par le test")
    css = httpx.get(f"{asgi_live_server.url}/static/css/site.css", timeout=10)
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    listing = httpx.get(f"{asgi_live_server.url}/register/", timeout=10)
    assert listing.status_code == 200
    assert "Système écrit par le test" in listing.text


def test_django_async_unsafe_is_not_lifted_outside_browser_tests():
    """Only the browser fixture lifts Django's guard against ORM calls under an event loop."""
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ
