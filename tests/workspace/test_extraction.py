"""Extraction of every accepted format, with page and section labels, from generated files."""

import pytest

from tests.workspace import files
from workspace import selectors
from workspace.models import DocumentStatus

pytestmark = pytest.mark.django_db


def _units(document):
    return [(p.label, p.text) for p in document.passages.order_by("position")]


def test_pdf_passages_are_labelled_with_their_page(agent, upload):
    data = files.pdf_bytes(["Alpha premier", "Bravo deuxième", "Charlie troisième"])
    document = upload(agent, "rapport.pdf", data)
    assert document.status == DocumentStatus.READY
    labels = _units(document)
    assert [label for label, _ in labels] == ["p. 1", "p. 2", "p. 3"]
    assert "Bravo" in labels[1][1]
    assert [p.anchor for p in document.passages.all()] == ["page-1", "page-2", "page-3"]


def test_sixty_page_pdf_extracts_every_page_and_records_progress(agent, upload):
    data = files.pdf_bytes([f"Page numéro {n} mot{n}clef" for n in range(1, 61)])
    document = upload(agent, "long.pdf", data)
    assert (document.units_total, document.units_done, document.status) == (
        60,
        60,
        DocumentStatus.READY,
    )
    assert document.progress_percent == 100
    pages = sorted(set(document.passages.values_list("page", flat=True)))
    assert pages == list(range(1, 61))
    hit = document.passages.get(page=42)
    assert "mot42clef" in hit.text


def test_docx_sections_follow_headings(agent, upload):
    data = files.docx_bytes(
        [("Budget", "Le budget participatif."), ("Voirie", "La réfection des trottoirs.")],
        intro="Préambule du document.",
    )
    document = upload(agent, "note.docx", data)
    assert _units(document) == [
        ("§ 1", "Préambule du document."),
        ("§ 2", "Budget\n\nLe budget participatif."),
        ("§ 3", "Voirie\n\nLa réfection des trottoirs."),
    ]
    units = selectors.document_units(document=document)
    assert [(u["anchor"], u["title"]) for u in units] == [
        ("section-1", ""),
        ("section-2", "Budget"),
        ("section-3", "Voirie"),
    ]


def test_odt_sections_follow_headings(agent, upload):
    data = files.odt_bytes([("Propreté", "Collecte des encombrants."), ("Écoles", "Cantines.")])
    document = upload(agent, "note.odt", data)
    assert _units(document) == [
        ("§ 1", "Propreté\n\nCollecte des encombrants."),
        ("§ 2", "Écoles\n\nCantines."),
    ]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("notes.md", "Intro.\n\n# Premier\n\nUn texte.\n\nSecond\n------\n\nDeux textes.\n"),
        ("notes.txt", "Intro.\n\n# Premier\n\nUn texte.\n\n## Second\n\nDeux textes.\n"),
        (
            "notes.html",
            "<html><head><style>p{}</style><script>var x=1;</script></head><body>"
            "<p>Intro.</p><h1>Premier</h1><p>Un texte.</p><h2>Second</h2><p>Deux textes.</p>"
            "</body></html>",
        ),
    ],
)
def test_text_formats_sections_follow_headings(agent, upload, name, text):
    document = upload(agent, name, text.encode())
    assert _units(document) == [
        ("§ 1", "Intro."),
        ("§ 2", "Premier\n\nUn texte."),
        ("§ 3", "Second\n\nDeux textes."),
    ]


def test_long_section_is_cut_into_passages_of_a_few_hundred_words(agent, upload):
    paragraphs = "\n\n".join(" ".join(f"mot{i}x{j}" for j in range(100)) for i in range(10))
    document = upload(agent, "long.md", f"# Seul titre\n\n{paragraphs}".encode())
    counts = list(document.passages.values_list("word_count", flat=True))
    assert len(counts) >= 4
    assert max(counts) <= 330
    assert set(document.passages.values_list("label", flat=True)) == {"§ 1"}


def test_document_sections_group_pages_with_their_range(agent, upload):
    data = files.pdf_bytes([f"Texte de la page {n}. " * 20 for n in range(1, 7)])
    document = upload(agent, "six.pdf", data)
    one_page = len(document.passages.get(page=1).text)
    sections = selectors.document_sections(document=document, max_chars=one_page * 2 + 10)
    assert [(s.page_from, s.page_to, s.label) for s in sections] == [
        (1, 2, "pp. 1–2"),
        (3, 4, "pp. 3–4"),
        (5, 6, "pp. 5–6"),
    ]
    assert "page 4" in sections[1].text
