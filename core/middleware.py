"""Refusals at the edge, before any app sees the request, and the headers every answer carries.

- NUL bytes: PostgreSQL cannot store or compare a string holding U+0000 (it raises
  `DataError`, a 500). No page needs one, so a path holding one is not found (404) and a query
  string or form field holding one is a bad request (400), for every URL at once. JSON bodies
  are checked where they are parsed (`core.api.JSONParser`, `core.api.json_has_nul`).
- Rate limits: every 429 carries `Retry-After` (`RetryAfterMiddleware`).
- Database outage: `OperationalError` / `InterfaceError` out of a view mean the database is
  unreachable, not that the code is wrong: answer 503 with `Retry-After`, like any service that
  will be back, in JSON on API paths (the agents' API reshapes it into OpenAI's error shape).
- `Permissions-Policy` on every page and API answer (`PermissionsPolicyMiddleware`).
"""

from __future__ import annotations

import logging
from urllib.parse import unquote_to_bytes

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _

from core.api import error_body, is_database_outage
from core.errors import RateLimited, ServiceUnavailable
from core.ratelimit import retry_after_reset, retry_after_seconds

logger = logging.getLogger(__name__)

API_PREFIXES = ("/api/", "/v1/")
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class OnTheLoopMiddleware(MiddlewareMixin):
    """Under ASGI, Django's MiddlewareMixin runs `process_request` and `process_response` each
    through `sync_to_async`: two thread switches per middleware on every request, before and
    after the view. These middlewares only read the request and set headers (no database, no
    file), so under ASGI they run on the event loop; `request_needs_thread()` names the case
    that still goes to the request's thread. Under WSGI (and Django's test Client) nothing
    changes."""

    def request_needs_thread(self, request: HttpRequest) -> bool:
        return False

    def response_needs_thread(self, request: HttpRequest, response: HttpResponse) -> bool:
        return False

    async def __acall__(self, request):
        response = None
        if hasattr(self, "process_request"):
            if self.request_needs_thread(request):
                response = await sync_to_async(self.process_request, thread_sensitive=True)(request)
            else:
                response = self.process_request(request)
        response = response or await self.get_response(request)
        if hasattr(self, "process_response"):
            if self.response_needs_thread(request, response):
                response = await sync_to_async(self.process_response, thread_sensitive=True)(
                    request, response
                )
            else:
                response = self.process_response(request, response)
        return response


def _has_nul(value: str) -> bool:
    return "\x00" in value


def _query_has_nul(query_string: str) -> bool:
    return b"\x00" in unquote_to_bytes(query_string)


class RejectNulBytesMiddleware(OnTheLoopMiddleware):
    """404 for a path with a NUL byte, 400 for a query string or a form field with one.

    Raised as exceptions, so the site's own 404/400 handlers answer (a page for people, JSON
    on API paths). A multipart body is parsed in the request's thread (its files may be
    written to disk)."""

    def request_needs_thread(self, request: HttpRequest) -> bool:
        return request.method == "POST" and request.META.get("CONTENT_TYPE", "").startswith(
            "multipart/"
        )

    def process_request(self, request: HttpRequest) -> None:
        if _has_nul(request.path) or _has_nul(request.path_info):
            raise Http404("NUL byte in path")
        if _query_has_nul(request.META.get("QUERY_STRING", "")):
            raise BadRequest("NUL byte in query string")
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method == "POST" and content_type.startswith(FORM_CONTENT_TYPES):
            for key, values in request.POST.lists():
                if _has_nul(key) or any(_has_nul(v) for v in values):
                    raise BadRequest("NUL byte in form field")
        return None


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    refusal = ServiceUnavailable()
    if request.path.startswith(API_PREFIXES):
        response = JsonResponse(
            error_body(refusal.status, refusal.code, refusal.message), status=refusal.status
        )
    else:
        # The error pages' own template: it reads nothing from the database.
        html = render_to_string(
            "500.html", {"title": _("Service briefly unavailable"), "message": refusal.message}
        )
        response = HttpResponse(html, status=refusal.status)
    response["Retry-After"] = str(refusal.retry_after)
    return response


class DatabaseUnavailableMiddleware(MiddlewareMixin):
    """A view that met an unreachable database answers 503 + Retry-After, not 500."""

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not is_database_outage(exception):
            return None
        logger.error("database unavailable: %s", type(exception).__name__)
        return database_unavailable_response(request)


class RetryAfterMiddleware(OnTheLoopMiddleware):
    """Every 429 tells when to come back, whichever view or library answered it.

    Views re-render their form with a `RateLimited` refusal (`core.forms.refusal_show`) or an
    API answers it (`core.api.refusal_response`, which sets the header itself); here a 429
    without the header gets the window of the limit it went over (`core.ratelimit`), or the
    refusal's default. One place, so no endpoint can forget it.
    """

    def process_request(self, request: HttpRequest) -> None:
        retry_after_reset()

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code == 429 and not response.has_header("Retry-After"):
            seconds = retry_after_seconds() or RateLimited().retry_after
            response["Retry-After"] = str(seconds)
        return response


class PermissionsPolicyMiddleware(OnTheLoopMiddleware):
    """`Permissions-Policy`: the site uses no camera, microphone or location, so no page (nor a
    script injected into one) may ask the browser for them. Sync and async (on the loop)."""

    def process_response(self, request, response):
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
