"""Grounded generation: sources in, an answer whose every sentence cites its sources out.

One function for every feature that writes from documents (the workspace's assistants, the
debate synthesis): the model sees numbered sources and is told to cite them as [1], [2]; each
sentence of its answer is then checked before anyone sees it:

- it cites at least one source, and every number it cites was given to the model;
- text it quotes (« … » or "…", three words or more) is found verbatim in a cited source;
- it shares at least one content word with the sources it cites (a sentence about something
  else, citing a source at random, is not supported by it).

A sentence that fails is dropped and counted with its reason: the reader sees the verified
sentences, and how many were dropped. When the model saw a single source, a sentence without
a number can only come from that source and is attributed to it (the map step of a summary
works one section at a time); the quote and support checks still apply.

`grounded_events()` streams this: it wraps a generation's events and turns its text deltas
into verified sentences as soon as each sentence is complete.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# [1], [1, 3], [1][2], [P1], [Source 2], [1-3]
_MARKER = re.compile(
    r"\[\s*(?:p|passage|source|s)?\s*(\d+(?:\s*(?:[,;]|-|–|et|and)\s*\d+)*)\s*\]", re.I
)
_QUOTE = re.compile(r"«\s*([^»]+?)\s*»|“([^”]+)”|\"([^\"]+)\"")
# Citation markers written after the full stop still belong to the sentence ("It rained. [2]
# Then…"): they are moved before it, then a sentence ends at . ! ? … followed by a space, at a
# blank line, or before a list item.
_TRAILING_MARKERS = re.compile(r"([.!?…])((?:[ \t]*\[[^\]\n]{1,40}\])+)")
# Abbreviations that end with a full stop inside a sentence (a page reference "p. 3", "art. 4",
# "M. Dupont"): the model copies source labels such as "(Note, p. 3)", which must not split.
_ABBREVIATIONS = ["p", "pp", "art", "al", "chap", "cf", "ex", "fig", "vol", "M", "Mme", "Dr", "St"]
_NOT_AFTER_ABBREVIATION = "".join(rf"(?<!\b{a}\.)" for a in _ABBREVIATIONS)
_END = re.compile(
    rf"(?<=[.!?…]){_NOT_AFTER_ABBREVIATION}\s+"  # a full stop, not an abbreviation's
    r"|\n{2,}|\n(?=\s*(?:[-*•]|\d+[.)])\s)"  # a blank line, a list item
)
_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
MIN_QUOTE_WORDS = 3

# Words that carry no content in French or English: sharing only these is no support.
_STOPWORDS = frozenset(
    """
    avec dans pour sont cette elle elles ils nous vous leur leurs mais donc sans sous
    aussi plus moins très tout tous toute toutes être avoir fait faire comme entre
    ainsi alors avant après encore même selon depuis chez dont celui celle ceux
    est-ce était sera seront peut peuvent doit doivent notre votre
    with that this from have been were will would should could their there these those
    they them than then what when which while about into also more most such only over
    under some other each both very just does done make made source sources passage
    document texte text selon according answer réponse
    """.split()  # noqa: SIM905 - a word list reads better as prose
)


@dataclass(frozen=True)
class Source:
    """One passage the model may cite; `number` is how the prompt names it ([1], [2], …)."""

    number: int
    text: str
    key: str = ""  # the caller's id (passage pk, comment pk)
    label: str = ""  # what a reader sees: "p. 3", "comment by Alice"
    url: str = ""


@dataclass
class Sentence:
    text: str  # without its citation markers
    sources: list[Source]
    quotes: list[str] = field(default_factory=list)
    attributed: bool = False  # no marker: attributed to the only source the model saw


@dataclass
class Dropped:
    text: str
    reason: str  # one of DROP_REASONS

    @property
    def reason_label(self) -> str:
        return str(DROP_REASONS.get(self.reason, self.reason))


DROP_REASONS = {
    "no_citation": _("cites no source"),
    "unknown_source": _("cites a source that was not given"),
    "misquote": _("quotes text not found in its sources"),
    "unsupported": _("shares no content with the sources it cites"),
}


@dataclass
class GroundedAnswer:
    sentences: list[Sentence] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    source_count: int = 0

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def cited(self) -> list[Source]:
        seen: dict[int, Source] = {}
        for sentence in self.sentences:
            for source in sentence.sources:
                seen.setdefault(source.number, source)
        return [seen[n] for n in sorted(seen)]

    @property
    def coverage(self) -> float:
        """Share of the given sources that the verified answer cites."""
        return len(self.cited) / self.source_count if self.source_count else 0.0

    def as_dict(self) -> dict:
        return {
            "sentences": [sentence_as_dict(s) for s in self.sentences],
            "dropped": [{"text": d.text, "reason": d.reason} for d in self.dropped],
            "source_count": self.source_count,
            "coverage": round(self.coverage, 3),
        }


def sentence_as_dict(sentence: Sentence) -> dict:
    return {
        "text": sentence.text,
        "sources": [
            {"number": s.number, "key": s.key, "label": s.label, "url": s.url}
            for s in sentence.sources
        ],
        "quotes": sentence.quotes,
        "attributed": sentence.attributed,
    }


def sources_from(items: Iterable[dict | tuple]) -> list[Source]:
    """[(key, text, label, url) or {"key", "text", "label", "url"}] → numbered sources."""
    sources = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            sources.append(Source(number=number, **item))
        else:
            sources.append(Source(number, item[1], str(item[0]), *item[2:]))
    return sources


# --- Prompt -----------------------------------------------------------------------------


def grounded_messages(*, instructions: str, request: str, sources: list[Source]) -> list[dict]:
    """The system prompt (the task's instructions + the citation rules) and the sources."""
    rules = (
        "Use only the numbered sources below. After each sentence, write the number of the "
        "source it comes from in square brackets, like [1] or [1, 3]. Quote exactly, between "
        "« and », or not at all. If the sources do not contain the answer, say so in one "
        "sentence and cite nothing."
    )
    listing = "\n\n".join(
        f"[{s.number}]{f' ({s.label})' if s.label else ''} {s.text.strip()}" for s in sources
    )
    return [
        {"role": "system", "content": f"{instructions.strip()}\n\n{rules}"},
        {"role": "user", "content": f"Sources:\n\n{listing}\n\n{request.strip()}"},
    ]


# --- Verification -----------------------------------------------------------------------


def _normalise(text: str) -> str:
    """Compare quotes as a reader would: same letters, any spacing, any apostrophe or case."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


def _content_words(text: str) -> set[str]:
    return {w for w in (m.casefold() for m in _WORD.findall(text)) if w not in _STOPWORDS}


def _marker_numbers(group: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r"\s*(?:[,;]|et|and)\s*", group):
        bounds = re.split(r"\s*[-–]\s*", part.strip())
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            low, high = int(bounds[0]), int(bounds[1])
            numbers.extend(range(low, min(high, low + 50) + 1))
        elif part.strip().isdigit():
            numbers.append(int(part.strip()))
    return numbers


def sentences_split(text: str) -> list[str]:
    text = _TRAILING_MARKERS.sub(r"\2\1", text)
    return [s.strip() for s in _END.split(text) if s and s.strip()]


def sentence_verify(raw: str, sources: list[Source]) -> Sentence | Dropped:
    by_number = {s.number: s for s in sources}
    numbers = [n for m in _MARKER.finditer(raw) for n in _marker_numbers(m.group(1))]
    text = re.sub(r"\s+([.,;:!?…])", r"\1", _MARKER.sub("", raw)).strip()
    text = re.sub(r"\s{2,}", " ", text)
    if not text or not _content_words(text) and not numbers:
        return Dropped(raw.strip(), "no_citation")
    attributed = False
    if not numbers:
        if len(sources) != 1:
            return Dropped(text, "no_citation")
        numbers, attributed = [sources[0].number], True
    if any(n not in by_number for n in numbers):
        return Dropped(text, "unknown_source")
    cited = [by_number[n] for n in dict.fromkeys(numbers)]
    text = _labels_strip(text, cited)
    cited_text = _normalise(" ".join(s.text for s in cited))
    quotes = [next(g for g in m.groups() if g) for m in _QUOTE.finditer(text)]
    quotes = [q for q in quotes if len(q.split()) >= MIN_QUOTE_WORDS]
    if any(_normalise(q) not in cited_text for q in quotes):
        return Dropped(text, "misquote")
    if not _content_words(text) & _content_words(cited_text):
        return Dropped(text, "unsupported")
    return Sentence(text=text, sources=cited, quotes=quotes, attributed=attributed)


def _labels_strip(text: str, cited: list[Source]) -> str:
    """Cut a cited source's "(label)" that the model copied from the listing ("[1] (Note, p. 3)
    The pool…"): the citation link already shows it."""
    for source in cited:
        if source.label:
            text = re.sub(rf"^\(\s*{re.escape(source.label)}\s*\)\s*", "", text)
    return text.strip()


def citations_verify(text: str, sources: list[Source]) -> GroundedAnswer:
    """Check every sentence of a model's answer against the sources it was given."""
    answer = GroundedAnswer(source_count=len(sources))
    for raw in sentences_split(text):
        checked = sentence_verify(raw, sources)
        (answer.sentences if isinstance(checked, Sentence) else answer.dropped).append(checked)
    return answer


# --- Streaming --------------------------------------------------------------------------


class SentenceStream:
    """Feed text deltas; get back each sentence once the next one has begun."""

    def __init__(self):
        self._buffer = ""

    def feed(self, delta: str) -> list[str]:
        self._buffer = _TRAILING_MARKERS.sub(r"\2\1", self._buffer + delta)
        parts = _END.split(self._buffer)
        if len(parts) == 1:
            return []
        *complete, self._buffer = parts
        # A sentence that ends the buffer may still see its "[n]" arrive: keep it back until
        # text follows.
        if not self._buffer.strip():
            self._buffer = complete.pop() + " "
        return [c.strip() for c in complete if c.strip()]

    def flush(self) -> list[str]:
        rest, self._buffer = self._buffer.strip(), ""
        return [rest] if rest else []


def grounded_events(
    events: Iterable[tuple[str, dict]], sources: list[Source]
) -> Iterator[tuple[str, dict]]:
    """A generation's events → the same, with deltas replaced by checked sentences.

    Yields ("sentence", {...}) for each verified sentence, ("dropped", {"reason"}) for each
    sentence that failed, and at the end ("grounded", summary) with the whole answer, whose
    "raw" is the model's own text (kept for review and evaluation, never shown as the answer).
    """
    answer = GroundedAnswer(source_count=len(sources))
    stream = SentenceStream()
    raw: list[str] = []

    def check(pieces: list[str]) -> Iterator[tuple[str, dict]]:
        for piece in pieces:
            checked = sentence_verify(piece, sources)
            if isinstance(checked, Sentence):
                answer.sentences.append(checked)
                yield "sentence", sentence_as_dict(checked)
            else:
                answer.dropped.append(checked)
                yield "dropped", {"reason": checked.reason, "label": checked.reason_label}

    failed = False
    for name, data in events:
        if name == "delta":
            raw.append(data["text"])
            yield from check(stream.feed(data["text"]))
            continue
        if name == "error":
            failed = True
        elif name == "usage":
            yield from check(stream.flush())
        yield name, data
    if not failed:
        yield from check(stream.flush())
        yield "grounded", {**answer.as_dict(), "raw": "".join(raw)}
