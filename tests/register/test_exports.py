import csv
import io
import json

import pytest

from register.federation import remote_register_import
from register.models import AISystem, RemoteRegister
from tests.register.factories import published_system

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'


def test_json_export_has_the_documented_shape(client):
    system = published_system(
        versions=2, charter=[{"principle": "equity", "rating": "meets", "justification": "ok"}]
    )
    body = client.get("/register/export.json").json()
    assert set(body) == {"standard_version", "publisher", "generated_at", "systems"}
    record = body["systems"][0]
    assert record["id"] == str(system.uuid) and record["slug"] == system.slug
    assert record["version"] == system.published_version.number
    assert record["charter_assessment"][0]["principle"] == "equity"
    for field in (
        "purpose",
        "human_oversight",
        "legal_basis",
        "risk_level",
        "status",
        "first_published",
        "last_changed",
    ):
        assert field in record


def test_csv_export_has_a_header_and_one_row_per_system(client):
    published_system(name="Un")
    published_system(name="Deux", purpose='=HYPERLINK("http://evil")')
    response = client.get("/register/export.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["name"] for r in rows} == {"Un", "Deux"}
    assert [r["purpose"] for r in rows if r["name"] == "Deux"][0].startswith("'=")


def test_dcat_catalogue_describes_both_exports(client):
    published_system()
    response = client.get("/register/catalog.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    catalog = response.json()
    assert catalog["@type"] == "dcat:Catalog"
    urls = [d["dcat:downloadURL"]["@id"] for d in catalog["dcat:dataset"][0]["dcat:distribution"]]
    assert any(u.endswith("/register/export.json") for u in urls)
    assert any(u.endswith("/register/export.csv") for u in urls)


def test_xss_is_inert_in_exports(client):
    published_system(name=f"Nom {XSS}", purpose=XSS)
    json_text = client.get("/register/export.json").content.decode()
    assert json.loads(json_text)["systems"][0]["purpose"] == XSS  # data kept verbatim, as JSON
    assert client.get("/register/export.json")["Content-Type"].startswith("application/json")
    csv_response = client.get("/register/export.csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "nosniff" in csv_response.get("X-Content-Type-Options", "nosniff")


def test_export_round_trip_into_a_fresh_database_gives_the_same_records(client):
    """Export → wipe → harvest the export → the same records, field for field."""
    for i in range(3):
        published_system(
            name=f"Système {i}",
            versions=2,
            charter=[{"principle": "sobriety", "rating": "partly", "justification": "j"}],
        )
    exported = client.get("/register/export.json").json()
    AISystem.objects.all().delete()
    remote = RemoteRegister.objects.create(
        name="Ville A", export_url="https://a.example/register/export.json"
    )
    assert remote_register_import(remote=remote, payload=exported) == 3
    harvested = {r["source_id"]: r for r in _partner_records(client)}
    skip = {"url", "slug", "source_id", "source_url", "first_published"}
    # The evaluation schedule is the publisher's duty for its own deployed systems: computed for
    # the city's records, never for a harvested one (its publisher evaluates it).
    skip |= {"evaluation_schedule", "evaluation_overdue"}
    for record in exported["systems"]:
        again = harvested[record["id"]]
        assert {k: v for k, v in again.items() if k not in skip | {"id"}} == {
            k: v for k, v in record.items() if k not in skip | {"id"}
        }


def _partner_records(client):
    from register.exports import system_record

    return [
        system_record(s, s.published_version)
        for s in AISystem.objects.partners().select_related("published_version")
    ]


def test_atom_feed_lists_published_versions(client):
    import feedparser

    system = published_system(name="Système suivi", versions=2)
    feed = feedparser.parse(client.get("/register/feed.xml").content)
    titles = [e.title for e in feed.entries]
    assert titles[:2] == ["Système suivi — v2", "Système suivi — v1"]
    assert feed.entries[0].link.endswith(f"/register/{system.slug}/history/#v2")
