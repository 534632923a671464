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


# --- WORKSPACE_EMBEDDINGS=node:<alias>: a real llama_cpp.server's /v1/embeddings -----------

SECTIONS = (
    "# Piscine\n\nLa piscine municipale ferme pour travaux en juillet.\n\n"
    "# Marché\n\nLe marché alimentaire se tient le mercredi matin."
)


def _mean_pooled_unit(server, text: str):
    """What the node answers for `text`, asked directly: one vector per token, averaged."""
    import httpx
    import numpy as np

    response = httpx.post(
        server.base_url + "/v1/embeddings", json={"input": [text], "model": "x"}, timeout=60
    )
    tokens = np.asarray(response.json()["data"][0]["embedding"], dtype=np.float64)
    assert tokens.ndim == 2 and tokens.shape[1] == 576  # llama_cpp.server: per token
    vector = tokens.mean(axis=0)
    return (vector / np.linalg.norm(vector)).astype(np.float32)


@pytest.mark.model
def test_node_embeddings_are_stored_and_rank_the_same_text_first(
    agent, upload, embedding_node, embedding_server
):
    import numpy as np

    from tests.inference_bridge.factories import InferenceNodeFactory
    from tests.llama_server import free_port

    # A node of the same alias that is down, and tried first (the live one has not passed a
    # health check yet): the service records its failure and fails over.
    dead = InferenceNodeFactory(
        name="down",
        base_url=f"http://127.0.0.1:{free_port()}",
        model_alias=embedding_node.model_alias,
    )
    embedding_node.healthy = False
    embedding_node.save()
    document = upload(agent, "notes.md", SECTIONS.encode())
    passages = list(document.passages.order_by("position"))
    assert [p.label for p in passages] == ["§ 1", "§ 2"]
    for passage in passages:
        stored = np.frombuffer(bytes(passage.embedding), dtype=np.float32)
        assert stored.shape == (576,)  # SmolLM2-135M's width, not wordllama's 256
        expected = _mean_pooled_unit(embedding_server, passage.text)
        assert np.allclose(stored, expected, atol=1e-4)
    dead.refresh_from_db()
    embedding_node.refresh_from_db()
    assert dead.consecutive_failures >= 1 and dead.last_error
    assert embedding_node.healthy  # answered: healthy again

    # The query is embedded by the node too: a passage's own text is its nearest neighbour.
    ranked = retrieval.vector_ranked(document.passages.all(), passages[1].text, 2)
    assert [pk for pk, _ in ranked] == [passages[1].pk, passages[0].pk]
    assert ranked[0][1] == pytest.approx(1.0, abs=1e-3)
    hits = selectors.passages_search(user=agent, query="marché du mercredi", limit=2)
    assert hits[0].label == "§ 2"


def test_a_node_that_cannot_answer_leaves_full_text_search(agent, upload, settings, caplog):
    from inference_bridge.models import InferenceNode
    from tests.inference_bridge.factories import InferenceNodeFactory
    from tests.llama_server import free_port

    settings.INFERENCE_ALLOWED_ZONES = ["FR"]
    settings.WORKSPACE_EMBEDDINGS = "node:nobody-home"
    down = InferenceNodeFactory(
        name="down", base_url=f"http://127.0.0.1:{free_port()}", model_alias="nobody-home"
    )
    document = upload(agent, "notes.md", SECTIONS.encode())
    assert document.status == "ready"
    assert not document.passages.filter(embedding__isnull=False).exists()
    hits = selectors.passages_search(user=agent, query="marché du mercredi")
    assert [h.label for h in hits] == ["§ 2"]
    assert InferenceNode.objects.get(pk=down.pk).consecutive_failures >= 1
    assert "embeddings from node:nobody-home unavailable" in caplog.text


def test_an_unknown_embedding_source_is_a_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    from workspace.documents import embeddings

    for value in ("node:", "node:  ", "openai"):
        settings.WORKSPACE_EMBEDDINGS = value
        with pytest.raises(ImproperlyConfigured):
            embeddings.embed(["texte"])
