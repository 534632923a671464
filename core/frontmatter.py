"""Content files: text with YAML front matter, one file per page and language.

Demo pages are prose; they live as data files next to the seeding code so that they can be
read and edited without reading Python. A file `<stem>.<language>.md` looks like:

    ---
    title: Les bases
    quiz:
      - kind: single
        prompt: ...
    ---
    ## A heading

    <p>HTML, one element per line.</p>
    <p>Lines of a chunk are joined directly between tags, with a space elsewhere.</p>

    ```glossary_term
    term: Modèle
    definition: ...
    ```

The front matter (between the `---` lines) is a YAML mapping. The body is a sequence of
blocks: `## text` is a heading (`###` a level-3 one...), a fenced block named after its kind
holds YAML, and any other run of lines up to a blank line is an HTML chunk. What a kind means
is up to the app that seeds the page. French is the source language: fields that are not
translated (durations, dates, slugs of related records) are written in the French file only.
Entries that have an order are named `NN-slug` (a directory, or a file per language).
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

LANGUAGES = ("fr", "en")
SUFFIX = ".md"

_HEADING = re.compile(r"^(#{1,6}) +(\S.*)$")
_FENCE = re.compile(r"^```([A-Za-z_][\w-]*)\s*$")
_ENTRY = re.compile(r"^(\d+)-([a-z0-9][a-z0-9-]*?)(?:\.[a-z]{2}" + re.escape(SUFFIX) + r")?$")


class ContentError(Exception):
    """A content file is malformed; the message names the file."""


class ContentMissing(ContentError):
    """A content file (or a language variant of it) does not exist."""


class Block(NamedTuple):
    kind: str  # "heading", "html", or the name of a fenced block
    value: Any


class Entry(NamedTuple):
    slug: str
    stem: Path  # the directory, or the file's path without ".<language>.md"


@dataclass(frozen=True)
class Document:
    meta: dict[str, Any]
    blocks: tuple[Block, ...] = ()
    origin: str = field(default="<string>", compare=False)

    def fields(self, *keys: str, html: str | None = None) -> dict[str, Any]:
        """Page fields from the front matter, and the body as the rich-text field `html`."""
        missing = [key for key in keys if key not in self.meta]
        if missing:
            raise ContentError(f"{self.origin}: the front matter lacks {', '.join(missing)}")
        fields = {key: self.meta[key] for key in keys}
        if html is not None:
            fields[html] = self.html()
        return fields

    def html(self) -> str:
        """The body as one HTML string, for a page whose body fills one rich-text field."""
        parts = []
        for block in self.blocks:
            if block.kind != "html":
                raise ContentError(f"{self.origin}: only HTML is expected here, not {block.kind!r}")
            parts.append(block.value)
        return _join_html(parts)

    def stream(self, converters: Mapping[str, Callable[[Any], Any]]) -> list:
        """The body as StreamField items, through one converter per kind the page accepts.

        A kind without a converter is an error naming the file (a typo must not vanish); a
        converter may return None to leave a block out.
        """
        items = []
        for block in self.blocks:
            if block.kind not in converters:
                raise ContentError(f"{self.origin}: this page has no {block.kind!r} block")
            item = converters[block.kind](block.value)
            if item is not None:
                items.append(item)
        return items


def document_parse(*, text: str, origin: str = "<string>") -> Document:
    """Split front matter from body and the body into blocks, failing loudly on bad syntax."""
    lines = text.splitlines()
    meta: Any = {}
    if lines and lines[0].strip() == "---":
        try:
            end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        except StopIteration:
            raise ContentError(f"{origin}: the front matter has no closing '---'") from None
        meta = _yaml(origin, "\n".join(lines[1:end])) or {}
        if not isinstance(meta, dict):
            raise ContentError(f"{origin}: the front matter must be a mapping of keys to values")
        lines = lines[end + 1 :]
    return Document(meta=meta, blocks=tuple(_blocks(origin, lines)), origin=origin)


def document_load(*, path: Path) -> Document:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentMissing(f"{path}: no such content file") from None
    return document_parse(text=text, origin=str(path))


def translations_load(*, stem: Path, languages: tuple[str, ...] = LANGUAGES) -> dict[str, Document]:
    """Every language variant of one page (`<stem>.fr.md`, `<stem>.en.md`): all must exist."""
    return {
        language: document_load(path=stem.with_name(f"{stem.name}.{language}{SUFFIX}"))
        for language in languages
    }


def data_load(*, path: Path) -> Any:
    """A plain YAML file, for demo records that are not pages (topics, people...)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentMissing(f"{path}: no such data file") from None
    return _yaml(str(path), text)


def entries_ordered(*, directory: Path) -> list[Entry]:
    """The `NN-slug` entries of a directory in NN order: the order pages are created in."""
    if not directory.is_dir():
        raise ContentMissing(f"{directory}: no such content directory")
    found: dict[str, tuple[int, str]] = {}
    for child in directory.iterdir():
        match = _ENTRY.match(child.name)
        if match is None or (child.is_file() and not child.name.endswith(SUFFIX)):
            continue
        found[f"{match[1]}-{match[2]}"] = (int(match[1]), match[2])
    numbers = [number for number, _slug in found.values()]
    if len(numbers) != len(set(numbers)):
        raise ContentError(f"{directory}: two entries share a number, their order is ambiguous")
    return [
        Entry(slug=slug, stem=directory / name)
        for name, (_number, slug) in sorted(found.items(), key=lambda item: item[1])
    ]


def _yaml(origin: str, text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ContentError(f"{origin}: {error}") from None


def _blocks(origin: str, lines: list[str]):
    chunk: list[str] = []
    position = 0
    while position < len(lines):
        line = lines[position].rstrip()
        position += 1
        heading = _HEADING.match(line)
        fence = _FENCE.match(line)
        if chunk and (not line or heading or fence):
            yield Block("html", _join_html(chunk))
            chunk = []
        if heading:
            yield Block("heading", {"text": heading[2], "level": f"h{len(heading[1])}"})
        elif fence:
            start = position
            while position < len(lines) and lines[position].rstrip() != "```":
                position += 1
            if position == len(lines):
                raise ContentError(f"{origin}: the block '{fence[1]}' is not closed by '```'")
            yield Block(fence[1], _yaml(f"{origin} ({fence[1]})", "\n".join(lines[start:position])))
            position += 1
        elif line.startswith("```"):
            raise ContentError(f"{origin}: a fenced block needs a kind, as in '```key_points'")
        elif line:
            chunk.append(line.strip())
    if chunk:
        yield Block("html", _join_html(chunk))


def _join_html(lines: list[str]) -> str:
    """Join lines directly between two tags (`</p>` then `<p>`), with a space inside prose."""
    text = ""
    for line in lines:
        if text and not (text.endswith(">") and line.startswith("<")):
            text += " "
        text += line
    return text
