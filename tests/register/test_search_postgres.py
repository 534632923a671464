import pytest
from django.db import connection

from register import selectors
from tests.register.factories import published_system

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("French full-text search needs PostgreSQL")


def test_french_stemming_and_ranking():
    published_system(
        name="Tri automatique du courrier", short_description="Oriente les courriers entrants."
    )
    published_system(name="Feux de circulation", purpose="Réguler les carrefours.")
    hits = selectors.systems_search(filters=selectors.parse_filters({"q": "courriers"}))
    assert [s.published_version.name for s in hits] == ["Tri automatique du courrier"]
    hits = selectors.systems_search(filters=selectors.parse_filters({"q": "carrefour"}))
    assert [s.published_version.name for s in hits] == ["Feux de circulation"]


def test_websearch_syntax_never_errors():
    published_system(name="Assistant")
    for q in ['"assistant', "assistant -chat", "or", "&&|!", "()"]:
        list(selectors.systems_search(filters=selectors.parse_filters({"q": q})))
