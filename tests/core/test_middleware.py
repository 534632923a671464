"""Every response carries Permissions-Policy: pages, API, errors, health, streaming views."""

import pytest
from asgiref.sync import async_to_sync

pytestmark = pytest.mark.django_db

POLICY = "camera=(), microphone=(), geolocation=()"


@pytest.mark.parametrize(
    "path", ["/", "/en/", "/register/", "/api/register/systems/", "/healthz", "/does-not-exist/"]
)
def test_every_response_turns_camera_microphone_and_location_off(client, path):
    response = client.get(path)
    assert response["Permissions-Policy"] == POLICY


def test_async_responses_carry_it_too(async_client):
    response = async_to_sync(async_client.get)("/healthz")
    assert response["Permissions-Policy"] == POLICY
