"""Harvesting partner cities' libraries through the one federation mechanism
(core/federation.py), from the partner list the register keeps (a city is declared once).

An export is checked against the versioned JSON Schema (library/schema/) before anything is
written: one invalid case and nothing changes."""

import datetime
from functools import cache

from django.conf import settings
from django.utils import timezone
from jsonschema import Draft202012Validator

from accounts.services import audit_record
from core.federation import Feed, HarvestError, feed_harvest, feed_import
from library.exports import schema
from library.models import Lesson, LibraryCase, PartnerLibraryHarvest
from register.selectors import partner_get, partner_libraries

__all__ = ["HarvestError", "partner_library_harvest", "partner_library_import"]

AUDIT_ACTION = "library.partner_harvest"


@cache
def _case_validator() -> Draft202012Validator:
    full = schema()
    return Draft202012Validator({**full["$defs"]["case"], "$defs": full["$defs"]})


def _datetime(value) -> datetime.datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _parse(raw) -> tuple[str, dict]:
    if not isinstance(raw, dict):
        raise HarvestError("A case is not an object")
    error = next(iter(_case_validator().iter_errors(raw)), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "case"
        ident = raw.get("id") if isinstance(raw.get("id"), str) else "?"
        raise HarvestError(f"Case {ident[:40]}: {where}: {error.message[:200]}")
    return raw["id"].strip(), raw


def _commitments(raw: list) -> list[dict]:
    return [
        {
            "text": c["text"],
            "deadline": c.get("deadline"),
            "status": c["status"],
            "done_at": c.get("done_at"),
        }
        for c in raw
    ]


def _case_fill(case: LibraryCase, raw: dict, partner: dict, now) -> LibraryCase:
    case.city = partner["name"]
    case.source_page_url = raw["url"]
    for name in LibraryCase.DOSSIER_FIELDS:
        setattr(case, name, raw.get(name) or "")
    case.theme = raw.get("theme") or ""
    vote = raw.get("consultation") or {}
    case.consultation_title = vote.get("title") or ""
    case.ballots = vote.get("ballots") or 0
    case.merit_profile = vote.get("merit_profile") or {}
    case.median_grade = vote.get("median_grade") or ""
    case.rank = vote.get("rank")
    case.outcome = raw["outcome"]
    decision = raw.get("decision") or {}
    case.decision_justification = decision.get("justification") or ""
    case.decided_at = _datetime(decision.get("decided_at"))
    case.decided_by = decision.get("decided_by") or ""
    case.commitments = _commitments(raw.get("commitments") or [])
    case.commitments_total = len(case.commitments)
    case.commitments_kept = sum(1 for c in case.commitments if c["status"] == "kept")
    record = raw.get("register_record") or {}
    case.register_name = record.get("name") or ""
    case.register_url = record.get("url") or ""
    case.register_status = record.get("status") or ""
    case.risk_level = record.get("risk_level") or ""
    case.updated_at = _datetime(raw["updated_at"]) or now
    case.withdrawn_at = None
    case.search_text = case.search_text_compute()
    return case


UPDATED_FIELDS = [
    f.name
    for f in LibraryCase._meta.concrete_fields
    if f.name not in ("id", "partner", "use_case_id", "source_url", "source_id")
]


def _store_many(partner: dict):
    """Every case of the export in a few bulk queries: new cases inserted, known ones updated
    in place, their lessons replaced."""

    def store_many(pairs: list, now) -> None:
        new, known = [], []
        for case, raw in pairs:
            if case is None:
                case = LibraryCase(
                    partner_id=partner["pk"],
                    source_url=partner["library_url"],
                    source_id=raw["id"],
                )
                new.append((_case_fill(case, raw, partner, now), raw))
            else:
                known.append((_case_fill(case, raw, partner, now), raw))
        LibraryCase.objects.bulk_update([c for c, _raw in known], UPDATED_FIELDS, batch_size=500)
        Lesson.objects.filter(case__in=[c.pk for c, _raw in known]).delete()
        LibraryCase.objects.bulk_create([c for c, _raw in new], batch_size=500)
        Lesson.objects.bulk_create(
            [
                Lesson(
                    case=case,
                    author_name=lesson.get("author") or "",
                    what_worked=lesson["what_worked"],
                    costs=lesson.get("costs") or "",
                    energy=lesson.get("energy") or "",
                    incidents=lesson.get("incidents") or "",
                    staff_opinion=lesson.get("staff_opinion") or "",
                    created_at=_datetime(lesson.get("written_at")) or now,
                )
                for case, raw in known + new
                for lesson in raw.get("lessons") or []
            ],
            batch_size=1000,
        )

    return store_many


def _feed(partner: dict) -> Feed:
    state, _created = PartnerLibraryHarvest.objects.get_or_create(partner_id=partner["pk"])

    def record_success(count: int, now) -> None:
        state.last_harvest_at = state.last_success_at = now
        state.last_error = ""
        state.entries_count = count
        state.save()

    def record_failure(message: str, now) -> None:
        PartnerLibraryHarvest.objects.filter(pk=state.pk).update(
            last_harvest_at=now, last_error=message
        )
        state.refresh_from_db()

    def after_import(count: int) -> None:
        audit_record(
            actor=None,
            action=AUDIT_ACTION,
            target_type=PartnerLibraryHarvest,
            target_id=state.pk,
            summary=f"{partner['name']}: {count}",
        )

    return Feed(
        name=f"library:{partner['pk']}",
        url=partner["library_url"],
        list_key="cases",
        entries=LibraryCase.objects.filter(
            partner_id=partner["pk"], source_url=partner["library_url"]
        ).order_by("pk"),
        parse=_parse,
        store=None,
        store_many=_store_many(partner),
        record_success=record_success,
        record_failure=record_failure,
        timeout=settings.LIBRARY_HARVEST_TIMEOUT,
        max_bytes=settings.LIBRARY_HARVEST_MAX_BYTES,
        after_import=after_import,
    )


def _partner(partner_id: int) -> dict:
    partner = partner_get(pk=partner_id)
    if partner is None or not partner["library_url"]:
        raise HarvestError("This partner publishes no library")
    return partner


def partner_library_import(*, partner_id: int, payload) -> int:
    """Apply a whole library export of a partner (all or nothing)."""
    return feed_import(feed=_feed(_partner(partner_id)), payload=payload)


def partner_library_harvest(*, partner_id: int) -> int:
    """Fetch and import; on failure the error is recorded and the previous cases are kept."""
    return feed_harvest(feed=_feed(_partner(partner_id)))


def partner_library_harvest_by_id(*, partner_id: int) -> int:
    """The task's entry point: cases imported, 0 on failure (recorded on the partner)."""
    try:
        return partner_library_harvest(partner_id=partner_id)
    except HarvestError:
        return 0


def partner_libraries_ids() -> list[int]:
    return [partner["pk"] for partner in partner_libraries()]
