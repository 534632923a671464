"""The register's stored search index (issue 19): kept in step with the published version by
triggers on both databases, read by every search (FTS5 on SQLite, a French tsvector with a GIN
index on PostgreSQL)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from register import selectors, services
from register.models import AISystem, SystemSearch
from tests.register.factories import editor, published_system

pytestmark = pytest.mark.django_db


def names(q: str, **filters) -> list[str]:
    found = selectors.systems_search(filters=selectors.parse_filters({"q": q, **filters}))
    return [s.published_version.name for s in found]


def indexed_ids() -> set[int]:
    if connection.vendor == "postgresql":
        return set(SystemSearch.objects.values_list("system_id", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM register_systemsearch_fts")
        return {row[0] for row in cursor.fetchall()}


def test_words_typed_without_accents_or_capitals_find_accented_records():
    published_system(name="Réseau d'éclairage public", purpose="Économiser l'énergie.")
    published_system(name="Tri du courrier")
    assert names("reseau") == ["Réseau d'éclairage public"]
    assert names("ECLAIRAGE") == ["Réseau d'éclairage public"]
    assert names("économiser") == ["Réseau d'éclairage public"]


def test_every_word_must_match_somewhere_in_the_record():
    published_system(name="Chatbot des démarches", department="Direction de la relation usagers")
    published_system(name="Chatbot du stationnement", department="Direction de la voirie")
    assert names("chatbot voirie") == ["Chatbot du stationnement"]
    assert names("chatbot") == ["Chatbot des démarches", "Chatbot du stationnement"]
    assert names("chatbot inexistant") == []


def test_the_index_follows_each_newly_published_version_and_ignores_drafts():
    author, publisher = editor(), editor()
    system = published_system(name="Tri du courrier", author=author, publisher=publisher)
    assert names("courrier") == ["Tri du courrier"]
    draft = services.system_version_save(
        actor=author, system=system, data={"name": "Feux tricolores"}, change_summary="Renommé"
    )
    assert names("tricolores") == []  # a draft is not public, so not searchable
    assert names("courrier") == ["Tri du courrier"]
    services.system_version_publish(actor=publisher, version=draft)
    assert names("tricolores") == ["Feux tricolores"]
    assert names("courrier") == []


def test_only_published_systems_are_indexed_and_a_deleted_one_leaves_the_index():
    kept = published_system()
    gone = published_system()
    services.system_create(actor=editor(), data={"name": "Jamais publié"})
    assert indexed_ids() == {kept.pk, gone.pk}
    AISystem.objects.filter(pk=gone.pk).delete()
    assert indexed_ids() == {kept.pk}


def test_a_version_edited_in_place_is_reindexed():
    """Published versions are not edited by the services, but a data migration may (0004 did)."""
    system = published_system(name="Ancien nom")
    type(system.published_version).objects.filter(pk=system.published_version_id).update(
        name="Nouveau nom"
    )
    assert names("nouveau") == ["Nouveau nom"]
    assert names("ancien") == []


def test_a_partner_record_updated_by_a_harvest_is_reindexed():
    from register.federation import remote_register_import
    from register.models import RemoteRegister

    remote = RemoteRegister.objects.create(name="Lyon", export_url="https://lyon.example/e.json")

    def harvest(name):
        remote_register_import(
            remote=remote,
            payload={"systems": [{"id": "a1", "slug": "velo", "name": name, "status": "pilot"}]},
        )

    def partner_names(q):
        found = selectors.systems_search(filters=selectors.parse_filters({"q": q}), partners=True)
        return [s.published_version.name for s in found]

    harvest("Comptage vélo")
    assert partner_names("velo") == ["Comptage vélo"]
    harvest("Comptage piétons")  # the same version row, rewritten by the harvest
    assert partner_names("velo") == []
    assert partner_names("pietons") == ["Comptage piétons"]


def test_search_syntax_typed_by_visitors_never_errors():
    published_system(name="Assistant")
    for q in ['"assistant', "assistant -chat", "or", "&&|!", "()", "NEAR(a b)", "a*", '"', "^"]:
        list(selectors.systems_search(filters=selectors.parse_filters({"q": q})))
        selectors.systems_facets(filters=selectors.parse_filters({"q": q}))
    assert names('"assistant') == ["Assistant"]


def test_facets_count_the_matching_records_only():
    published_system(name="Chatbot", risk_level="limited")
    published_system(name="Réseau d'eau", risk_level="minimal")
    facets = selectors.systems_facets(filters=selectors.parse_filters({"q": "chatbot"}))
    counts = {i["key"]: i["count"] for i in facets["risk_level"]}
    assert counts["limited"] == 1 and counts["minimal"] == 0


# --- PostgreSQL: French stemming, ranking and the index ---------------------------------------
@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("French stemming and the GIN index are PostgreSQL's")


@pytest.mark.postgres
def test_french_stemming_matches_plural_and_conjugated_forms(postgres):
    published_system(name="Orientation des courriers", purpose="Classer les demandes entrantes.")
    assert names("courrier") == ["Orientation des courriers"]
    assert names("classement demande") == ["Orientation des courriers"]


@pytest.mark.postgres
def test_a_match_in_the_name_ranks_above_a_match_in_the_technical_description(postgres):
    published_system(name="Outil A", technical_description="Un modèle de vision par ordinateur.")
    published_system(name="Vision des arbres", technical_description="Photographies.")
    assert names("vision") == ["Vision des arbres", "Outil A"]


@pytest.mark.postgres
def test_rank_is_computed_once_per_page_and_never_for_counts(postgres, client):
    for i in range(3):
        published_system(name=f"Chatbot {i}")
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/register/systems/?q=chatbot").json()
    assert body["count"] == 3
    searching = [q["sql"] for q in queries.captured_queries if "@@" in q["sql"]]
    assert len(searching) == 2  # the count, then the page
    assert ["ts_rank" in sql for sql in searching] == [False, True]
    assert all("to_tsvector" not in sql for sql in searching)


@pytest.mark.postgres
def test_the_search_condition_is_answered_by_the_gin_index(postgres):
    """The query's configuration is the index's: the `@@` condition search uses is one the GIN
    index answers (on a few rows the planner may prefer a scan, so scans are turned off)."""
    published_system(name="Chatbot")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = SystemSearch.objects.filter(vector=selectors._search_query("chatbot")).explain()
    assert "register_systemsearch_vector_gin" in plan
