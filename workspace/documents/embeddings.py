"""Optional passage embeddings for retrieval (WORKSPACE_EMBEDDINGS).

"" (default): full-text search only. "wordllama": the `wordllama` package (extra
`embeddings`), whose weights ship inside its wheel: nothing is downloaded at run time.
Vectors are stored as float32 bytes beside the passage; they are numbers, not text.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)


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


def embed(texts: list[str]):
    """A float32 matrix (one row per text, L2-normalised), or None when no source is set."""
    name = source()
    if not name or not texts:
        return None
    if name == "wordllama":
        import numpy as np

        vectors = np.asarray(_wordllama().embed(texts), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return vectors / norms
    raise ImproperlyConfigured(
        f"WORKSPACE_EMBEDDINGS={name!r}: only '' and 'wordllama' are supported so far"
    )


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
