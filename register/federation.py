"""Harvesting partner registers through the one federation mechanism (core/federation.py):
all or nothing, keyed by source URL + source id. `HarvestError` is re-exported here."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from accounts.services import audit_record
from core.federation import Feed, HarvestError, feed_harvest, feed_import, source_id_check
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
from register.public_cache import register_changed


def _parse_record(record) -> tuple[str, str, dict, list[dict], dict]:
    if not isinstance(record, dict):
        raise HarvestError("A record is not an object")
    source_id = source_id_check(record.get("id"))
    slug = record.get("slug")
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
    return source_id, slugify(slug)[:60], values, charter, meta


def _parse_keyed(record) -> tuple[str, tuple]:
    parsed = _parse_record(record)
    return parsed[0], parsed


def _parse_datetime(value):
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _store(remote: RemoteRegister, prefix: str):
    def store(system: AISystem | None, parsed, now) -> AISystem:
        source_id, slug, values, charter, meta = parsed
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
        return system

    return store


def _register_feed(remote: RemoteRegister) -> Feed:
    """The partner's register export as a `core.federation.Feed`."""

    def record_success(count: int, now) -> None:
        remote.last_harvest_at = now
        remote.last_success_at = now
        remote.last_error = ""
        remote.entries_count = count
        remote.save(
            update_fields=["last_harvest_at", "last_success_at", "last_error", "entries_count"]
        )

    def record_failure(message: str, now) -> None:
        RemoteRegister.objects.filter(pk=remote.pk).update(last_harvest_at=now, last_error=message)
        remote.refresh_from_db()

    def after_import(count: int) -> None:
        # Entries no longer published were marked withdrawn by a bulk update (no signal).
        register_changed()
        audit_record(
            actor=None,
            action=AuditAction.PARTNER_HARVEST,
            target_type=RemoteRegister,
            target_id=remote.pk,
            summary=f"{remote.name}: {count}",
        )

    return Feed(
        name=f"register:{remote.pk}",
        url=remote.export_url,
        list_key="systems",
        entries=AISystem.objects.filter(remote=remote, source_url=remote.export_url)
        .select_related("published_version")
        .order_by("pk"),
        parse=_parse_keyed,
        store=_store(remote, slugify(remote.name)[:40] or f"partner-{remote.pk}"),
        record_success=record_success,
        record_failure=record_failure,
        timeout=settings.REGISTER_HARVEST_TIMEOUT,
        max_bytes=settings.REGISTER_HARVEST_MAX_BYTES,
        after_import=after_import,
    )


def remote_register_import(*, remote: RemoteRegister, payload) -> int:
    """Apply a whole export inside one transaction; any bad record aborts everything."""
    return feed_import(feed=_register_feed(remote), payload=payload)


def remote_register_harvest(*, remote: RemoteRegister) -> int:
    """Fetch and import; on failure nothing changes except the error noted on the partner."""
    return feed_harvest(feed=_register_feed(remote))


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
