"""File checks and local text extraction (PDF pages; DOCX, ODT, Markdown, HTML, text sections).

`file_check` runs at upload, before anything is stored: it refuses, with a message a person can
act on, an empty or too large file, an extension the content contradicts (magic bytes), an
encrypted PDF, a PDF with no text layer (a scan), and a zip bomb (DOCX and ODT are zip files:
the declared uncompressed sizes and ratios are checked before any entry is read).
`units_extract` then yields the text unit by unit (a page, or a section under a heading), so
the extraction task records progress and keeps what it extracted when it is cancelled.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from workspace.models import AnchorKind, DocumentKind

EXTENSIONS = {
    "pdf": DocumentKind.PDF,
    "docx": DocumentKind.DOCX,
    "odt": DocumentKind.ODT,
    "txt": DocumentKind.TXT,
    "text": DocumentKind.TXT,
    "md": DocumentKind.MD,
    "markdown": DocumentKind.MD,
    "html": DocumentKind.HTML,
    "htm": DocumentKind.HTML,
}
# Zip bomb limits: what a genuine office document never reaches.
ZIP_MAX_ENTRIES = 5000
ZIP_MAX_RATIO = 100
ZIP_MAX_TOTAL_FACTOR = 20  # declared uncompressed size ≤ 20 × the upload limit
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


class FileRefused(InvalidInput):
    code = "file_refused"


class FileTooLarge(FileRefused):
    status = 413
    code = "file_too_large"


@dataclass(frozen=True)
class Unit:
    """A page (PDF) or a section (text under one heading)."""

    number: int
    title: str
    text: str


def max_upload_bytes() -> int:
    return settings.WORKSPACE_MAX_UPLOAD_MB * 1024 * 1024


def anchor_kind_for(kind: str) -> str:
    return AnchorKind.PAGE if kind == DocumentKind.PDF else AnchorKind.SECTION


def kind_from_name(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = EXTENSIONS.get(extension)
    if kind is None:
        raise FileRefused(
            _(
                "This file type is not accepted. Upload a PDF, DOCX, ODT, text (.txt), "
                "Markdown (.md) or HTML file."
            ),
            code="file_type",
        )
    return kind


def file_check(*, name: str, data: bytes) -> str:
    """The document kind of an acceptable upload; raises FileRefused with the reason otherwise."""
    if not data:
        raise FileRefused(_("This file is empty."), code="file_empty")
    if len(data) > max_upload_bytes():
        raise FileTooLarge(
            _("This file is too large: the limit is %(mb)s MB.")
            % {"mb": settings.WORKSPACE_MAX_UPLOAD_MB}
        )
    kind = kind_from_name(name)
    if kind == DocumentKind.PDF:
        _pdf_check(data)
    elif kind in (DocumentKind.DOCX, DocumentKind.ODT):
        _zip_check(data, kind)
    else:
        _text_check(data, kind)
    return kind


def _mismatch(kind: str):
    return FileRefused(
        _(
            "The content of this file does not match its extension (.%(ext)s). Check that you "
            "chose the right file, or save it again in the right format."
        )
        % {"ext": kind},
        code="file_mismatch",
    )


def _looks_like(data: bytes) -> str | None:
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return "zip"
    return None


# --- PDF ---------------------------------------------------------------------------------------


def _pdf_reader(data: bytes):
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileRefused(
                _(
                    "This PDF is protected by a password: its text cannot be read. Save an "
                    "unprotected copy and upload that one."
                ),
                code="file_encrypted",
            )
        len(reader.pages)  # reads the page tree: a broken one fails here
    except FileRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise FileRefused(
            _("This PDF is damaged and cannot be read."), code="file_damaged"
        ) from exc
    return reader


def _pdf_check(data: bytes) -> None:
    if _looks_like(data) != "pdf":
        raise _mismatch("pdf")
    reader = _pdf_reader(data)
    if len(reader.pages) == 0:
        raise FileRefused(_("This PDF has no pages."), code="file_empty")
    # A scan has no text layer: look for the first page with text (page 1, for most files).
    for page in reader.pages:
        if _page_text(page).strip():
            return
    raise FileRefused(
        _(
            "This PDF has no text layer (it looks like a scan): its text cannot be extracted "
            "here. Run it through character recognition (OCR) first, then upload the result."
        ),
        code="file_no_text",
    )


def _page_text(page) -> str:
    try:
        return page.extract_text() or ""
    except Exception:  # noqa: BLE001 - one unreadable page must not stop the document
        return ""


# --- Zip containers (DOCX, ODT) ------------------------------------------------------------------


def _zip_check(data: bytes, kind: str) -> None:
    if _looks_like(data) != "zip":
        raise _mismatch(kind)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileRefused(
            _("This file is damaged and cannot be read."), code="file_damaged"
        ) from exc
    bomb = FileRefused(
        _(
            "This file expands to far more than its size (a “zip bomb”) and was refused. "
            "Save it again from your word processor."
        ),
        code="file_zip_bomb",
    )
    if len(entries) > ZIP_MAX_ENTRIES:
        raise bomb
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > 1024 * 1024 and entry.file_size > ZIP_MAX_RATIO * max(
            entry.compress_size, 1
        ):
            raise bomb
    if total > ZIP_MAX_TOTAL_FACTOR * max_upload_bytes():
        raise bomb
    names = {entry.filename for entry in entries}
    if kind == DocumentKind.DOCX and "word/document.xml" not in names:
        raise _mismatch(kind)
    if kind == DocumentKind.ODT:
        if "content.xml" not in names or "mimetype" not in names:
            raise _mismatch(kind)
        if archive.read("mimetype").strip() != ODT_MIMETYPE:
            raise _mismatch(kind)


# --- Text formats ----------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _text_check(data: bytes, kind: str) -> None:
    if _looks_like(data) is not None or b"\x00" in data[:8192]:
        raise _mismatch(kind)
    text = _decode(data)
    if not text.strip():
        raise FileRefused(_("This file is empty."), code="file_empty")


# --- Extraction --------------------------------------------------------------------------------


def units_count(*, kind: str, data: bytes) -> int:
    if kind == DocumentKind.PDF:
        return len(_pdf_reader(data).pages)
    return len(list(units_extract(kind=kind, data=data)))


def units_extract(*, kind: str, data: bytes, start: int = 1) -> Iterator[Unit]:
    """The document's text unit by unit, from unit number `start` (1-based)."""
    if kind == DocumentKind.PDF:
        reader = _pdf_reader(data)
        for number in range(start, len(reader.pages) + 1):
            yield Unit(number, "", _clean(_page_text(reader.pages[number - 1])))
        return
    if kind == DocumentKind.DOCX:
        blocks = _docx_blocks(data)
    elif kind == DocumentKind.ODT:
        blocks = _odt_blocks(data)
    elif kind == DocumentKind.HTML:
        blocks = _html_blocks(_decode(data))
    else:
        blocks = _markdown_blocks(_decode(data))
    for unit in _sections(blocks):
        if unit.number >= start:
            yield unit


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _sections(blocks: Iterator[tuple[bool, str]]) -> Iterator[Unit]:
    """Group (is_heading, text) blocks into sections: a heading opens a new one."""
    number, title, body = 0, "", []
    for is_heading, text in blocks:
        text = text.strip()
        if not text:
            continue
        if is_heading:
            if number or body:
                yield Unit(max(number, 1), title, _clean("\n\n".join(body)))
            number = max(number, 1) + 1 if (number or body) else 1
            title, body = text, []
        else:
            body.append(text)
    if number or body:
        yield Unit(max(number, 1), title, _clean("\n\n".join(body)))


def _docx_blocks(data: bytes) -> Iterator[tuple[bool, str]]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            style = (item.style.name if item.style is not None else "") or ""
            heading = style.startswith(("Heading", "Titre", "Title"))
            yield heading, item.text
        elif isinstance(item, Table):
            for row in item.rows:
                yield False, " | ".join(cell.text.strip() for cell in row.cells)


def _odt_blocks(data: bytes) -> Iterator[tuple[bool, str]]:
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    document = load(io.BytesIO(data))

    def walk(node):
        for child in node.childNodes:
            if child.qname == (TEXTNS, "h"):
                yield True, teletype.extractText(child)
            elif child.qname == (TEXTNS, "p"):
                yield False, teletype.extractText(child)
            elif getattr(child, "childNodes", None):
                yield from walk(child)

    yield from walk(document.text)


_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")


def _markdown_blocks(text: str) -> Iterator[tuple[bool, str]]:
    lines = _clean(text).split("\n")
    paragraph: list[str] = []
    for i, line in enumerate(lines):
        match = _ATX.match(line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if match:
            if paragraph:
                yield False, "\n".join(paragraph)
                paragraph = []
            yield True, match.group(2)
        elif line.strip() and _SETEXT.match(following) and not paragraph:
            yield True, line.strip()
        elif _SETEXT.match(line) and i > 0 and lines[i - 1].strip() and not paragraph:
            continue  # the underline of a heading already yielded
        elif not line.strip():
            if paragraph:
                yield False, "\n".join(paragraph)
                paragraph = []
        else:
            paragraph.append(line)
    if paragraph:
        yield False, "\n".join(paragraph)


class _HTMLBlocks(HTMLParser):
    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
    BLOCKS = {"p", "div", "li", "tr", "section", "article", "blockquote", "pre", "br", "td", "th"}
    SKIP = {"script", "style", "template", "noscript", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[bool, str]] = []
        self.buffer: list[str] = []
        self.skipping = 0
        self.in_heading = False

    def flush(self):
        text = re.sub(r"\s+", " ", "".join(self.buffer)).strip()
        if text:
            self.blocks.append((self.in_heading, text))
        self.buffer = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.HEADINGS:
            self.flush()
            self.in_heading = True
        elif tag in self.BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.HEADINGS:
            self.flush()
            self.in_heading = False
        elif tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data):
        if not self.skipping:
            self.buffer.append(data)


def _html_blocks(text: str) -> Iterator[tuple[bool, str]]:
    parser = _HTMLBlocks()
    parser.feed(text)
    parser.close()
    parser.flush()
    yield from parser.blocks


# --- Passages ----------------------------------------------------------------------------------

PASSAGE_WORDS = 220
PASSAGE_MAX_WORDS = 320


def passages_split(text: str) -> list[str]:
    """Cut a unit's text into passages of a few hundred words, at paragraph then sentence ends."""
    pieces: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if len(paragraph.split()) <= PASSAGE_MAX_WORDS:
            pieces.append(paragraph)
            continue
        sentences = re.split(r"(?<=[.!?…])\s+", paragraph)
        for sentence in sentences:
            words = sentence.split()
            while len(words) > PASSAGE_MAX_WORDS:
                pieces.append(" ".join(words[:PASSAGE_WORDS]))
                words = words[PASSAGE_WORDS:]
            if words:
                pieces.append(" ".join(words))
    passages: list[str] = []
    current: list[str] = []
    count = 0
    for piece in pieces:
        n = len(piece.split())
        if current and count + n > PASSAGE_WORDS:
            passages.append("\n\n".join(current))
            current, count = [], 0
        current.append(piece)
        count += n
    if current:
        passages.append("\n\n".join(current))
    return passages
