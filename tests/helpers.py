"""Small helpers for asserting on what a person reads."""

import html
import time
from collections.abc import Callable
from typing import TypeVar

import pytest

T = TypeVar("T")


def page_text(response) -> str:
    """The response body with HTML entities decoded (so "n'est" matches "n&#x27;est")."""
    return html.unescape(response.content.decode())


def wait_until(probe: Callable[[], T | None], *, timeout: float, what: str) -> T:
    """Wait for a state another thread or process brings about (not for a time): the first
    truthy value `probe()` returns; the test fails, naming `what`, if none comes by `timeout`."""
    deadline = time.monotonic() + timeout
    while not (value := probe()):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)  # poll interval, not a wait for the state
    return value
