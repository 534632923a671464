"""Retrieval over passages: French full-text search (PostgreSQL tsvector, or SQLite FTS5),
fused by reciprocal rank with vector similarity when embeddings are configured.

Every search is scoped to the passages of documents the user may see
(`workspace.policies.documents_visible_q`), inside the database query itself.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F, QuerySet

from workspace.documents import embeddings
from workspace.documents.index_schema import FTS_TABLE
from workspace.documents.search_index import _WORD, STOP_WORDS, _fold, terms
from workspace.models import DocumentStatus

RRF_K = 60
USABLE = (DocumentStatus.READY, DocumentStatus.CANCELLED, DocumentStatus.EXTRACTING)


def fulltext_ranked(passages: QuerySet, query: str, limit: int) -> list[tuple[int, float]]:
    """(passage id, score) best first, among `passages`, for the words of `query` (any of them)."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        words = [w for w in _WORD.findall(query.replace("’", "'")) if _fold(w) not in STOP_WORDS]
        if not words:
            return []
        tsquery = SearchQuery(" | ".join(words[:32]), search_type="raw", config="french")
        rows = (
            passages.filter(search_vector=tsquery)
            .annotate(rank=SearchRank(F("search_vector"), tsquery, cover_density=True))
            .order_by("-rank", "pk")
            .values_list("pk", "rank")[:limit]
        )
        return [(pk, float(rank)) for pk, rank in rows]
    stems = list(dict.fromkeys(terms(query)))[:32]
    if not stems:
        return []
    return _fts_ranked_visible(passages, " OR ".join(f'"{s}"' for s in stems), limit)


# A constant table name; every value is a parameter.
_FTS_TOP = (
    f"SELECT rowid, bm25({FTS_TABLE}) AS score FROM {FTS_TABLE} "  # noqa: S608
    f"WHERE {FTS_TABLE} MATCH %s ORDER BY score, rowid LIMIT %s OFFSET %s"
)
FTS_WINDOW_FACTOR = 4  # the first window ranks this many times the passages asked for
FTS_WINDOW_GROWTH = 8  # each further window is this many times larger
_IDS_PER_QUERY = 500


def _fts_ranked_visible(passages: QuerySet, match: str, limit: int) -> list[tuple[int, float]]:
    """SQLite: rank in FTS5 alone (MATCH + bm25, a window of a few times `limit`), then keep
    the ids `passages` holds (one primary-key lookup per id). When too few remain, the next
    window (larger, after the last) is ranked, until `limit` are found or the matches end.

    Constraining the FTS5 query itself to the visible ids (`rowid IN (subquery)`) makes SQLite
    evaluate the match once per visible passage: at 10,000 passages, seconds per query."""
    found: list[tuple[int, float]] = []
    offset, window = 0, max(limit * FTS_WINDOW_FACTOR, 32)
    with connection.cursor() as cursor:
        while len(found) < limit:
            cursor.execute(_FTS_TOP, [match, window, offset])
            ranked = [(pk, -float(score)) for pk, score in cursor.fetchall()]
            visible: set[int] = set()
            for start in range(0, len(ranked), _IDS_PER_QUERY):
                chunk = [pk for pk, _score in ranked[start : start + _IDS_PER_QUERY]]
                visible.update(passages.filter(pk__in=chunk).values_list("pk", flat=True))
            found += [hit for hit in ranked if hit[0] in visible]
            if len(ranked) < window:  # every match has been ranked
                break
            offset, window = offset + window, window * FTS_WINDOW_GROWTH
    return found[:limit]


def vector_ranked(passages: QuerySet, query: str, limit: int) -> list[tuple[int, float]]:
    """(passage id, cosine similarity) best first; empty without an embedding source."""
    vectors = embeddings.embed([query])
    if vectors is None:
        return []
    import numpy as np

    query_vector = vectors[0]
    size = query_vector.nbytes
    # Vectors of another width come from an earlier source: they cannot be compared.
    rows = [
        (pk, bytes(e))
        for pk, e in passages.filter(embedding__isnull=False).values_list("pk", "embedding")
        if len(e) == size
    ]
    if not rows:
        return []
    matrix = np.frombuffer(b"".join(e for _, e in rows), dtype=np.float32).reshape(len(rows), -1)
    scores = matrix @ query_vector
    best = np.argsort(-scores)[:limit]
    return [(rows[i][0], float(scores[i])) for i in best]


def rrf_fuse(*rankings: list[tuple[int, float]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: Σ 1/(k + rank) over the rankings a passage appears in."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, (pk, _score) in enumerate(ranking, start=1):
            fused[pk] = fused.get(pk, 0.0) + 1.0 / (k + rank)
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


def passages_ranked(passages: QuerySet, query: str, limit: int) -> list[tuple[int, float]]:
    depth = max(limit * 4, 20)
    text_hits = fulltext_ranked(passages, query, depth)
    vector_hits = vector_ranked(passages, query, depth)
    if not vector_hits:
        return text_hits[:limit]
    return rrf_fuse(text_hits, vector_hits)[:limit]
