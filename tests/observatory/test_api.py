import pytest

from tests.register.factories import published_system

pytestmark = pytest.mark.django_db


def test_indicators_endpoint_shape(client):
    published_system(risk_level="high", annex_iii_point="5")
    response = client.get("/api/observatory/indicators/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"computed_at", "duration_ms", "language", "sections"}
    assert set(body["sections"]) == {
        "register",
        "consultation",
        "inference",
        "training",
        "workspace",
        "dialogue",
        "governance",
    }
    assert body["sections"]["register"]["systems_total"] == 1
    assert body["sections"]["inference"]["requests"] == 0


def test_indicators_endpoint_is_documented(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/observatory/indicators/"]["get"]
    assert operation["operationId"] == "observatory_indicators"
    assert "200" in operation["responses"]


def test_indicators_endpoint_refuses_writes(client):
    response = client.post("/api/observatory/indicators/", {})
    assert response.status_code == 405
    assert "error" in response.json()


def test_publications_endpoint_lists_with_filters(client, index):
    from tests.observatory.factories import ResearcherFactory, make_analysis, make_report

    make_analysis(
        index,
        title="Inventaire",
        slug="inventaire",
        authors=[(ResearcherFactory(name="Léa Martin", orcid="0000-0002-1825-0097"), "author")],
    )
    make_report(index)
    body = client.get("/api/observatory/publications/").json()
    assert body["count"] == 2 and set(body) == {"count", "next", "previous", "results"}
    analysis = next(r for r in body["results"] if r["kind"] == "analysis")
    assert analysis["title"] == "Inventaire"
    assert analysis["url"].endswith("/observatory/inventaire/")
    assert analysis["bibtex_url"].endswith("/observatory/inventaire/cite/bibtex/")
    assert analysis["authors"] == [
        {
            "name": "Léa Martin",
            "role": "author",
            "affiliation": "Université Paris Cité",
            "orcid": "0000-0002-1825-0097",
        }
    ]
    body = client.get("/api/observatory/publications/?kind=report").json()
    assert [r["kind"] for r in body["results"]] == ["report"]
    assert client.get("/api/observatory/publications/?lang=en").json()["count"] == 0
    bad = client.get("/api/observatory/publications/?lang=de")
    assert bad.status_code == 400 and "error" in bad.json()


def test_publications_endpoint_is_documented(client):
    schema = client.get("/api/schema/?format=json").json()
    assert (
        schema["paths"]["/api/observatory/publications/"]["get"]["operationId"]
        == "observatory_publications"
    )


def test_indicators_api_answers_in_the_requested_language(client):
    english = client.get("/api/observatory/indicators/", {"lang": "en"})
    assert english.status_code == 200
    assert english.json()["language"] == "en"
    assert client.get("/api/observatory/indicators/").json()["language"] == "fr"
    bad = client.get("/api/observatory/indicators/", {"lang": "de"})
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"]["lang"]
