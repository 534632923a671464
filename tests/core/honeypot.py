"""Assertions on the honeypot, shared by the tests of every form that carries it."""

from html.parser import HTMLParser

from django.contrib.messages import get_messages

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _TrapFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[dict] = []
        self.inputs: list[tuple[dict, bool]] = []  # (attrs, inside an aria-hidden wrapper)
        self.labels: dict[str, bool] = {}  # for= → inside an aria-hidden wrapper

    def _hidden(self) -> bool:
        return any(attrs.get("aria-hidden") == "true" for attrs in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name", "").endswith("website"):
            self.inputs.append((attrs, self._hidden()))
        if tag == "label" and attrs.get("for"):
            self.labels[attrs["for"]] = self._hidden()
        if tag not in VOID:
            self.stack.append(attrs)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()


def assert_trap_hidden(html: str) -> None:
    """One trap input: out of the tab order, never autofilled, its label and itself inside an
    aria-hidden wrapper (so screen readers never announce it)."""
    finder = _TrapFinder()
    finder.feed(html)
    assert len(finder.inputs) == 1, f"expected one trap field, found {len(finder.inputs)}"
    attrs, hidden = finder.inputs[0]
    assert attrs.get("tabindex") == "-1"
    assert attrs.get("autocomplete") == "off"
    assert hidden, "the trap is not inside an aria-hidden wrapper"
    assert finder.labels.get(attrs["id"]) is True, "the trap's label is missing or announced"


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]
