import pytest

from tests.observatory.factories import missing_selectors

pytestmark = pytest.mark.django_db


def test_indicators_endpoint_shape(client, monkeypatch):
    missing_selectors(monkeypatch, "register", "consultation", "inference_bridge", "training")
    response = client.get("/api/observatory/indicators/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"computed_at", "duration_ms", "language", "sections"}
    assert body["sections"] == {
        "register": None,
        "consultation": None,
        "inference": None,
        "training": None,
    }


def test_indicators_endpoint_is_documented(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/observatory/indicators/"]["get"]
    assert operation["operationId"] == "observatory_indicators"
    assert "200" in operation["responses"]


def test_indicators_endpoint_refuses_writes(client):
    response = client.post("/api/observatory/indicators/", {})
    assert response.status_code == 405
    assert "error" in response.json()
