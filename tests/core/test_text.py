"""Text normalisation: line endings and trailing spaces are not part of what people wrote."""

import pytest

from core.text import text_normalise


@pytest.mark.parametrize(
    "typed",
    [
        "Première ligne\nseconde ligne",
        "Première ligne\r\nseconde ligne",
        "Première ligne\rseconde ligne",
        "Première ligne  \r\nseconde ligne \t\r\n",
        "Première ligne\nseconde ligne\n\n",
    ],
)
def test_line_endings_and_trailing_spaces_are_normalised(typed):
    assert text_normalise(typed) == "Première ligne\nseconde ligne"


def test_indentation_blank_lines_and_inner_spaces_are_kept():
    assert text_normalise("  - un\r\n\r\n    code  x") == "  - un\n\n    code  x"


def test_non_strings_come_back_unchanged():
    assert text_normalise(None) is None
    assert text_normalise(3) == 3
