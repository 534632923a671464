"""The sandbox writes its figures in the page's language: "0,055 Wh" on a French page. The
answer stream is scripted (Playwright answers the stream request), so no model runs."""

import json

import pytest
from playwright.sync_api import expect

from inference_bridge.services import node_in_process_ensure

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

USAGE = {
    "prompt_tokens": 1234,
    "completion_tokens": 56,
    "duration_ms": 2500,
    "energy_wh": 0.055,
    "co2_g": 0.0024,
}


def _stream(route):
    events = [
        ("start", {"id": "g-1"}),
        ("delta", {"text": "Bonjour."}),
        ("usage", USAGE),
        ("done", {}),
    ]
    body = "".join(f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events)
    route.fulfill(status=200, headers={"Content-Type": "text/event-stream"}, body=body)


@pytest.mark.parametrize(
    "path,wh,seconds,tokens",
    [
        ("/sandbox/", "0,055", "2,5", "1\u202f234 + 56"),
        ("/en/sandbox/", "0.055", "2.5", "1,234 + 56"),
    ],
)
def test_sandbox_figures_follow_the_page_language(
    page, asgi_live_server, path, wh, seconds, tokens
):
    node_in_process_ensure()  # a node row only: the scripted stream below answers
    page.goto(path)
    page.locator("main input[type=checkbox]").first.check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    stream_url = page.locator("#ib-form").get_attribute("data-stream-url")
    page.route(f"**{stream_url}*", _stream)
    page.locator("#ib-form textarea").first.fill("Bonjour ?")
    page.locator("#ib-send").click()
    metrics = page.locator(".ib-turn--ai .ib-metrics").first
    expect(metrics.locator("[data-field=wh]")).to_have_text(wh)
    expect(metrics.locator("[data-field=seconds]")).to_have_text(seconds)
    expect(metrics.locator("[data-field=tokens]")).to_have_text(tokens)
