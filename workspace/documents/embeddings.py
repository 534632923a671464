"""Optional passage embeddings for retrieval (WORKSPACE_EMBEDDINGS).

"" (default): full-text search only. "wordllama": the `wordllama` package (extra
`embeddings`), whose weights ship inside its wheel: nothing is downloaded at run time.
"node:<alias>": the `/v1/embeddings` of an inference node serving that model alias, through
`inference_bridge.services.embeddings_create` (the router's choice of node, the sovereignty
rule): the texts go to that node only. A node that cannot answer leaves the passages without
a vector and the query to full-text search alone (logged), never an error for the agent.
Vectors are stored as float32 bytes beside the passage; they are numbers, not text.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from core.errors import ServiceUnavailable
from inference_bridge.services import embeddings_create

logger = logging.getLogger(__name__)

NODE_PREFIX = "node:"


def source() -> str:
    return (getattr(settings, "WORKSPACE_EMBEDDINGS", "") or "").strip()


@lru_cache(maxsize=1)
def _wordllama():
    from pathlib import Path

    import wordllama
    from wordllama import WordLlama

    # The wheel ships its weights and tokenizer inside the package; pointed at its own folder
    # with downloads disabled, it never reaches the network (its default lookup misses the
    # bundled tokenizer file and would download it).
    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


def _raw_vectors(name: str, texts: list[str]):
    if name == "wordllama":
        return _wordllama().embed(texts)
    if name.startswith(NODE_PREFIX) and name[len(NODE_PREFIX) :].strip():
        return embeddings_create(model_alias=name[len(NODE_PREFIX) :].strip(), texts=texts)
    raise ImproperlyConfigured(
        f"WORKSPACE_EMBEDDINGS={name!r}: expected '', 'wordllama' or 'node:<model alias>'"
    )


def embed(texts: list[str]):
    """A float32 matrix (one row per text, L2-normalised), or None when no source is set or the
    node cannot answer."""
    name = source()
    if not name or not texts:
        return None
    import numpy as np

    try:
        vectors = np.asarray(_raw_vectors(name, texts), dtype=np.float32)
    except ServiceUnavailable:
        logger.warning("workspace: embeddings from %s unavailable", name, exc_info=True)
        return None
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def passages_embed(passages) -> None:
    """Store embeddings for freshly created passages (no-op without a source)."""
    passages = list(passages)
    vectors = embed([p.text for p in passages])
    if vectors is None:
        return
    from workspace.models import Passage

    for passage, vector in zip(passages, vectors, strict=True):
        passage.embedding = vector.tobytes()
    Passage.objects.bulk_update(passages, ["embedding"])
