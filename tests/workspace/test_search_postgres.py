import pytest
from django.db import connection

from workspace import selectors

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("French full-text search needs PostgreSQL")


def test_french_stemming_finds_plural_and_feminine_forms(agent, upload):
    upload(agent, "a.txt", "Les conseils municipaux se sont réunis en séance publique.".encode())
    upload(agent, "b.txt", "Le marché couvert ouvre le samedi.".encode())
    hits = selectors.passages_search(user=agent, query="conseil municipal")
    assert [h.text[:12] for h in hits] == ["Les conseils"]
    hits = selectors.passages_search(user=agent, query="marchés couverts")
    assert [h.text[:9] for h in hits] == ["Le marché"]


def test_search_vector_holds_lexemes_not_the_text(agent, upload):
    upload(agent, "a.txt", "Les réunions du conseil municipal.".encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM workspace_passage")
        vector = cursor.fetchone()[0]
    assert "'conseil'" in vector
    assert "réunions du conseil" not in vector


def test_odd_queries_never_error(agent, upload):
    upload(agent, "a.txt", b"Texte")
    for q in ['"guillemet', "a -b", "&&|!", "()", "l'école", "':*"]:
        selectors.passages_search(user=agent, query=q)
