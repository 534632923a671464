"""API conventions shared by every app: pagination and errors as readable JSON.

Every error body has the same shape, so clients need one parser:
``{"error": {"status": 400, "code": "invalid", "message": "...", "fields": {...}}}``.
"""

import logging
import time

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ApplicationError, ServiceUnavailable, retry_after
from core.ratelimit import attempts_count, hashed_identifier, parse_rate

logger = logging.getLogger(__name__)


def is_database_outage(exc: BaseException) -> bool:
    """The database is out of reach (down, restarting, connections exhausted): a 503, not a bug."""
    return isinstance(exc, OperationalError | InterfaceError)


def json_has_nul(data) -> bool:
    """True when a decoded JSON document holds U+0000 in any key or string: PostgreSQL cannot
    store or compare such a string (`DataError`), and no field needs one."""
    if isinstance(data, str):
        return "\x00" in data
    if isinstance(data, dict):
        return any(json_has_nul(k) or json_has_nul(v) for k, v in data.items())
    if isinstance(data, list):
        return any(json_has_nul(v) for v in data)
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing NUL characters ("\u0000") with a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if json_has_nul(data):
            raise exceptions.ParseError(_("The request contains a NUL character (\\u0000)."))
        return data


class RateThrottle(BaseThrottle):
    """The API's one throttle: a signed-in caller counts against the "user" rate under their
    account, anyone else against the "anon" rate under their (hashed) address. One counter per
    request, so one round trip to the shared cache (`core.ratelimit`), where DRF's pair of
    throttles counted an anonymous request twice and read then wrote each counter.

    Windows are aligned on the clock, so `Retry-After` says exactly when the next one opens."""

    def allow_request(self, request, view) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            scope, ident = "user", str(user.pk)
        else:
            scope, ident = "anon", hashed_identifier(self.get_ident(request))
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(scope)
        if not rate:
            return True
        limit, _period, seconds = parse_rate(str(rate))
        now = time.time()
        window = int(now // seconds)
        self._wait = seconds - (now - window * seconds)
        count = attempts_count([(f"api:throttle:{scope}:{ident}:{window}", seconds)])[0]
        return count <= limit

    def wait(self) -> float | None:
        return getattr(self, "_wait", None)


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


def _flatten_message(detail) -> str:
    if isinstance(detail, list):
        return " ".join(_flatten_message(d) for d in detail)
    if isinstance(detail, dict):
        return " ".join(f"{key}: {_flatten_message(value)}" for key, value in detail.items())
    return str(detail)


def error_body(status_code: int, code: str, message: str, fields: dict | None = None) -> dict:
    body = {"status": status_code, "code": code, "message": message}
    if fields:
        body["fields"] = fields
    return {"error": body}


def exception_handler(exc, context):
    if is_database_outage(exc):
        logger.error("database unavailable: %s", type(exc).__name__)
        return refusal_response(ServiceUnavailable())
    if isinstance(exc, ApplicationError):
        return refusal_response(exc)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None

    detail = response.data
    fields = None
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
        fields = exc.detail
        message = _("Some fields are invalid: %(details)s") % {"details": _flatten_message(detail)}
        code = "invalid"
    else:
        message = _flatten_message(
            detail.get("detail", detail) if isinstance(detail, dict) else detail
        )
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        code = codes if isinstance(codes, str) else "invalid"
    response.data = error_body(response.status_code, code, message, fields)
    return response


def public_endpoints_only(endpoints):
    """drf-spectacular hook: document /api/ and /v1/, not Wagtail's admin API."""
    return [e for e in endpoints if e[0].startswith(("/api/", "/v1/"))]


def json_error(status_code: int, code: str, message: str) -> Response:
    return Response(error_body(status_code, code, message), status=status_code)


def refusal_response(exc: ApplicationError) -> Response:
    """A service's refusal as the API's JSON error, with the refusal's status and code, and
    `Retry-After` for the refusals that end by themselves (rate limits, outages)."""
    response = json_error(exc.status, exc.code, exc.message)
    seconds = retry_after(exc)
    if seconds is not None:
        response["Retry-After"] = str(seconds)
    return response


__all__ = [
    "JSONParser",
    "Pagination",
    "error_body",
    "exception_handler",
    "json_error",
    "refusal_response",
    "status",
]
