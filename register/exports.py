"""Open-data exports: JSON (also the harvest format partners read), CSV and DCAT-AP.

One serialisation for the JSON export, the API detail and the harvest, so they all say
the same thing about the same version.
"""

import csv
import datetime
import io
import json
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils import timezone, translation

from core.prepared import PreparedQuery
from dialogue.selectors import opinions_by_target, opinions_exported
from dialogue.targets import REGISTER_RECORD
from register.models import (
    STANDARD_VERSION,
    AISystem,
    AISystemVersion,
    DeploymentEvaluation,
    Incident,
)
from register.oversight import EVALUATION_FIELDS, evaluation_state, in_service_since

# Every published field of a record, in export order (dates as ISO strings).
EXPORT_FIELDS = [
    "name",
    "short_description",
    "organisation",
    "department",
    "contact",
    "status",
    "retirement_reason",
    "purpose",
    "expected_impact",
    "human_oversight",
    "automation_level",
    "legal_basis",
    "legal_links",
    "recourse_procedure",
    "risk_level",
    "annex_iii_point",
    "risk_reasons",
    "standard_version",
    "language",
    "begin_date",
    "end_date",
    "review_date",
    "theme",
    "proportionality",
    "alternatives_considered",
    "risks_mitigations",
    "dpia",
    "fria",
    "algorithmic_impact_assessment",
    "processing_record_url",
    "training_data",
    "live_data",
    "known_biases",
    "algorithm_type",
    "output_type",
    "technical_description",
    "performance_monitoring",
    "supplier",
    "supplier_role",
    "source_code_url",
    "licence",
    "transparency_limitations",
    "decisions_per_year",
    "people_affected",
    "energy_hosting",
    "ai_act_role",
    "eu_database_url",
    "transparency_notice",
    "blank_reasons",
]
DATE_FIELDS = {"begin_date", "end_date", "review_date"}


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _iso(value):
    return value.isoformat() if value else None


def _build(
    *,
    uuid,
    slug,
    url,
    number,
    first_published,
    last_changed,
    values: dict,
    charter,
    source=None,
    evaluations=None,
    staff_opinions=None,
    deployment_evaluations=None,
    incidents=None,
    today=None,
) -> dict:
    # An export passes one `today` for all its rows: the date is looked up once, not per row.
    today = today or timezone.localdate()
    record = {
        "id": str(uuid),
        "slug": slug,
        "url": url,
        "version": number,
        "first_published": _iso(first_published),
        "last_changed": _iso(last_changed),
    }
    for name in EXPORT_FIELDS:
        value = values[name]
        record[name] = _iso(value) if name in DATE_FIELDS else value
    # Computed from the review date on the day of the export (docs/register.md).
    record["review_overdue"] = review_overdue(
        review_date=values.get("review_date"), status=values.get("status"), today=today
    )
    record["charter_assessment"] = [
        {"principle": p, "rating": r, "justification": j} for p, r, j in sorted(charter)
    ]
    # Since 1.1: the latest measured result per model (the city's own golden sets).
    record["evaluations"] = evaluations or []
    # Since 1.2: the formal opinions of the city's staff bodies (dialogue), newest first.
    record["staff_opinions"] = staff_opinions or []
    # Since 1.3: the evaluations of the deployed system (newest first), where it stands in its
    # schedule per risk level, and its incidents in summary (no personal data).
    deployment_evaluations = deployment_evaluations or []
    record["deployment_evaluations"] = deployment_evaluations
    state = evaluation_state(
        risk_level=values.get("risk_level") or "",
        status="" if source else values.get("status") or "",
        last_evaluated_on=datetime.date.fromisoformat(deployment_evaluations[0]["evaluated_on"])
        if deployment_evaluations
        else None,
        in_service_since=in_service_since(values.get("begin_date"), first_published),
        today=today,
    )
    record["evaluation_schedule"] = state.as_export()
    record["evaluation_overdue"] = state.overdue
    record["incidents"] = incidents or []
    if source:
        record["source_url"], record["source_id"] = source
    return record


def review_overdue(*, review_date, status, today=None) -> bool:
    """The same rule as `AISystemVersion.review_overdue`, for rows read as plain values."""
    return bool(
        review_date and status != "retired" and review_date < (today or timezone.localdate())
    )


def _evaluation(row) -> dict:
    return {
        "model": row.model_alias,
        "label": row.label,
        "score": row.score,
        "passed": row.passed,
        "total": row.total,
        "evaluated_at": row.evaluated_at.isoformat(),
        "method": row.method,
    }


# A deployment evaluation as published: the version it evaluated, then what was recorded.
DEPLOYMENT_EVALUATION_COLUMNS = ("version_number", *EVALUATION_FIELDS)


def _deployment_evaluation(row: tuple) -> dict:
    """One evaluation, from its `DEPLOYMENT_EVALUATION_COLUMNS` values (dates as ISO strings,
    `cost_eur` as a float)."""
    version_number, *recorded = row
    values = dict(zip(EVALUATION_FIELDS, recorded, strict=True))
    record = {
        "evaluated_on": values.pop("evaluated_on").isoformat(),
        "period_start": values.pop("period_start").isoformat(),
        "version": version_number,
    }
    record.update(values)
    if record["cost_eur"] is not None:
        record["cost_eur"] = float(record["cost_eur"])
    return record


def _deployment_evaluations_by_system(systems) -> dict[int, list[dict]]:
    """Every evaluation of each system, newest first (one query, plain values)."""
    out: dict[int, list[dict]] = {}
    for system_id, *row in (
        DeploymentEvaluation.objects.filter(system__in=systems)
        .order_by("system_id", "-evaluated_on", "-id")
        .values_list("system_id", *DEPLOYMENT_EVALUATION_COLUMNS)
    ):
        out.setdefault(system_id, []).append(_deployment_evaluation(row))
    return out


# The public columns of an incident (no internal notes, no personal data), in export order.
INCIDENT_PUBLIC_COLUMNS = (
    "kind",
    "severity",
    "aware_on",
    "status",
    "report_due_on",
    "reported_on",
    "summary",
    "closure_summary",
)


def _incident(row: tuple, *, today: datetime.date) -> dict:
    """An incident as published, from its `INCIDENT_PUBLIC_COLUMNS` values."""
    kind, severity, aware_on, status, report_due_on, reported_on, summary, closure_summary = row
    return {
        "kind": kind,
        "severity": severity,
        "aware_on": aware_on.isoformat(),
        "status": status,
        "report_due_on": _iso(report_due_on),
        "reported_on": _iso(reported_on),
        "report_overdue": Incident.report_overdue_on(
            report_due_on=report_due_on, reported_on=reported_on, today=today
        ),
        "summary": summary,
        "closure_summary": closure_summary,
    }


def _incidents_by_system(systems, *, today: datetime.date) -> dict[int, list[dict]]:
    """Every incident of each system, newest first (one query, plain values)."""
    out: dict[int, list[dict]] = {}
    for system_id, *row in (
        Incident.objects.filter(system__in=systems)
        .order_by("system_id", "-aware_on", "-id")
        .values_list("system_id", *INCIDENT_PUBLIC_COLUMNS)
    ):
        out.setdefault(system_id, []).append(_incident(row, today=today))
    return out


def system_evaluations(system: AISystem) -> list[dict]:
    """The latest measured result per model and label of one system, as exported."""
    return _evaluations_by_system([system.pk]).get(system.pk, [])


def _evaluations_by_system(systems) -> dict[int, list[dict]]:
    """The latest result per model and label for each system (one query)."""
    from register.models import SystemEvaluation

    latest: dict[int, dict[tuple[str, str], dict]] = {}
    for row in SystemEvaluation.objects.filter(system__in=systems).order_by(
        "system_id", "-evaluated_at"
    ):
        latest.setdefault(row.system_id, {}).setdefault(
            (row.model_alias, row.label), _evaluation(row)
        )
    return {
        pk: sorted(rows.values(), key=lambda e: (e["model"], e["label"]))
        for pk, rows in latest.items()
    }


def system_staff_opinions(system: AISystem) -> list[dict]:
    """The staff bodies' opinions on one record, as exported ([] for a partner's entry)."""
    return [] if system.remote_id else _staff_opinions(system.slug)


def _staff_opinions(slug: str) -> list[dict]:
    """The staff bodies' opinions on one city record (partners' records have none here)."""
    return opinions_exported(kind=REGISTER_RECORD, ref=slug)


_base_urls: dict[tuple, str] = {}


def _records_base_url() -> str:
    """The records' base URL, in the site's default language, reversed once per site URL and
    URL configuration (not under a translation override on every request)."""
    key = (settings.SITE_URL, settings.ROOT_URLCONF, get_script_prefix())
    url = _base_urls.get(key)
    if url is None:
        with translation.override(None):
            url = _base_urls[key] = absolute(reverse("register:index"))
    return url


def system_record(
    system: AISystem,
    version: AISystemVersion,
    charter: Iterable | None = None,
    evaluations: list[dict] | None = None,
    staff_opinions: list[dict] | None = None,
    deployment_evaluations: list[dict] | None = None,
    incidents: list[dict] | None = None,
) -> dict:
    """One record as exported: stable id, slug, version metadata, every published field."""
    rows = charter if charter is not None else version.charter_assessments.all()
    return _build(
        uuid=system.uuid,
        slug=system.slug,
        url=f"{_records_base_url()}{system.slug}/",
        number=version.number,
        first_published=system.first_published_at,
        last_changed=version.published_at,
        values={name: getattr(version, name) for name in EXPORT_FIELDS},
        charter=[(c.principle, c.rating, c.justification) for c in rows],
        source=(system.source_url, system.source_id) if system.remote_id else None,
        evaluations=(
            _evaluations_by_system([system.pk]).get(system.pk, [])
            if evaluations is None
            else evaluations
        ),
        staff_opinions=system_staff_opinions(system) if staff_opinions is None else staff_opinions,
        deployment_evaluations=system_deployment_evaluations(system)
        if deployment_evaluations is None
        else deployment_evaluations,
        incidents=system_incidents(system) if incidents is None else incidents,
    )


def system_deployment_evaluations(system: AISystem) -> list[dict]:
    """Every evaluation of one city record as exported ([] for a partner's entry)."""
    return [] if system.remote_id else _deployment_evaluations_of(system.pk)


def system_incidents(system: AISystem) -> list[dict]:
    """One city record's incidents as published ([] for a partner's entry)."""
    return [] if system.remote_id else _incidents_of(system.pk)


def _published_record_query(slug):
    return (
        AISystem.objects.published()
        .filter(slug=slug)
        .order_by("pk")
        .values_list(
            "uuid",
            "slug",
            "first_published_at",
            "published_version_id",
            "published_version__number",
            "published_version__published_at",
            "remote_id",
            "source_url",
            "source_id",
            "pk",
            *[f"published_version__{name}" for name in EXPORT_FIELDS],
        )[:1]
    )


def _charter_query(version_id):
    from register.models import CharterAssessment

    return CharterAssessment.objects.filter(version_id=version_id).values_list(
        "principle", "rating", "justification"
    )


def _evaluations_query(system_id):
    from register.models import SystemEvaluation

    return (
        SystemEvaluation.objects.filter(system_id=system_id)
        .order_by("-evaluated_at")
        .values_list("model_alias", "label", "score", "passed", "total", "evaluated_at", "method")
    )


def _deployment_evaluations_query(system_id):
    return (
        DeploymentEvaluation.objects.filter(system_id=system_id)
        .order_by("-evaluated_on", "-id")
        .values_list(*DEPLOYMENT_EVALUATION_COLUMNS)
    )


def _incidents_query(system_id):
    return (
        Incident.objects.filter(system_id=system_id)
        .order_by("-aware_on", "-id")
        .values_list(*INCIDENT_PUBLIC_COLUMNS)
    )


# The API's hottest reads, compiled once per process (59 columns: compiling them cost more
# than running them).
_PUBLISHED_RECORD = PreparedQuery(_published_record_query, slug="\ufffe-slug")
_CHARTER = PreparedQuery(_charter_query, version_id=-7_341_005)
_EVALUATIONS = PreparedQuery(_evaluations_query, system_id=-7_341_006)
_DEPLOYMENT_EVALUATIONS = PreparedQuery(_deployment_evaluations_query, system_id=-7_341_007)
_INCIDENTS = PreparedQuery(_incidents_query, system_id=-7_341_008)


def _evaluations_of(system_id: int) -> list[dict]:
    """What `_evaluations_by_system` gives for one system, from the prepared query."""
    latest: dict[tuple[str, str], dict] = {}
    for model, label, score, passed, total, at, method in _EVALUATIONS.rows(system_id=system_id):
        latest.setdefault(
            (model, label),
            {
                "model": model,
                "label": label,
                "score": score,
                "passed": passed,
                "total": total,
                "evaluated_at": at.isoformat(),
                "method": method,
            },
        )
    return sorted(latest.values(), key=lambda e: (e["model"], e["label"]))


def _deployment_evaluations_of(system_id: int) -> list[dict]:
    """One system's evaluations, newest first, from the prepared query."""
    return [_deployment_evaluation(r) for r in _DEPLOYMENT_EVALUATIONS.rows(system_id=system_id)]


def _incidents_of(system_id: int, today: datetime.date | None = None) -> list[dict]:
    """One system's incidents as published, newest first, from the prepared query."""
    today = today or timezone.localdate()
    return [_incident(r, today=today) for r in _INCIDENTS.rows(system_id=system_id)]


def published_record(*, slug: str) -> dict | None:
    """The published record at `slug` (the city's or a partner's), as `system_record` gives it,
    read as plain values in six queries (the record, its charter rows, its model evaluations,
    the staff opinions, its deployment evaluations and incidents): no model instances on the
    API's hottest read."""
    rows = _PUBLISHED_RECORD.rows(slug=slug)
    if not rows:
        return None
    row = rows[0]
    charter = _CHARTER.rows(version_id=row[3])
    today = timezone.localdate()
    return _build(
        uuid=row[0],
        slug=row[1],
        url=f"{_records_base_url()}{row[1]}/",
        number=row[4],
        first_published=row[2],
        last_changed=row[5],
        values=dict(zip(EXPORT_FIELDS, row[10:], strict=True)),
        charter=list(charter),
        source=(row[7], row[8]) if row[6] else None,
        evaluations=_evaluations_of(row[9]),
        staff_opinions=_staff_opinions(row[1]) if not row[6] else [],
        deployment_evaluations=[] if row[6] else _deployment_evaluations_of(row[9]),
        incidents=[] if row[6] else _incidents_of(row[9], today),
        today=today,
    )


def published_city_systems():
    return (
        AISystem.objects.published()
        .city()
        .select_related("published_version")
        .prefetch_related("published_version__charter_assessments")
        .order_by("slug")
    )


def _export_rows(*, with_charter: bool = True) -> Iterator[dict]:
    """Every published city record, read as plain values (no model instances: 10,000+ rows)."""
    from register.models import CharterAssessment

    base = _records_base_url()
    systems = AISystem.objects.published().city()
    charter: dict[int, list] = {}
    if with_charter:
        for vid, p, r, j in CharterAssessment.objects.filter(
            version_id__in=systems.values("published_version_id")
        ).values_list("version_id", "principle", "rating", "justification"):
            charter.setdefault(vid, []).append((p, r, j))
    evaluations = _evaluations_by_system(systems)
    staff_opinions = opinions_by_target(kind=REGISTER_RECORD)
    deployment_evaluations = _deployment_evaluations_by_system(systems)
    today = timezone.localdate()  # one day for the whole export
    incidents = _incidents_by_system(systems, today=today)
    columns = [f"published_version__{name}" for name in EXPORT_FIELDS]
    rows = systems.order_by("slug").values_list(
        "pk",
        "uuid",
        "slug",
        "first_published_at",
        "published_version_id",
        "published_version__number",
        "published_version__published_at",
        *columns,
    )
    for row in rows.iterator(chunk_size=2000):
        pk, row = row[0], row[1:]
        yield _build(
            uuid=row[0],
            slug=row[1],
            url=f"{base}{row[1]}/",
            number=row[4],
            first_published=row[2],
            last_changed=row[5],
            values=dict(zip(EXPORT_FIELDS, row[6:], strict=True)),
            charter=charter.get(row[3], []),
            evaluations=evaluations.get(pk, []),
            staff_opinions=staff_opinions.get(row[1], []),
            deployment_evaluations=deployment_evaluations.get(pk, []),
            incidents=incidents.get(pk, []),
            today=today,
        )


def register_export(*, generated_at=None) -> dict:
    return {
        "standard_version": STANDARD_VERSION,
        "publisher": settings.REGISTER_PUBLISHER,
        "generated_at": (generated_at or timezone.now()).isoformat(),
        "systems": list(_export_rows()),
    }


CSV_FIELDS = [
    "id",
    "slug",
    "url",
    "version",
    "first_published",
    "last_changed",
    *EXPORT_FIELDS,
    "evaluations",  # since 1.1: JSON list, as in the JSON export
    "review_overdue",  # computed on the day of the export
    "staff_opinions",  # since 1.2: JSON list, as in the JSON export
    "deployment_evaluations",  # since 1.3: JSON list, as in the JSON export
    "evaluation_overdue",  # since 1.3: computed on the day of the export
    "evaluation_schedule",  # since 1.3: JSON object, as in the JSON export
    "incidents",  # since 1.3: JSON list, as in the JSON export
]


# One encoder for every JSON cell (`json.dumps` with options builds a new one per call).
_json_cell = json.JSONEncoder(ensure_ascii=False).encode
# Spreadsheet formula injection: a cell never starts with one of these.
_FORMULA_STARTS = frozenset(("=", "+", "-", "@", "\t", "\r"))


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if value.__class__ is not str:
        if isinstance(value, list | dict):
            return _json_cell(value) if value else ("[]" if isinstance(value, list) else "{}")
        value = str(value)
    return "'" + value if value[:1] in _FORMULA_STARTS else value


def register_csv_rows() -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return value

    writer.writerow(CSV_FIELDS)
    yield "\ufeff" + flush()
    # Plain rows and one base URL for the whole file (not a model instance and a reverse() per
    # row); a flush every 100 rows keeps the stream moving without a chunk per record.
    for n, record in enumerate(_export_rows(with_charter=False), start=1):
        writer.writerow([_csv_cell(record.get(name)) for name in CSV_FIELDS])
        if n % 100 == 0:
            yield flush()
    yield flush()


def dcat_catalog() -> dict:
    with translation.override(None):
        json_url = absolute(reverse("register:export_json"))
        csv_url = absolute(reverse("register:export_csv"))
        catalog_url = absolute(reverse("register:catalog"))
        page_url = absolute(reverse("register:index"))
    latest = (
        AISystem.objects.published()
        .city()
        .order_by("-published_version__published_at")
        .values_list("published_version__published_at", flat=True)
        .first()
    )
    publisher = {"@type": "foaf:Organization", "foaf:name": settings.REGISTER_PUBLISHER}
    modified = latest.isoformat() if latest else None

    def distribution(url: str, media: str, title: str) -> dict:
        return {
            "@id": url,
            "@type": "dcat:Distribution",
            "dct:title": title,
            "dcat:accessURL": {"@id": url},
            "dcat:downloadURL": {"@id": url},
            "dcat:mediaType": media,
            "dct:format": media,
            "dct:license": {"@id": "https://www.etalab.gouv.fr/licence-ouverte-open-licence"},
            "dct:conformsTo": STANDARD_VERSION,
        }

    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
        },
        "@id": catalog_url,
        "@type": "dcat:Catalog",
        "dct:title": f"Registre des systèmes d'IA — {settings.CITY_NAME}",
        "dct:description": "Catalogue DCAT-AP du registre public des systèmes d'IA de la collectivité.",
        "dct:publisher": publisher,
        "dct:language": "fr",
        "foaf:homepage": {"@id": page_url},
        "dct:modified": modified,
        "dcat:dataset": [
            {
                "@id": f"{page_url}#dataset",
                "@type": "dcat:Dataset",
                "dct:identifier": f"{page_url}#dataset",
                "dct:title": f"Registre des systèmes d'IA — {settings.CITY_NAME}",
                "dct:description": "Tous les systèmes d'intelligence artificielle et algorithmes "
                "publiés au registre, avec leur évaluation AI Act et au regard de la charte.",
                "dct:publisher": publisher,
                "dct:modified": modified,
                "dcat:keyword": [
                    "intelligence artificielle",
                    "algorithmes",
                    "AI Act",
                    "transparence",
                ],
                "dcat:theme": {
                    "@id": "http://publications.europa.eu/resource/authority/data-theme/GOVE"
                },
                "dcat:landingPage": {"@id": page_url},
                "dcat:contactPoint": {
                    "@type": "vcard:Organization",
                    "vcard:fn": settings.REGISTER_PUBLISHER,
                },
                "dct:accrualPeriodicity": {
                    "@id": "http://publications.europa.eu/resource/authority/frequency/CONT"
                },
                "dcat:distribution": [
                    distribution(json_url, "application/json", "Export JSON"),
                    distribution(csv_url, "text/csv", "Export CSV"),
                ],
            }
        ],
    }
