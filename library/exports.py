"""The library's open data: library.json (the harvest format, versioned JSON Schema in
library/schema/), JSON-LD, CSV and an Atom feed of changes. Only the city's own cases are
exported: a partner's cases are theirs to publish."""

import csv
import io
import json
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from library.models import LibraryCase

STANDARD = "ia-commune-library"
STANDARD_VERSION = "1.0"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / f"library-{STANDARD_VERSION}.schema.json"


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def case_export(case: LibraryCase, *, base_url: str) -> dict:
    """One case in the harvest format (`lessons` must be prefetched)."""
    return {
        "id": case.source_id or f"use-case-{case.use_case_id}",
        "url": base_url + case.get_absolute_url(),
        **{name: getattr(case, name) for name in LibraryCase.DOSSIER_FIELDS},
        "theme": case.theme,
        "consultation": {
            "title": case.consultation_title,
            "ballots": case.ballots,
            "merit_profile": case.merit_profile,
            "median_grade": case.median_grade,
            "rank": case.rank,
        },
        "outcome": case.outcome,
        "decision": {
            "justification": case.decision_justification,
            "decided_at": _iso(case.decided_at),
            "decided_by": case.decided_by,
        }
        if case.decided_at
        else None,
        "commitments": case.commitments,
        "register_record": {
            "name": case.register_name,
            "url": (base_url + case.register_url)
            if case.register_url.startswith("/")
            else case.register_url,
            "status": case.register_status,
            "risk_level": case.risk_level,
        }
        if case.register_name
        else None,
        "lessons": [
            {
                "author": lesson.author_name,
                "what_worked": lesson.what_worked,
                "costs": lesson.costs,
                "energy": lesson.energy,
                "incidents": lesson.incidents,
                "staff_opinion": lesson.staff_opinion,
                "written_at": lesson.created_at.isoformat(),
            }
            for lesson in case.lessons.all()
        ],
        "updated_at": case.updated_at.isoformat(),
    }


def library_export(*, cases) -> dict:
    """The whole export; URLs are absolute (SITE_URL) and language-neutral (French default)."""
    base_url = settings.SITE_URL
    with translation.override(None):
        return {
            "standard": STANDARD,
            "standard_version": STANDARD_VERSION,
            "schema": base_url + reverse("library:schema"),
            "publisher": settings.LIBRARY_PUBLISHER,
            "generated_at": timezone.now().isoformat(),
            "cases": [case_export(case, base_url=base_url) for case in cases],
        }


def library_jsonld(*, export: dict) -> dict:
    """schema.org reading of the export: a DataCatalog of CreativeWork entries."""
    return {
        "@context": "https://schema.org",
        "@type": "DataCatalog",
        "name": f"{export['publisher']} — AI use-case library",
        "publisher": {"@type": "GovernmentOrganization", "name": export["publisher"]},
        "dateModified": export["generated_at"],
        "dataset": [
            {
                "@type": "CreativeWork",
                "@id": case["url"],
                "url": case["url"],
                "name": case["title"],
                "abstract": case["summary"],
                "dateModified": case["updated_at"],
                "keywords": [k for k in (case["theme"], case["outcome"]) if k],
                "creativeWorkStatus": case["outcome"],
            }
            for case in export["cases"]
        ],
    }


CSV_COLUMNS = [
    "id",
    "url",
    "title",
    "summary",
    "department",
    "theme",
    "outcome",
    "ballots",
    "median_grade",
    "rank",
    "commitments_total",
    "commitments_kept",
    "register_status",
    "risk_level",
    "lessons",
    "updated_at",
]


def library_csv(*, export: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for case in export["cases"]:
        record = case["register_record"] or {}
        writer.writerow(
            _csv_cell(value)
            for value in [
                case["id"],
                case["url"],
                case["title"],
                case["summary"],
                case["department"],
                case["theme"],
                case["outcome"],
                case["consultation"]["ballots"],
                case["consultation"]["median_grade"],
                case["consultation"]["rank"] or "",
                len(case["commitments"]),
                sum(1 for c in case["commitments"] if c["status"] == "kept"),
                record.get("status", ""),
                record.get("risk_level", ""),
                len(case["lessons"]),
                case["updated_at"],
            ]
        )
    return out.getvalue()


def _csv_cell(value) -> str:
    text = "" if value is None else str(value)
    # Spreadsheet formula injection: a cell never starts with a formula character.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text
