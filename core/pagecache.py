"""Whole responses of public read pages kept in the shared cache, with conditional GET.

A namespace (the register, for instance) has a *stamp* in the shared cache, replaced by every
write that changes what its public pages show (`stamp_renew`). A response is stored under the
stamp, the language, the day and the absolute URL with its query string: one write makes every
stored page of the namespace unreachable at once, without listing them, and the old entries
expire on their own. The stamp is random (after its time in milliseconds), so a cache emptied or
restarted never brings an older page back under a stamp used before.

Each response carries a weak `ETag` (derived from the same key) and a `Last-Modified` (the
stamp's time, or midnight when later: a page may depend on the day): a client that sends one
of them back gets a 304 for the cost of one cache read, before any database work.

Only what is the same for everyone may be shared: callers say so (`shared=False` renders the
page as usual, without storing it or answering 304).
"""

import hashlib
import secrets
import time
from collections.abc import Callable
from datetime import datetime
from datetime import time as dtime

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date


def _stamp_key(namespace: str) -> str:
    return f"pagecache:{namespace}:stamp"


def _new_stamp() -> str:
    return f"{time.time_ns() // 1_000_000}.{secrets.token_hex(6)}"


def stamp_get(namespace: str) -> str:
    key = _stamp_key(namespace)
    stamp = cache.get(key)
    if stamp is None:
        stamp = _new_stamp()
        if not cache.add(key, stamp, None):
            stamp = cache.get(key) or stamp
    return stamp


class _Renew:
    """The callback renewing a namespace's stamp once the transaction commits (one per
    transaction, however many rows it writes)."""

    def __init__(self, namespace: str):
        self.namespace = namespace

    def __call__(self) -> None:
        cache.set(_stamp_key(self.namespace), _new_stamp(), None)


_renewers: dict[str, _Renew] = {}


def stamp_renew(namespace: str) -> None:
    """What the namespace's public pages show has changed: renew its stamp now, and again once
    the current transaction commits (a page read between the two from the old data is stored
    under the intermediate stamp, which the second renewal makes unreachable)."""
    renew = _renewers.setdefault(namespace, _Renew(namespace))
    renew()
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        item[1] is renew for item in getattr(connection, "run_on_commit", [])
    ):
        return
    transaction.on_commit(renew)


def _last_modified(stamp: str) -> int:
    changed = int(stamp.split(".", 1)[0]) / 1000
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), dtime.min))
    return int(max(changed, midnight.timestamp()))


def cached_response(
    request: HttpRequest,
    *,
    namespace: str,
    render: Callable[[], HttpResponse],
    timeout: int,
    shared: bool = True,
    store: bool = True,
) -> HttpResponse:
    """The response `render()` gives, read from the shared cache when an identical request was
    answered since the namespace last changed. Only 200 responses without cookies are stored;
    with `store=False` (large exports, streamed) only the conditional GET applies."""
    if not shared or not timeout or request.method not in ("GET", "HEAD"):
        return render()
    stamp = stamp_get(namespace)
    language = translation.get_language() or ""
    day = timezone.localdate().isoformat()
    digest = hashlib.blake2b(
        f"{stamp}|{language}|{day}|{request.build_absolute_uri()}".encode(), digest_size=16
    ).hexdigest()
    etag = f'W/"{digest}"'
    last_modified = _last_modified(stamp)

    def headers(response: HttpResponse) -> HttpResponse:
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        # Stored by browsers and harvesters, asked again each time (304 when unchanged).
        patch_cache_control(response, no_cache=True)
        return response

    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return headers(not_modified)
    key = f"pagecache:{namespace}:{digest}"
    if store:
        hit = cache.get(key)
        if hit is not None:
            header_items, body = hit
            response = HttpResponse(body)
            for name, value in header_items:
                response[name] = value
            return headers(response)
    response = render()
    # A page that set a cookie or put a CSRF token in its form belongs to this visitor only (the
    # CSRF middleware sets its cookie after the view: the token's use is what tells).
    personal = bool(response.cookies) or request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
    if response.status_code == 200 and not personal:
        if store and not response.streaming:
            # The view's own headers (type, CORS...); the middleware adds the rest every time.
            cache.set(key, (list(response.items()), response.content), timeout)
        headers(response)
    return response
