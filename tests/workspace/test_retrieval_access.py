"""Retrieval ranks first, then keeps what the user may see (SQLite FTS5), and never lets a
passage of someone else's document through, however well it ranks (both databases)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from workspace import selectors
from workspace.documents import retrieval
from workspace.documents.index_schema import FTS_TABLE
from workspace.documents.search_index import index_add
from workspace.models import Document, DocumentStatus, Passage

pytestmark = pytest.mark.django_db


def _document(owner, title: str, texts: list[str]) -> Document:
    """A ready document with its passages indexed, as the extraction leaves it."""
    document = Document.objects.create(
        owner=owner, title=title, filename=f"{title}.txt", kind="txt", status=DocumentStatus.READY
    )
    created = Passage.objects.bulk_create(
        Passage(document=document, position=i, section=1, label="§ 1", text=text)
        for i, text in enumerate(texts)
    )
    index_add((p.pk, p.text) for p in created)
    return document


@pytest.fixture
def crowd(db):
    """Another department's agent whose 200 passages all rank above the agent's only match
    (the query's word three times in a short passage against once in a long one)."""
    from accounts.roles import Role

    stranger = UserFactory(roles=[Role.AGENT], department="Voirie")
    for n in range(2):
        _document(stranger, f"voirie-{n}", ["Piscine piscine piscine."] * 100)
    return stranger


def test_a_visible_passage_ranked_below_hundreds_of_hidden_ones_is_found(
    agent, crowd, django_assert_max_num_queries
):
    filler = " ".join(["Le conseil municipal délibère sur le budget annuel."] * 8)
    mine = _document(agent, "mine", [f"{filler} La piscine rouvre en mai."])
    with django_assert_max_num_queries(8):
        hits = selectors.passages_search(user=agent, query="piscine", limit=3)
    assert [h.document_id for h in hits] == [mine.pk]
    assert "rouvre en mai" in hits[0].text
    # And the stranger sees their own, never the agent's.
    theirs = selectors.passages_search(user=crowd, query="piscine rouvre mai", limit=400)
    assert len(theirs) == 200
    assert mine.pk not in {h.document_id for h in theirs}


def test_sqlite_ranks_in_fts5_alone_then_filters_by_primary_key(agent, crowd):
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 path is SQLite's")
    _document(agent, "mine", ["La piscine rouvre en mai."] * 3)
    visible = selectors.documents_visible(user=agent).values("pk")
    with CaptureQueriesContext(connection) as queries:
        ranked = retrieval.fulltext_ranked(
            Passage.objects.filter(document_id__in=visible), "piscine", limit=2
        )
    assert len(ranked) == 2
    fts = [q["sql"] for q in queries if f"{FTS_TABLE} MATCH" in q["sql"]]
    # The first window (4 × 2 → at least 32) is all the crowd's: the next one, 8 × larger and
    # after it, reaches the agent's passages, ranked below.
    assert len(fts) == 2
    for sql in fts:
        # The full-text query knows nothing of documents or owners: no subquery to re-run per
        # match (that made a search over 10,000 passages take seconds on SQLite).
        assert not re.search(r"\bworkspace_(passage|document)\b", sql), sql
    assert re.search(r"LIMIT 32 OFFSET 0", fts[0]) and re.search(r"LIMIT 256 OFFSET 32", fts[1])
    filters = [q["sql"] for q in queries if f"{FTS_TABLE}" not in q["sql"]]
    assert len(filters) == 2 and all('"workspace_passage"."id" IN (' in sql for sql in filters)


def test_sqlite_first_window_is_enough_when_the_best_are_visible(agent):
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 path is SQLite's")
    _document(agent, "mine", ["Piscine piscine."] * 50)
    with CaptureQueriesContext(connection) as queries:
        ranked = retrieval.fulltext_ranked(Passage.objects.all(), "piscine", limit=8)
    assert len(ranked) == 8
    assert len(queries) == 2  # one full-text window, one filter
