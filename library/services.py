"""Writes of the library: the copy of the city's own cases, lessons learned, reuse."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record
from consultation import selectors as consultation_selectors
from consultation import services as consultation_services
from core.errors import InvalidInput, NotAllowed
from library import policies
from library.models import Lesson, LibraryCase, Outcome
from register.selectors import system_public_summaries

OWN_CASE_ID_PREFIX = "use-case-"


def _own_values(row: dict, record: dict | None) -> dict:
    commitments = [
        {
            "text": c["text"],
            "deadline": c["deadline"].isoformat() if c["deadline"] else None,
            "status": c["status"],
            "done_at": c["done_at"].isoformat() if c["done_at"] else None,
            "progress": c.get("progress"),
        }
        for c in row["commitments"]
    ]
    dossier = row["dossier"]
    return {
        **{name: dossier.get(name) or "" for name in LibraryCase.DOSSIER_FIELDS},
        "source_id": f"{OWN_CASE_ID_PREFIX}{row['use_case_id']}",
        "source_page_url": "",
        "theme": (record or {}).get("theme", ""),
        "consultation_title": row["consultation"][:200],
        "ballots": row["ballots"],
        "merit_profile": row["merit_profile"],
        "median_grade": row["median_grade"],
        "rank": row["rank"],
        "outcome": row["decision"] or Outcome.AWAITING,
        "decision_justification": row["decision_justification"],
        "decided_at": row["decided_at"],
        "decided_by": row["decided_by"],
        "commitments": commitments,
        "commitments_total": len(commitments),
        "commitments_kept": sum(1 for c in commitments if c["status"] == "kept"),
        "register_name": (record or {}).get("name", ""),
        "register_url": (record or {}).get("url", ""),
        "register_status": (record or {}).get("status", ""),
        "risk_level": (record or {}).get("risk_level", ""),
        "updated_at": row["updated_at"],
    }


@transaction.atomic
def library_own_cases_refresh(*, use_case_ids: list[int] | None = None) -> int:
    """Bring the copy of the city's own cases in step with the consultation and the register
    (all of them, or those of `use_case_ids`); a use case no longer eligible (hidden, not yet
    voted) leaves the library. Returns the number of own cases written."""
    rows = consultation_selectors.library_outcomes(use_case_ids=use_case_ids)
    records = system_public_summaries(slugs=[row["register_slug"] for row in rows])
    existing = {
        case.use_case_id: case
        for case in LibraryCase.objects.filter(partner__isnull=True).filter(
            **({"use_case_id__in": use_case_ids} if use_case_ids is not None else {})
        )
    }
    seen = set()
    for row in rows:
        values = _own_values(row, records.get(row["register_slug"]))
        case = existing.get(row["use_case_id"]) or LibraryCase(use_case_id=row["use_case_id"])
        for name, value in values.items():
            setattr(case, name, value)
        case.city = settings.LIBRARY_PUBLISHER
        case.withdrawn_at = None
        case.search_text = case.search_text_compute()
        case.save()
        seen.add(row["use_case_id"])
    gone = [pk for pk in existing if pk not in seen]
    LibraryCase.objects.filter(partner__isnull=True, use_case_id__in=gone).delete()
    return len(seen)


LESSON_FIELDS = ["what_worked", "costs", "energy", "incidents", "staff_opinion"]


@transaction.atomic
def lesson_add(*, author, case: LibraryCase, data: dict) -> Lesson:
    """An agent records lessons learned after deployment on one of the city's cases."""
    policies.lesson_write_check(user=author, case=case)
    values = {name: (data.get(name) or "").replace("\r\n", "\n").strip() for name in LESSON_FIELDS}
    if not values["what_worked"]:
        raise InvalidInput(_("Say what worked and what did not."))
    lesson = Lesson.objects.create(
        case=case, author=author, author_name=author.public_name[:160], **values
    )
    case.updated_at = timezone.now()
    case.save(update_fields=["updated_at"])
    audit_record(
        actor=author,
        action="library.lesson_added",
        target_type=LibraryCase,
        target_id=case.pk,
        summary=case.title,
    )
    return lesson


def case_reuse(*, agent, case: LibraryCase, source_url: str):
    """Seed a draft use case here from a library case, its provenance kept on the use case."""
    policies.agent_check(user=agent)
    if case.withdrawn_at is not None:
        raise NotAllowed(_("This case was withdrawn by its city."))
    return consultation_services.use_case_draft_from_library(
        agent=agent,
        dossier={name: getattr(case, name) for name in LibraryCase.DOSSIER_FIELDS},
        source_city=case.city,
        source_title=case.title,
        source_url=case.source_page_url or source_url,
    )
