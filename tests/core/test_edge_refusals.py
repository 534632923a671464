"""Refusals at the edge: NUL bytes anywhere in a request, and a database that is out of reach."""

import re
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NUL = "%00"


def _regex_to_path(regex: str) -> str:
    """An example path for a regex pattern, with NUL in every group (named or not)."""
    out, i = [], 0
    regex = regex.removeprefix("^").removesuffix("$").removesuffix("\\Z")
    while i < len(regex):
        char = regex[i]
        if char == "(":
            depth, j = 1, i + 1
            while depth:
                if regex[j] == "\\":
                    j += 2
                    continue
                depth += {"(": 1, ")": -1}.get(regex[j], 0)
                j += 1
            optional = j < len(regex) and regex[j] in "?*"
            if regex[i + 1 : i + 3] == "?P" or not optional:
                out.append(NUL)
            i = j + (1 if optional else 0)
        elif char == "\\":
            out.append(regex[i + 1])
            i += 2
        elif char in "?*+$^":
            i += 1
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _pattern_to_path(pattern) -> str:
    route = getattr(pattern, "_route", None)
    if route is not None:  # path(): "<slug:slug>/" → "%00/"
        return re.sub(r"<[^>]+>", NUL, route)
    regex = getattr(pattern, "_regex", None)
    if regex is not None:
        return _regex_to_path(regex)
    return ""  # the language prefix of i18n_patterns: French is unprefixed


def _every_path(patterns=None, prefix="") -> list[tuple[str, bool]]:
    """(path, has a parameter) for every URL pattern of the site, includes followed."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        path = prefix + _pattern_to_path(entry.pattern)
        if isinstance(entry, URLResolver):
            found.extend(_every_path(entry.url_patterns, path))
        elif isinstance(entry, URLPattern):
            found.append(("/" + path, NUL in path))
    return sorted(set(found))


def test_the_sweep_covers_the_urls_named_in_the_issue():
    paths = {p for p, _ in _every_path()}
    assert "/search/" in paths
    assert "/register/staff/recourse/%00/" in paths
    assert "/api/register/systems/%00/" in paths
    assert "/training/certificates/%00/" in paths
    assert "/api/training/certificates/%00/" in paths
    assert len(paths) > 200


def test_no_url_of_the_site_answers_500_to_a_nul_byte(client):
    """Every pattern: NUL in each path parameter → 404; NUL in the query string → 400."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)  # past the login redirects, down to the views
    failures = []
    for path, has_parameter in _every_path():
        if has_parameter:
            response = client.get(path, follow=True)  # APPEND_SLASH may redirect first
            if response.status_code != 404:
                failures.append((path, response.status_code))
        query = client.get(path.replace(NUL, "x"), {"q": "\x00"})
        if query.status_code != 400:
            failures.append((path + "?q=%00", query.status_code))
    assert failures == []


def test_nul_in_a_form_field_is_a_bad_request_with_a_readable_page(client):
    response = client.post("/en/search/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert "could not be understood" in response.content.decode()


def test_nul_in_an_api_json_body_is_a_400_in_the_api_shape(client):
    from tests.register.factories import published_system

    system = published_system()
    response = client.post(
        f"/api/register/systems/{system.slug}/recourse/",
        '{"name": "a\\u0000", "email": "a@example.org"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_nul_in_the_path_of_an_api_url_is_a_json_404(client):
    response = client.get("/api/register/systems/a%00/")
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


@pytest.mark.postgres
def test_the_nul_sweep_holds_on_postgresql(client):
    """The 500s came from PostgreSQL (`DataError`): run the sweep where it matters."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL=postgres://…")
    test_no_url_of_the_site_answers_500_to_a_nul_byte(client)


# --- Database outage ---------------------------------------------------------------------------


def _database_down(exc=OperationalError):
    return mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=exc("connection refused"),
    )


@pytest.mark.parametrize("exc", [OperationalError, InterfaceError])
def test_a_page_answers_503_with_retry_after_when_the_database_is_down(client, exc):
    with _database_down(exc):
        response = client.get("/en/register/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "briefly unavailable" in response.content.decode()


def test_the_api_answers_503_in_its_json_shape_when_the_database_is_down(client):
    with _database_down():
        response = client.get("/api/register/systems/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "service_unavailable"


def test_the_agents_api_answers_503_in_openai_shape_when_the_database_is_down(client):
    with _database_down():
        response = client.get("/v1/models", HTTP_AUTHORIZATION="Bearer iac_whatever")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    error = response.json()["error"]
    assert error["type"] == "service_unavailable"
    assert error["code"] == "service_unavailable"
    assert set(error) == {"message", "type", "code", "param"}


def test_every_agents_api_error_uses_openai_shape(client):
    """An unknown /v1/ URL and a NUL byte are answered by the site, not by the /v1/ views."""
    for response in (client.get("/v1/nothing-here/"), client.get("/v1/models", {"q": "\x00"})):
        error = response.json()["error"]
        assert set(error) == {"message", "type", "code", "param"}
        assert error["type"] == "invalid_request_error"


def test_an_unexpected_failure_on_the_agents_api_is_a_500_in_openai_shape():
    from django.test import Client

    client = Client(raise_request_exception=False)
    with mock.patch(
        "inference_bridge.services.api_token_authenticate", side_effect=RuntimeError("boom")
    ):
        response = client.get("/v1/models", HTTP_AUTHORIZATION="Bearer iac_whatever")
    assert response.status_code == 500
    error = response.json()["error"]
    assert set(error) == {"message", "type", "code", "param"}
    assert error["type"] == "api_error" and "boom" not in error["message"]
