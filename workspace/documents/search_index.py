"""Keeps the passages' full-text index in step with the passages (lexemes only, no text).

PostgreSQL: `search_vector = to_tsvector('french', text)`, written with the plaintext as a
query parameter (never stored). SQLite: rows of the contentless FTS5 table
`workspace_passage_fts`, holding the output of `lexemes()` (a light French stemmer), deleted
with FTS5's 'delete' command, which needs the same lexemes again (recomputed from the
decrypted text).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.db import connection

from workspace.documents.index_schema import FTS_TABLE

STOP_WORDS = frozenset(
    [
        "a",
        "ai",
        "as",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cet",
        "cette",
        "comment",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "elles",
        "en",
        "est",
        "et",
        "eu",
        "il",
        "ils",
        "je",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "ma",
        "mais",
        "me",
        "mes",
        "moi",
        "mon",
        "ne",
        "ni",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "quand",
        "que",
        "quel",
        "quelle",
        "quelles",
        "quels",
        "qui",
        "quoi",
        "sa",
        "se",
        "ses",
        "si",
        "son",
        "sont",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
        "d",
        "l",
        "j",
        "m",
        "n",
        "s",
        "t",
        "c",
        "the",
        "of",
        "and",
        "to",
        "in",
        "is",
        "are",
        "was",
        "what",
        "when",
        "where",
        "who",
        "how",
        "for",
        "on",
        "at",
        "by",
        "an",
        "be",
        "it",
        "this",
        "that",
        "with",
        "from",
        "or",
        "as",
    ]
)
_SUFFIXES = (
    "issements",
    "issement",
    "ements",
    "ement",
    "ations",
    "ation",
    "atrices",
    "atrice",
    "ateurs",
    "ateur",
    "ances",
    "ance",
    "ences",
    "ence",
    "ites",
    "ite",
    "euses",
    "euse",
    "eux",
    "ives",
    "ive",
    "ifs",
    "if",
    "ables",
    "able",
    "istes",
    "iste",
    "ismes",
    "isme",
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word: str) -> str:
    """A light French stemmer: same stem for singular/plural, masculine/feminine, and the
    common derivational suffixes. Crude, but the same on both sides of the search."""
    word = _fold(word)
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("aux") and len(word) > 5:
        word = word[:-3] + "al"
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    for end in ("es", "s", "x", "e"):
        if word.endswith(end) and len(word) - len(end) >= 4:
            word = word[: -len(end)]
            break
    return word


def terms(text: str) -> list[str]:
    """The stems of a text's words, stop words left out, in order."""
    out = []
    for word in _WORD.findall(text.replace("’", "'")):
        folded = _fold(word)
        if folded in STOP_WORDS:
            continue
        out.append(stem(word))
    return out


def lexemes(text: str) -> str:
    return " ".join(terms(text))


def index_add(rows: Iterable[tuple[int, str]]) -> None:
    """Index passages given as (id, plaintext)."""
    rows = list(rows)
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                "UPDATE workspace_passage SET search_vector = "
                "to_tsvector('french'::regconfig, %s) WHERE id = %s",
                [(text, pk) for pk, text in rows],
            )
        elif connection.vendor == "sqlite":
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, lexemes) VALUES (%s, %s)",  # noqa: S608 - constant table name
                [(pk, lexemes(text)) for pk, text in rows],
            )


def index_remove(rows: Iterable[tuple[int, str]]) -> None:
    """Remove passages (id, plaintext) from the SQLite index; PostgreSQL's goes with the row."""
    if connection.vendor != "sqlite":
        return
    rows = list(rows)
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, lexemes) VALUES ('delete', %s, %s)",  # noqa: S608 - constant table name
            [(pk, lexemes(text)) for pk, text in rows],
        )
