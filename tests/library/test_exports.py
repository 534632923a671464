import csv
import io
import json

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from library.exports import SCHEMA_PATH
from library.models import Lesson, LibraryCase
from library.services import library_own_cases_refresh
from tests.library.factories import own_adopted_case, partner, partner_case, partner_export


@pytest.fixture
def exported(db):
    own_adopted_case(title="Tri du courrier")
    own_adopted_case(title="=HYPERLINK(1)", commitments=[])
    library_own_cases_refresh()
    case = LibraryCase.objects.filter(partner__isnull=True).order_by("pk").first()
    Lesson.objects.create(case=case, author_name="DSI", what_worked="Bien.", energy="3 kWh")
    from library.federation import partner_library_import

    lyon = partner("Lyon", "https://lyon.example/library/library.json")
    partner_library_import(partner_id=lyon.pk, payload=partner_export(partner_case("p", "Lyon")))


def test_the_export_validates_against_its_shipped_schema(client, exported):
    schema = json.loads(SCHEMA_PATH.read_text())
    Draft202012Validator.check_schema(schema)
    data = client.get("/library/library.json").json()
    errors = list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(data))
    assert errors == []
    assert data["standard_version"] == "1.0"
    # Only the city's own cases: a partner's are theirs to publish.
    assert sorted(c["title"] for c in data["cases"]) == ["=HYPERLINK(1)", "Tri du courrier"]
    courrier = next(c for c in data["cases"] if c["title"] == "Tri du courrier")
    assert courrier["consultation"]["median_grade"] == "good"
    assert courrier["consultation"]["merit_profile"]["good"] == 3
    assert courrier["outcome"] == "adopted"
    assert [c["status"] for c in courrier["commitments"]] == ["kept", "pending"]
    assert courrier["register_record"]["risk_level"] == "minimal"
    assert courrier["lessons"][0]["energy"] == "3 kWh"


def test_the_schema_is_served_at_the_url_the_export_names(client, exported):
    data = client.get("/library/library.json").json()
    assert data["schema"].endswith("/library/schema/library-1.0.schema.json")
    served = client.get("/library/schema/library-1.0.schema.json")
    assert served.status_code == 200
    assert served.json() == json.loads(SCHEMA_PATH.read_text())


def test_json_ld_csv_and_atom_exports(client, exported):
    jsonld = client.get("/library/library.jsonld")
    assert jsonld["Content-Type"].startswith("application/ld+json")
    assert {d["name"] for d in jsonld.json()["dataset"]} == {"Tri du courrier", "=HYPERLINK(1)"}
    rows = list(csv.DictReader(io.StringIO(client.get("/library/library.csv").content.decode())))
    assert {r["title"] for r in rows} == {"Tri du courrier", "'=HYPERLINK(1)"}  # no formula
    courrier = next(r for r in rows if r["title"] == "Tri du courrier")
    assert (courrier["commitments_total"], courrier["commitments_kept"]) == ("2", "1")
    import feedparser

    feed = feedparser.parse(client.get("/library/feed.atom").content)
    titles = [e.title for e in feed.entries]
    assert "Lyon — Lyon" in titles and any(t.endswith("Tri du courrier") for t in titles)
