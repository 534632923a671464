"""Retrieval fused with wordllama vectors (weights from the wheel, no network)."""

import pytest

from workspace import selectors
from workspace.documents import retrieval

pytestmark = pytest.mark.django_db


def test_rrf_fuse_rewards_passages_both_rankings_agree_on():
    fused = retrieval.rrf_fuse([(1, 9.0), (2, 5.0), (3, 1.0)], [(2, 0.9), (3, 0.8), (4, 0.1)])
    assert [pk for pk, _ in fused] == [2, 3, 1, 4]


def test_wordllama_vectors_are_stored_and_fused(agent, upload, settings):
    pytest.importorskip("wordllama")
    settings.WORKSPACE_EMBEDDINGS = "wordllama"
    document = upload(
        agent,
        "notes.md",
        (
            "# Piscine\n\nLa piscine municipale ferme pour travaux en juillet.\n\n"
            "# Marché\n\nLe marché alimentaire se tient le mercredi matin."
        ).encode(),
    )
    assert all(
        len(bytes(e)) == 256 * 4 for e in document.passages.values_list("embedding", flat=True)
    )
    # No word in common with the passage: only the vectors can find it.
    hits = selectors.passages_search(user=agent, query="swimming pool", limit=1)
    assert [h.label for h in hits] == ["§ 1"]
