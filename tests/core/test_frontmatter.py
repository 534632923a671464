from pathlib import Path

import pytest

from core.frontmatter import (
    Block,
    ContentError,
    ContentMissing,
    Document,
    data_load,
    document_parse,
    entries_ordered,
    translations_load,
)

ROOT = Path(__file__).resolve().parents[2]

LESSON = """---
title: "Biais : d'où viennent-ils ?"
minutes: 15
quiz:
  - kind: true_false
    prompt: Une IA est neutre.
    choices:
      - text: "True"
        is_correct: false
        feedback: "Non : elle reflète ses données."
---

## Un titre

<p>Premier paragraphe.</p>
<p>Second, écrit sur
deux lignes.</p>

<p>Un autre bloc.</p>
### Sous-titre

```glossary_term
term: Biais
definition: "Un écart systématique."
```

```testimony
```
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_front_matter_is_yaml_and_keeps_types():
    document = document_parse(text=LESSON)
    assert document.meta["title"] == "Biais : d'où viennent-ils ?"
    assert document.meta["minutes"] == 15
    choice = document.meta["quiz"][0]["choices"][0]
    # A quoted "True" stays text; an unquoted false is a boolean.
    assert choice == {
        "text": "True",
        "is_correct": False,
        "feedback": "Non : elle reflète ses données.",
    }


def test_body_splits_into_headings_html_chunks_and_fenced_blocks():
    assert document_parse(text=LESSON).blocks == (
        Block("heading", {"text": "Un titre", "level": "h2"}),
        Block("html", "<p>Premier paragraphe.</p><p>Second, écrit sur deux lignes.</p>"),
        Block("html", "<p>Un autre bloc.</p>"),
        Block("heading", {"text": "Sous-titre", "level": "h3"}),
        Block("glossary_term", {"term": "Biais", "definition": "Un écart systématique."}),
        Block("testimony", None),
    )


def test_a_file_without_front_matter_is_all_body():
    document = document_parse(text="<p>Seul.</p>\n")
    assert document.meta == {}
    assert document.html() == "<p>Seul.</p>"


def test_html_joins_every_chunk_of_a_single_field_body():
    document = document_parse(text="---\ntitle: x\n---\n<ul>\n  <li>a</li>\n<li>b</li>\n</ul>\n")
    assert document.html() == "<ul><li>a</li><li>b</li></ul>"


def test_html_refuses_a_body_with_other_blocks():
    with pytest.raises(ContentError, match="only HTML"):
        document_parse(text=LESSON, origin="lesson.fr.md").html()


def test_fields_reads_front_matter_and_body_and_names_missing_keys():
    document = document_parse(text="---\ntitle: T\nlead: L\n---\n<p>I</p>\n", origin="x.fr.md")
    assert document.fields("title", "lead", html="introduction") == {
        "title": "T",
        "lead": "L",
        "introduction": "<p>I</p>",
    }
    with pytest.raises(ContentError, match=r"x\.fr\.md: the front matter lacks summary"):
        document.fields("title", "summary")


def test_stream_converts_each_kind_and_drops_none():
    document = document_parse(text=LESSON)
    items = document.stream(
        {
            "heading": lambda value: ("heading", value["text"]),
            "html": lambda value: ("paragraph", value),
            "glossary_term": lambda value: ("glossary_term", value),
            "testimony": lambda value: None,
        }
    )
    assert [kind for kind, _value in items] == [
        "heading",
        "paragraph",
        "paragraph",
        "heading",
        "glossary_term",
    ]


def test_stream_refuses_a_kind_the_page_does_not_have():
    document = document_parse(text="```key_point\n- a\n```\n", origin="typo.fr.md")
    with pytest.raises(ContentError, match=r"typo\.fr\.md: this page has no 'key_point' block"):
        document.stream({"key_points": lambda value: value})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: x\n", "no closing '---'"),
        ("---\n- a\n- b\n---\n", "must be a mapping"),
        ("---\ntitle: a: b\n---\n", "mapping values are not allowed"),
        ("```key_points\n- a\n", "'key_points' is not closed"),
        ("```\n- a\n```\n", "needs a kind"),
        ("```quote\nquote: [unclosed\n```\n", r"bad\.fr\.md \(quote\)"),
    ],
)
def test_malformed_files_fail_with_the_file_named(text, message):
    with pytest.raises(ContentError, match=message) as caught:
        document_parse(text=text, origin="bad.fr.md")
    assert str(caught.value).startswith("bad.fr.md")


def test_translations_load_reads_each_language_variant(tmp_path):
    write(tmp_path, "page.fr.md", "---\ntitle: Bonjour\n---\n")
    write(tmp_path, "page.en.md", "---\ntitle: Hello\n---\n")
    texts = translations_load(stem=tmp_path / "page")
    assert {language: text.meta["title"] for language, text in texts.items()} == {
        "fr": "Bonjour",
        "en": "Hello",
    }
    assert texts["en"].origin == str(tmp_path / "page.en.md")


def test_a_missing_language_variant_is_an_error_naming_the_file(tmp_path):
    write(tmp_path, "page.fr.md", "---\ntitle: Bonjour\n---\n")
    with pytest.raises(ContentMissing, match=r"page\.en\.md: no such content file"):
        translations_load(stem=tmp_path / "page")


def test_data_load_reads_yaml_and_reports_a_missing_file(tmp_path):
    path = write(tmp_path, "topics.yaml", "- slug: a\n  parent: null\n")
    assert data_load(path=path) == [{"slug": "a", "parent": None}]
    with pytest.raises(ContentMissing, match="people.yaml"):
        data_load(path=tmp_path / "people.yaml")


def test_entries_are_ordered_by_number_not_by_name(tmp_path):
    write(tmp_path, "10-zeta.fr.md", "")
    write(tmp_path, "10-zeta.en.md", "")
    write(tmp_path, "2-beta.fr.md", "")
    write(tmp_path, "01-alpha/course.fr.md", "")
    write(tmp_path, "module.fr.md", "")  # not an ordered entry
    write(tmp_path, "03-notes.txt", "")  # not a content file
    assert entries_ordered(directory=tmp_path) == [
        ("alpha", tmp_path / "01-alpha"),
        ("beta", tmp_path / "2-beta"),
        ("zeta", tmp_path / "10-zeta"),
    ]


def test_entries_sharing_a_number_are_refused(tmp_path):
    write(tmp_path, "01-a.fr.md", "")
    write(tmp_path, "1-b.fr.md", "")
    with pytest.raises(ContentError, match="share a number"):
        entries_ordered(directory=tmp_path)


def test_entries_of_a_missing_directory_are_an_error(tmp_path):
    with pytest.raises(ContentMissing):
        entries_ordered(directory=tmp_path / "nowhere")


@pytest.mark.parametrize("app", ["portal", "training", "observatory"])
def test_every_demo_page_has_both_languages_with_the_same_blocks(app):
    """A translation left behind (a block missing in English) fails here, before any seed."""
    french = sorted((ROOT / app / "demo_data").rglob("*.fr.md"))
    english = sorted((ROOT / app / "demo_data").rglob("*.en.md"))
    assert len(french) >= 3
    assert [p.name.removesuffix(".fr.md") for p in french] == [
        p.name.removesuffix(".en.md") for p in english
    ]
    for path in french:
        texts = translations_load(stem=path.with_name(path.name.removesuffix(".fr.md")))
        fr, en = texts["fr"], texts["en"]
        assert isinstance(fr, Document)
        assert [b.kind for b in fr.blocks] == [b.kind for b in en.blocks], path
        assert len(fr.meta.get("quiz", [])) == len(en.meta.get("quiz", [])), path
        assert set(en.meta) <= set(fr.meta), f"{path}: English keys unknown to the French source"
