import pytest

from register import services
from tests.register.factories import core_data, editor, published_system

pytestmark = pytest.mark.django_db


def test_list_is_paginated_and_filtered(client):
    published_system(name="Chatbot", risk_level="limited", theme="citizen_relations")
    published_system(name="Réseau d'eau", risk_level="minimal")
    services.system_create(actor=editor(), data=core_data(name="Brouillon"))
    body = client.get("/api/register/systems/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 2
    item = client.get("/api/register/systems/?risk_level=limited").json()["results"]
    assert [r["name"] for r in item] == ["Chatbot"]
    assert {"id", "slug", "url", "status", "risk_level", "version", "partner"} <= set(item[0])
    assert client.get("/api/register/systems/?q=eau").json()["count"] == 1
    assert client.get("/api/register/systems/?page_size=1").json()["next"]


@pytest.mark.parametrize(
    "query",
    [
        "status=unknown",
        "risk_level=extreme",
        "theme=x",
        "algorithm_type=magic",
        "source=everyone",
        "q=" + "x" * 201,
    ],
)
def test_bad_filters_answer_400_with_a_message(client, query):
    response = client.get(f"/api/register/systems/?{query}")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400 and error["message"] and error["fields"]


def test_detail_and_versions(client):
    system = published_system(versions=3)
    detail = client.get(f"/api/register/systems/{system.slug}/").json()
    assert detail["id"] == str(system.uuid) and detail["version"] == 3
    assert detail["standard_version"] and "charter_assessment" in detail
    versions = client.get(f"/api/register/systems/{system.slug}/versions/").json()
    assert [v["version"] for v in versions["results"]] == [3, 2, 1]
    assert client.get("/api/register/systems/unknown/").status_code == 404
    assert client.get("/api/register/systems/unknown/").json()["error"]["status"] == 404


def test_unpublished_system_is_not_in_the_api(client):
    system = services.system_create(actor=editor(), data=core_data())
    assert client.get(f"/api/register/systems/{system.slug}/").status_code == 404


def test_cors_is_open_on_read_endpoints(client):
    published_system()
    response = client.get("/api/register/systems/", HTTP_ORIGIN="https://other-city.example")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_api_is_read_only(client):
    system = published_system()
    assert client.post("/api/register/systems/", {}).status_code == 405
    assert client.delete(f"/api/register/systems/{system.slug}/").status_code == 405


def test_api_queries_are_bounded(client, django_assert_num_queries):
    """The throttle counts in the cache (memory here, Redis in production), never the database:
    a list is its count and its page, a record its row, its charter rows and its evaluations."""
    systems = [published_system(versions=3) for _ in range(8)]
    with django_assert_num_queries(2):
        listing = client.get("/api/register/systems/?page_size=50")
    assert listing.status_code == 200 and listing.json()["count"] == 8
    with django_assert_num_queries(2):
        searched = client.get("/api/register/systems/?q=Système")
    assert searched.status_code == 200 and searched.json()["count"] == 8
    # the record, its charter rows, measured quality, staff opinions, evaluations of the
    # deployed system, incidents
    with django_assert_num_queries(6):
        detail = client.get(f"/api/register/systems/{systems[0].slug}/")
    assert detail.status_code == 200 and detail.json()["slug"] == systems[0].slug
    with django_assert_num_queries(8):  # and the staff opinions, evaluations, incidents, once
        versions = client.get(f"/api/register/systems/{systems[0].slug}/versions/")
    assert versions.status_code == 200 and versions.json()["count"] == 3


def test_list_items_say_what_the_documented_serializer_says(client):
    """The list is built as plain dicts for speed; the serializer documents it in the schema."""
    from django.utils import translation

    from register import selectors
    from register.api import SystemListSerializer, system_list_items
    from register.federation import remote_register_import
    from register.models import RemoteRegister

    published_system(name="Chatbot", charter=[])
    remote = RemoteRegister.objects.create(name="Lyon", export_url="https://lyon.example/e.json")
    remote_register_import(
        remote=remote,
        payload={"systems": [{"id": "a1", "name": "Tri", "slug": "tri", "status": "pilot"}]},
    )
    for partners in (False, True):
        for language in ("fr", "en"):
            with translation.override(language):
                systems = list(
                    selectors.systems_search(filters=selectors.SystemFilters(), partners=partners)
                )
                assert systems
                assert system_list_items(systems) == SystemListSerializer(systems, many=True).data


def test_api_record_is_the_export_record(client):
    from register import exports

    system = published_system(
        versions=2, charter=[{"principle": "equity", "rating": "partly", "justification": "J."}]
    )
    body = client.get(f"/api/register/systems/{system.slug}/").json()
    assert body == exports.system_record(system, system.published_version)
    assert body["charter_assessment"][0]["rating"] == "partly" and body["version"] == 3


def test_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert "/api/register/systems/" in paths
    assert "/api/register/systems/{slug}/versions/" in paths
    assert "post" in paths["/api/register/systems/{slug}/recourse/"]
