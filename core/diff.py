"""Word-level differences between two texts, for version histories.

One tokenizer and one matcher for every app. Both texts are compared normalised
(`core.text.text_normalise`: "\r\n" is "\n", no trailing spaces), so bytes nobody sees are never
shown as a change. Whitespace is kept as tokens, so line breaks survive and joining the pieces
of one side gives that side back, normalised.
"""

import difflib
import re

from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.text import text_normalise

EQUAL, DELETE, INSERT = "equal", "delete", "insert"

_TOKEN = re.compile(r"\s+|\S+")


def word_diff_ops(before: str | None, after: str | None) -> list[tuple[str, str]]:
    """[("equal"|"delete"|"insert", text), …]; a replacement is a delete then an insert."""
    a = _TOKEN.findall(text_normalise(str(before or "")))
    b = _TOKEN.findall(text_normalise(str(after or "")))
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append((EQUAL, "".join(a[i1:i2])))
        if tag in ("delete", "replace"):
            ops.append((DELETE, "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            ops.append((INSERT, "".join(b[j1:j2])))
    return ops


def word_diff_html(before: str | None, after: str | None) -> SafeString:
    """The diff as HTML: removed words in <del>, added ones in <ins>, every text escaped."""
    return word_diff_ops_html(word_diff_ops(before, after))


def word_diff_ops_html(ops: list[tuple[str, str]]) -> SafeString:
    """Render operations from `word_diff_ops`; line breaks become <br>.

    Screen readers do not announce <del>/<ins>, so each carries a visually hidden
    "[removed: …]" / "[added: …]".
    """
    parts = []
    for op, text in ops:
        shown = linebreaksbr(text, autoescape=True)
        if op == EQUAL:
            parts.append(shown)
        else:
            tag, label = ("del", _("removed")) if op == DELETE else ("ins", _("added"))
            parts.append(
                f'<{tag}><span class="visually-hidden">[{escape(label)}: </span>{shown}'
                f'<span class="visually-hidden">]</span></{tag}>'
            )
    return mark_safe("".join(parts))  # noqa: S308 — every piece of text is escaped above
