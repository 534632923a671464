"""Harvesting partner registers: all or nothing, keyed by source URL + source id."""

import datetime
import logging

import httpx
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.services import audit_record
from register.exports import DATE_FIELDS, EXPORT_FIELDS
from register.models import (
    AISystem,
    AISystemVersion,
    AuditAction,
    CharterAssessment,
    CharterPrinciple,
    CharterRating,
    RemoteRegister,
    VersionState,
)

logger = logging.getLogger(__name__)


class HarvestError(Exception):
    pass


def fetch_export(url: str) -> dict:
    try:
        with httpx.Client(
            timeout=settings.REGISTER_HARVEST_TIMEOUT, follow_redirects=True
        ) as client:
            response = client.get(url, headers={"Accept": "application/json"})
    except httpx.HTTPError as exc:
        raise HarvestError(f"Unreachable: {exc.__class__.__name__}: {exc}") from exc
    if response.status_code != 200:
        raise HarvestError(f"HTTP {response.status_code} from the partner")
    if len(response.content) > settings.REGISTER_HARVEST_MAX_BYTES:
        raise HarvestError("The export is too large")
    try:
        return response.json()
    except ValueError as exc:
        raise HarvestError(f"Not JSON: {exc}") from exc


def _parse_record(record) -> tuple[str, str, dict, list[dict], dict]:
    if not isinstance(record, dict):
        raise HarvestError("A record is not an object")
    source_id = record.get("id")
    slug = record.get("slug")
    if (
        not isinstance(source_id, str)
        or not source_id.strip()
        or len(source_id) > 120
        or "\x00" in source_id
    ):
        raise HarvestError("A record has no valid id")
    if not isinstance(slug, str) or not slugify(slug):
        raise HarvestError(f"Record {source_id[:40]} has no valid slug")
    values: dict = {}
    for name in EXPORT_FIELDS:
        value = record.get(name)
        field = AISystemVersion._meta.get_field(name)
        if name in DATE_FIELDS:
            if value in (None, ""):
                value = None
            else:
                try:
                    value = datetime.date.fromisoformat(str(value))
                except ValueError as exc:
                    raise HarvestError(f"Record {source_id[:40]}: bad date in {name}") from exc
        elif name in ("risk_reasons",):
            value = value if isinstance(value, list) else []
            value = [str(v) for v in value]
        elif name == "blank_reasons":
            value = value if isinstance(value, dict) else {}
            value = {str(k): str(v) for k, v in value.items()}
        elif name == "decisions_per_year":
            if value in (None, ""):
                value = None
            elif not isinstance(value, int) or value < 0:
                raise HarvestError(f"Record {source_id[:40]}: bad {name}")
        else:
            if value is None:
                value = field.default if isinstance(field.default, str) else ""
            if not isinstance(value, str):
                raise HarvestError(f"Record {source_id[:40]}: {name} must be text")
            if "\x00" in value:
                raise HarvestError(f"Record {source_id[:40]}: NUL character in {name}")
        values[name] = value
    charter = []
    for row in record.get("charter_assessment") or []:
        if (
            not isinstance(row, dict)
            or row.get("principle") not in CharterPrinciple.values
            or row.get("rating") not in CharterRating.values
        ):
            raise HarvestError(f"Record {source_id[:40]}: bad charter assessment")
        charter.append(
            {
                "principle": row["principle"],
                "rating": row["rating"],
                "justification": str(row.get("justification") or ""),
            }
        )
    meta = {
        "version": record.get("version") if isinstance(record.get("version"), int) else 1,
        "url": record.get("url") if isinstance(record.get("url"), str) else "",
        "last_changed": record.get("last_changed"),
        "first_published": record.get("first_published"),
    }
    return source_id.strip(), slugify(slug)[:60], values, charter, meta


def _parse_datetime(value):
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def remote_register_import(*, remote: RemoteRegister, payload) -> int:
    """Apply a whole export inside one transaction; any bad record aborts everything."""
    if not isinstance(payload, dict) or not isinstance(payload.get("systems"), list):
        raise HarvestError('The export has no "systems" list')
    parsed = [_parse_record(r) for r in payload["systems"]]
    ids = [p[0] for p in parsed]
    if len(set(ids)) != len(ids):
        raise HarvestError("Two records share the same id")
    now = timezone.now()
    prefix = slugify(remote.name)[:40] or f"partner-{remote.pk}"
    with transaction.atomic():
        existing = {
            s.source_id: s
            for s in AISystem.objects.filter(
                remote=remote, source_url=remote.export_url
            ).select_related("published_version")
        }
        for source_id, slug, values, charter, meta in parsed:
            system = existing.get(source_id)
            if system is None:
                base = f"{prefix}-{slug}"
                candidate, n = base, 2
                while AISystem.objects.filter(slug=candidate).exists():
                    candidate = f"{base}-{n}"
                    n += 1
                system = AISystem.objects.create(
                    slug=candidate,
                    remote=remote,
                    source_url=remote.export_url,
                    source_id=source_id,
                    first_published_at=_parse_datetime(meta["first_published"]) or now,
                )
            version = system.published_version or AISystemVersion(system=system, number=1)
            for name, value in values.items():
                setattr(version, name, value)
            version.state = VersionState.PUBLISHED
            version.number = max(1, meta["version"] or 1)
            version.published_at = _parse_datetime(meta["last_changed"]) or now
            try:
                version.full_clean(exclude=["system", "number"])
            except ValidationError as exc:
                raise HarvestError(f"Record {source_id[:40]}: {exc.messages[:3]}") from exc
            version.save()
            version.charter_assessments.all().delete()
            CharterAssessment.objects.bulk_create(
                [CharterAssessment(version=version, **row) for row in charter]
            )
            system.published_version = version
            system.withdrawn_at = None
            system.source_page_url = meta["url"][:500]
            system.save(update_fields=["published_version", "withdrawn_at", "source_page_url"])
        AISystem.objects.filter(remote=remote, withdrawn_at__isnull=True).exclude(
            source_id__in=ids
        ).update(withdrawn_at=now)
        remote.last_harvest_at = now
        remote.last_success_at = now
        remote.last_error = ""
        remote.entries_count = len(parsed)
        remote.save(
            update_fields=["last_harvest_at", "last_success_at", "last_error", "entries_count"]
        )
        audit_record(
            actor=None,
            action=AuditAction.PARTNER_HARVEST,
            target_type=RemoteRegister,
            target_id=remote.pk,
            summary=f"{remote.name}: {len(parsed)}",
        )
    return len(parsed)


def remote_register_harvest(*, remote: RemoteRegister) -> int:
    """Fetch and import; on failure nothing changes except the error noted on the partner."""
    try:
        payload = fetch_export(remote.export_url)
        return remote_register_import(remote=remote, payload=payload)
    except HarvestError as exc:
        RemoteRegister.objects.filter(pk=remote.pk).update(
            last_harvest_at=timezone.now(), last_error=str(exc)[:2000]
        )
        remote.refresh_from_db()
        logger.warning("Harvest of partner register %s failed", remote.pk)
        raise


def remote_register_harvest_by_id(*, remote_id: int) -> int:
    """The harvest task's entry point: entries imported, 0 for a partner gone or a failed
    harvest (the error is noted on the partner)."""
    remote = RemoteRegister.objects.filter(pk=remote_id).first()
    if remote is None:
        return 0
    try:
        return remote_register_harvest(remote=remote)
    except HarvestError:
        return 0


def remote_registers_active_ids() -> list[int]:
    return list(RemoteRegister.objects.filter(active=True).values_list("pk", flat=True))
