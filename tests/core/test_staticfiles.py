"""The embedded ASGI server answers 404, not a bare 500, to hostile /static/ paths, and still
serves real static files. Requests go through config.asgi.application."""

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator

from config.asgi import application

# The 404 page reads the header navigation: the app runs in another thread, hence transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@async_to_sync
async def asgi_get(raw_path: bytes) -> tuple[int, bytes, dict]:
    from urllib.parse import unquote_to_bytes

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote_to_bytes(raw_path).decode("utf-8", "surrogateescape"),
        "raw_path": raw_path,
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
    }
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await communicator.receive_output(timeout=10)
    body = b""
    while True:
        message = await communicator.receive_output(timeout=10)
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    headers = {name.decode().lower(): value.decode() for name, value in start["headers"]}
    return start["status"], body, headers


@pytest.mark.parametrize(
    "path",
    [
        b"/static/..%2f..%2f.env",
        b"/static/..%2f..%2fmanage.py",
        b"/static/%2e%2e/%2e%2e/.env",
        b"/static/css/%00.css",
    ],
)
def test_a_path_out_of_the_static_root_is_404(path):
    status, body, _headers = asgi_get(path)
    assert status == 404
    assert b"DJANGO_SETTINGS_MODULE" not in body and b"SECRET_KEY" not in body


def test_real_static_files_are_still_served():
    status, body, headers = asgi_get(b"/static/css/site.css")
    assert status == 200 and body
    assert headers["permissions-policy"] == "camera=(), microphone=(), geolocation=()"
