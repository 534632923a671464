"""Every error of the agents' API (`/v1/`) in OpenAI's shape, whatever produced it.

The `/v1/` views answer their own refusals in OpenAI's shape (`openai_api.error_response`), but
an error can also come from elsewhere: an unknown `/v1/` URL (404), a NUL byte refused at the
edge (400), a database outage (503), an unexpected exception (500). Those answer the site's own
JSON body (`core.api.error_body`); this middleware rewrites them, keeping the status and the
headers (`Retry-After`), so OpenAI's clients parse every error the same way.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse

from core.middleware import OnTheLoopMiddleware

from .openai_api import ERROR_TYPES

PREFIX = "/v1/"

# The agents' API speaks English (like OpenAI's); the site's error bodies follow the visitor's
# language, so their message is replaced by these.
MESSAGES = {
    400: "Bad request: the request could not be understood.",
    401: "Authentication required.",
    403: "Forbidden.",
    404: "Not found.",
    405: "Method not allowed.",
    429: "Too many requests; retry later.",
    500: "Internal server error.",
    503: "The service is briefly unavailable; retry after the delay given in Retry-After.",
}


def _openai_error(status: int, payload) -> dict:
    error = payload.get("error") if isinstance(payload, dict) else None
    if not isinstance(error, dict):
        error = {}
    return {
        "error": {
            "message": MESSAGES.get(status, f"HTTP error {status}."),
            "type": ERROR_TYPES.get(status, "api_error"),
            "code": error.get("code") or f"http_{status}",
            "param": error.get("param"),
        }
    }


def _is_openai_shape(payload) -> bool:
    error = payload.get("error") if isinstance(payload, dict) else None
    return isinstance(error, dict) and "type" in error and "message" in error


class OpenAIErrorShapeMiddleware(OnTheLoopMiddleware):
    """Rewrites the body of an error in memory: on the event loop under ASGI."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if (
            not request.path.startswith(PREFIX)
            or response.status_code < 400
            or getattr(response, "streaming", False)
        ):
            return response
        try:
            payload = json.loads(response.content or b"null")
        except (ValueError, UnicodeDecodeError):
            payload = None
        if _is_openai_shape(payload):
            return response
        response.content = json.dumps(_openai_error(response.status_code, payload)).encode()
        response["Content-Type"] = "application/json"
        return response
