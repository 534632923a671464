"""Harvesting partner exports, one mechanism for everything a partner city publishes.

The register's records and the library's cases are harvested the same way:
- the export is fetched over HTTP with a time limit for the whole download and a size limit
  enforced while reading (an oversized export is refused before it fills memory);
- every entry is parsed and checked before anything is written, then the whole export is
  applied in one transaction: one bad entry and nothing changes (all or nothing);
- entries are keyed by (source URL, source id): a later harvest updates in place and never
  duplicates; an entry the partner no longer publishes is marked withdrawn (and comes back
  if it reappears);
- a failure is recorded on the partner's feed (its `record_failure`), never raised as a 500.

An app describes one feed with a `Feed`: what to read and how to store one entry. `core`
imports no app: the app passes its querysets and callables.
"""

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)


class HarvestError(Exception):
    """A partner's export could not be harvested; the message is recorded on the partner."""


def fetch_json(url: str, *, timeout: float, max_bytes: int) -> Any:
    """The decoded JSON at `url`: at most `max_bytes` read, within `timeout` seconds in all."""
    deadline = time.monotonic() + timeout
    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=True) as client,
            client.stream("GET", url, headers={"Accept": "application/json"}) as response,
        ):
            if response.status_code != 200:
                raise HarvestError(f"HTTP {response.status_code} from the partner")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise HarvestError("The export is too large")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise HarvestError("The export is too large")
                if time.monotonic() > deadline:
                    raise HarvestError("The export took too long to download")
                chunks.append(chunk)
    except httpx.HTTPError as exc:
        raise HarvestError(f"Unreachable: {exc.__class__.__name__}: {exc}") from exc
    try:
        return json.loads(b"".join(chunks))
    except ValueError as exc:
        raise HarvestError(f"Not JSON: {exc}") from exc


def source_id_check(value: Any) -> str:
    """A partner's id of one entry: non-empty text of at most 120 characters, no NUL."""
    if not isinstance(value, str) or not value.strip() or len(value) > 120 or "\x00" in value:
        raise HarvestError("An entry has no valid id")
    return value.strip()


@dataclass
class Feed:
    """One export of one partner and how its entries are stored here.

    - `entries`: the entries already harvested from this feed (a queryset of a model with
      `source_id` and `withdrawn_at`), keyed by source id;
    - `parse(raw) -> (source_id, parsed)`: checks one raw entry, raises HarvestError;
    - `store(existing_or_None, parsed, now)`: creates or updates one entry (may raise
      HarvestError, which rolls everything back);
    - `record_success(count, now)` / `record_failure(message, now)`: the partner's state.
    """

    name: str
    url: str
    list_key: str
    entries: QuerySet
    parse: Callable[[Any], tuple[str, Any]]
    store: Callable[[Any, Any, Any], Any] | None
    record_success: Callable[[int, Any], None]
    record_failure: Callable[[str, Any], None]
    timeout: float
    max_bytes: int
    after_import: Callable[[int], None] | None = None
    # Stores every entry at once (bulk writes) instead of `store` one by one: called with
    # [(existing_or_None, parsed), ...] and now.
    store_many: Callable[[list, Any], None] | None = None


def feed_import(*, feed: Feed, payload: Any) -> int:
    """Apply a whole export inside one transaction; any bad entry aborts everything."""
    if not isinstance(payload, dict) or not isinstance(payload.get(feed.list_key), list):
        raise HarvestError(f'The export has no "{feed.list_key}" list')
    parsed = [feed.parse(raw) for raw in payload[feed.list_key]]
    ids = [source_id for source_id, _entry in parsed]
    if len(set(ids)) != len(ids):
        raise HarvestError("Two entries share the same id")
    now = timezone.now()
    with transaction.atomic():
        existing = {entry.source_id: entry for entry in feed.entries}
        if feed.store_many is not None:
            feed.store_many([(existing.get(source_id), entry) for source_id, entry in parsed], now)
        else:
            for source_id, entry in parsed:
                feed.store(existing.get(source_id), entry, now)
        feed.entries.filter(withdrawn_at__isnull=True).exclude(source_id__in=ids).update(
            withdrawn_at=now
        )
        feed.record_success(len(parsed), now)
        if feed.after_import is not None:
            feed.after_import(len(parsed))
    return len(parsed)


def feed_harvest(*, feed: Feed) -> int:
    """Fetch and import; on failure nothing changes except the error noted on the partner."""
    try:
        payload = fetch_json(feed.url, timeout=feed.timeout, max_bytes=feed.max_bytes)
        return feed_import(feed=feed, payload=payload)
    except HarvestError as exc:
        feed.record_failure(str(exc)[:2000], timezone.now())
        logger.warning("Harvest of partner feed %s failed", feed.name)
        raise
