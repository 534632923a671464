"""The word diff shared by the register's version history and consultation's dossier history."""

from django.utils import translation

from core.diff import DELETE, EQUAL, INSERT, word_diff_html, word_diff_ops


def test_a_replaced_word_is_a_delete_then_an_insert_and_the_rest_is_equal():
    assert word_diff_ops("the old score", "the new score") == [
        (EQUAL, "the "),
        (DELETE, "old"),
        (INSERT, "new"),
        (EQUAL, " score"),
    ]


def test_joining_one_side_gives_that_text_back_with_its_line_breaks():
    before, after = "one\ntwo  three", "one\nTWO  three\nfour"
    ops = word_diff_ops(before, after)
    assert "".join(t for op, t in ops if op != INSERT) == before
    assert "".join(t for op, t in ops if op != DELETE) == after


def test_identical_or_empty_texts():
    assert word_diff_ops("same text", "same text") == [(EQUAL, "same text")]
    assert word_diff_ops(None, "") == []
    assert word_diff_ops("", "new") == [(INSERT, "new")]


def test_html_marks_removed_and_added_words_for_eyes_and_screen_readers():
    with translation.override("en"):
        html = word_diff_html("the old score", "the new score")
    assert html == (
        'the <del><span class="visually-hidden">[removed: </span>old'
        '<span class="visually-hidden">]</span></del>'
        '<ins><span class="visually-hidden">[added: </span>new'
        '<span class="visually-hidden">]</span></ins> score'
    )


def test_html_escapes_every_piece_of_text():
    html = word_diff_html("<b>safe</b> & sound", "<script>alert(1)</script> & sound")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&amp; sound" in html


def test_html_keeps_line_breaks():
    assert str(word_diff_html("a\nb", "a\nb")) == "a<br>b"
    assert str(word_diff_html("a\r\nb", "a\r\nb")) == "a<br>b"


def test_screen_reader_labels_are_translated():
    with translation.override("fr"):
        html = word_diff_html("a", "b")
    assert "[supprimé: " in html and "[ajouté: " in html


def test_line_endings_and_trailing_spaces_are_no_change():
    assert word_diff_ops("one  \r\ntwo\r\n", "one\ntwo") == [(EQUAL, "one\ntwo")]
