"""Themes of a debate, found locally: TF-IDF vectors and spherical k-means (numpy only).

No model and no outside service: the grouping is arithmetic on the words of the comments, the
same inputs always give the same themes (seeded initialisation), and it runs on 10,000 comments
in a few seconds (bench/synthesis.py). The number of themes is chosen by the silhouette on a
fixed sample, between 2 and `max_themes`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import numpy as np

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)

STOPWORDS = frozenset(
    [
        "les",
        "des",
        "une",
        "est",
        "pas",
        "que",
        "qui",
        "pour",
        "dans",
        "par",
        "sur",
        "avec",
        "son",
        "ses",
        "aux",
        "elle",
        "ils",
        "nous",
        "vous",
        "leur",
        "mais",
        "donc",
        "sans",
        "sous",
        "aussi",
        "plus",
        "moins",
        "très",
        "tout",
        "tous",
        "toute",
        "toutes",
        "être",
        "avoir",
        "fait",
        "faire",
        "comme",
        "entre",
        "ainsi",
        "alors",
        "avant",
        "après",
        "encore",
        "même",
        "selon",
        "depuis",
        "chez",
        "dont",
        "cette",
        "ces",
        "cet",
        "celui",
        "celle",
        "ceux",
        "était",
        "sera",
        "seront",
        "peut",
        "peuvent",
        "doit",
        "doivent",
        "notre",
        "votre",
        "nos",
        "vos",
        "ont",
        "été",
        "sont",
        "aura",
        "bien",
        "car",
        "quand",
        "sera",
        "faut",
        "fois",
        "leurs",
        "lui",
        "là",
        "ici",
        "non",
        "oui",
        "ça",
        "cela",
        "ceci",
        "the",
        "and",
        "for",
        "are",
        "but",
        "not",
        "you",
        "all",
        "any",
        "can",
        "had",
        "her",
        "was",
        "one",
        "our",
        "out",
        "has",
        "have",
        "been",
        "were",
        "will",
        "would",
        "should",
        "could",
        "their",
        "there",
        "these",
        "those",
        "they",
        "them",
        "than",
        "then",
        "what",
        "when",
        "which",
        "while",
        "about",
        "into",
        "also",
        "more",
        "most",
        "such",
        "only",
        "over",
        "under",
        "some",
        "other",
        "each",
        "both",
        "very",
        "just",
        "does",
        "done",
        "make",
        "made",
        "with",
        "that",
        "this",
        "from",
    ]
)


def _fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.casefold())
    word = "".join(c for c in word if not unicodedata.combining(c))
    # a light stemmer: plural and feminine endings of French and English
    for suffix in ("ements", "ement", "ations", "ation", "euses", "euse", "eux", "es", "s", "e"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    return [_fold(w) for w in _WORD.findall(text) if w.casefold() not in STOPWORDS]


@dataclass
class Theme:
    index: int
    keywords: list[str]
    members: list[int]  # positions in the input list


def tfidf(texts: list[str], *, max_terms: int = 1500) -> tuple[np.ndarray, list[str]]:
    """Rows L2-normalised (float32), sublinear tf; terms in 2 documents or more, at most in
    half of them (or all terms for a tiny debate)."""
    docs = [Counter(tokens(t)) for t in texts]
    n = len(docs)
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    low, high = (2, max(2, int(0.5 * n))) if n >= 10 else (1, n)
    vocab = [t for t, c in df.items() if low <= c <= high]
    vocab.sort(key=lambda t: (-df[t], t))
    vocab = sorted(vocab[:max_terms])
    index = {t: i for i, t in enumerate(vocab)}
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in vocab], dtype=np.float32)
    matrix = np.zeros((n, len(vocab)), dtype=np.float32)
    for row, doc in enumerate(docs):
        for term, count in doc.items():
            col = index.get(term)
            if col is not None:
                matrix[row, col] = 1 + math.log(count)
    matrix *= idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    np.divide(matrix, norms, out=matrix, where=norms > 0)
    return matrix, vocab


def _kmeans(matrix: np.ndarray, k: int, *, seed: int = 0, restarts: int = 4) -> np.ndarray:
    """The best of a few seeded runs (highest total similarity to the centroids)."""
    best: tuple[float, np.ndarray] | None = None
    for run in range(restarts):
        labels, cohesion = _kmeans_once(matrix, k, seed=seed + run)
        if best is None or cohesion > best[0] + 1e-9:
            best = (cohesion, labels)
    return best[1]


def _kmeans_once(
    matrix: np.ndarray, k: int, *, seed: int, iterations: int = 30
) -> tuple[np.ndarray, float]:
    """Spherical k-means with k-means++ seeding: (labels, total similarity to centroids)."""
    rng = np.random.default_rng(seed)
    n = matrix.shape[0]
    centres = [matrix[rng.integers(n)]]
    distance = 1 - matrix @ centres[0]
    for _ in range(1, k):
        weights = np.clip(distance, 0, None) ** 2
        total = weights.sum()
        pick = rng.choice(n, p=weights / total) if total > 0 else rng.integers(n)
        centres.append(matrix[pick])
        distance = np.minimum(distance, 1 - matrix @ matrix[pick])
    centroids = np.stack(centres)
    labels = np.full(n, -1)
    for _ in range(iterations):
        new = np.argmax(matrix @ centroids.T, axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
        for j in range(k):
            members = matrix[labels == j]
            if len(members):
                centre = members.sum(axis=0)
                norm = np.linalg.norm(centre)
                centroids[j] = centre / norm if norm else centre
    cohesion = float(np.take_along_axis(matrix @ centroids.T, labels[:, None], axis=1).sum())
    return labels, cohesion


def _silhouette(matrix: np.ndarray, labels: np.ndarray, sample: np.ndarray) -> float:
    sub, lab = matrix[sample], labels[sample]
    distance = 1 - sub @ sub.T
    scores = []
    for i in range(len(sample)):
        same = lab == lab[i]
        same[i] = False
        if not same.any():
            scores.append(0.0)
            continue
        a = distance[i, same].mean()
        b = min(
            (distance[i, lab == other].mean() for other in set(lab.tolist()) if other != lab[i]),
            default=0.0,
        )
        scores.append((b - a) / max(a, b) if max(a, b) > 0 else 0.0)
    return float(np.mean(scores))


def themes_find(texts: list[str], *, max_themes: int = 6, seed: int = 0) -> list[Theme]:
    """Group texts into themes, largest first; one theme when there are too few texts."""
    n = len(texts)
    if n == 0:
        return []
    matrix, vocab = tfidf(texts)
    if n < 6 or not vocab:
        return [Theme(0, [], list(range(n)))]
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.choice(n, size=min(n, 400), replace=False))
    best: tuple[float, np.ndarray] | None = None
    for k in range(2, min(max_themes, n // 3) + 1):
        labels = _kmeans(matrix, k, seed=seed)
        score = _silhouette(matrix, labels, sample)
        if best is None or score > best[0] + 1e-9:
            best = (score, labels)
    labels = best[1] if best else np.zeros(n, dtype=int)
    surface: dict[str, Counter[str]] = {}
    for text in texts:
        for word in _WORD.findall(text):
            if word.casefold() not in STOPWORDS:
                surface.setdefault(_fold(word), Counter())[word.casefold()] += 1
    themes = []
    for j in sorted(set(labels.tolist()), key=lambda j: (-(labels == j).sum(), j)):
        members = np.flatnonzero(labels == j).tolist()
        weight = matrix[members].sum(axis=0)
        top = np.argsort(-weight, kind="stable")[:4]
        words = [surface[vocab[i]].most_common(1)[0][0] for i in top if weight[i] > 0]
        themes.append(Theme(len(themes), words, members))
    return themes
