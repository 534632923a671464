"""Small helpers for asserting on what a person reads."""

import html


def page_text(response) -> str:
    """The response body with HTML entities decoded (so "n'est" matches "n&#x27;est")."""
    return html.unescape(response.content.decode())
