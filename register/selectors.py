"""Reads on the register, shared by pages, the API, the observatory and other apps."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.aggregates import count_by_month
from core.diff import word_diff_ops, word_diff_ops_html
from core.text import text_normalise
from register.models import (
    SEARCH_CONFIG,
    AISystem,
    AISystemVersion,
    AlgorithmType,
    CharterAssessment,
    DeclarationStatus,
    DeploymentEvaluation,
    HiddenAlgorithmDeclaration,
    Incident,
    IncidentKind,
    IncidentStatus,
    RecourseRequest,
    RecourseStatus,
    RemoteRegister,
    RiskLevel,
    Status,
    Theme,
)
from register.oversight import (
    DEPLOYED_STATUSES,
    evaluation_state,
    in_service_since,
)
from register.oversight import system_evaluation_state as system_evaluation_state_of

# Filter parameter → (version field, allowed values or None for free text)
FILTERS = {
    "status": ("status", Status),
    "risk_level": ("risk_level", RiskLevel),
    "theme": ("theme", Theme),
    "algorithm_type": ("algorithm_type", AlgorithmType),
    "department": ("department", None),
}


class FilterError(ValueError):
    def __init__(self, errors: dict):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class SystemFilters:
    q: str = ""
    status: str = ""
    risk_level: str = ""
    theme: str = ""
    algorithm_type: str = ""
    department: str = ""

    def active(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v}


def parse_filters(params) -> SystemFilters:
    """Validate GET parameters; unknown values raise FilterError (→ 400 in the API)."""
    errors = {}
    values = {}
    q = (params.get("q") or "").replace("\x00", "").strip()
    if len(q) > 200:
        errors["q"] = _("The search text is limited to 200 characters.")
    values["q"] = q[:200]
    for name, (_field, choices) in FILTERS.items():
        value = (params.get(name) or "").replace("\x00", "").strip()
        if value and choices is not None and value not in choices.values:
            errors[name] = _("“%(value)s” is not one of: %(allowed)s.") % {
                "value": value[:50],
                "allowed": ", ".join(choices.values),
            }
        if name == "department" and len(value) > 200:
            errors[name] = _("Too long.")
        values[name] = value
    if errors:
        raise FilterError(errors)
    return SystemFilters(**values)


def _fts5_query(q: str) -> str:
    """Each word (up to 8) must begin a word of the record: `"word"*` terms, quoted so that no
    character a visitor types is read as FTS5 syntax."""
    words = [w for w in q.split()[:8] if any(c.isalnum() for c in w)]
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def _search_query(q: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(q, config=SEARCH_CONFIG, search_type="websearch")


def _matching(qs: QuerySet, q: str) -> QuerySet:
    """Systems whose published version matches `q`, read from the stored index
    (`SystemSearch`, kept in step by triggers): no text is scanned at query time."""
    if connection.vendor == "postgresql":
        return qs.filter(search__vector=_search_query(q))
    match = _fts5_query(q)
    if not match:
        return qs.none()
    return qs.filter(
        pk__in=RawSQL(
            "SELECT rowid FROM register_systemsearch_fts WHERE register_systemsearch_fts MATCH %s",
            [match],
        )
    )


def _search(qs: QuerySet, q: str) -> QuerySet:
    if not q:
        return qs.order_by("published_version__name", "pk")
    qs = _matching(qs, q)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchRank

        # The rank is computed for the matched rows only, once, by the page query.
        return qs.annotate(rank=SearchRank(F("search__vector"), _search_query(q))).order_by(
            "-rank", "published_version__name", "pk"
        )
    return qs.order_by("published_version__name", "pk")


def _apply_filters(qs: QuerySet, filters: SystemFilters, skip: str = "") -> QuerySet:
    for name, (field, _choices) in FILTERS.items():
        value = getattr(filters, name)
        if value and name != skip:
            qs = qs.filter(**{f"published_version__{field}": value})
    return qs


def systems_search(*, filters: SystemFilters, partners: bool = False) -> QuerySet:
    """Published systems matching the search and filters; the city's or the partners'."""
    qs = AISystem.objects.published()
    qs = qs.partners() if partners else qs.city()
    qs = _apply_filters(qs, filters)
    qs = _search(qs, filters.q)
    return qs.select_related("published_version", "remote").annotate(
        last_evaluated_on=_last_evaluated_on()
    )


def systems_facets(*, filters: SystemFilters) -> dict[str, list[dict]]:
    """Counts per filter value, each facet counted with the other filters applied."""
    base = AISystem.objects.published().city()
    facets = {}
    for name, (field, choices) in FILTERS.items():
        qs = _apply_filters(base, filters, skip=name)
        if filters.q:
            qs = _matching(qs, filters.q)
        rows = qs.values(key=F(f"published_version__{field}")).annotate(count=Count("pk"))
        counts = {row["key"]: row["count"] for row in rows if row["key"]}
        if choices is not None:
            items = [
                {"key": value, "label": label, "count": counts.get(value, 0)}
                for value, label in choices.choices
                if value
            ]
        else:
            items = [
                {"key": key, "label": key, "count": count} for key, count in sorted(counts.items())
            ]
        facets[name] = items
    return facets


def system_get_published(*, slug: str, details: bool = False) -> AISystem | None:
    """The published system at `slug`. With `details`, in two queries in all: its charter
    assessments come prefetched and `published_versions_count` is annotated (record page, API)."""
    qs = AISystem.objects.published().select_related("published_version", "remote")
    if details:
        qs = qs.annotate(last_evaluated_on=_last_evaluated_on())
        published = (
            AISystemVersion.objects.filter(system=OuterRef("pk"), published_at__isnull=False)
            .order_by()
            .values("system")
            .annotate(n=Count("pk"))
            .values("n")
        )
        qs = qs.annotate(published_versions_count=Subquery(published)).prefetch_related(
            Prefetch(
                "published_version__charter_assessments",
                queryset=CharterAssessment.objects.order_by("principle"),
            )
        )
    return qs.filter(slug=slug).first()


def system_public_url(*, uuid) -> str:
    """The public page of a record known by its stable id; "" while it is not published."""
    slug = AISystem.objects.published().filter(uuid=uuid).values_list("slug", flat=True).first()
    return reverse("register:detail", kwargs={"slug": slug}) if slug else ""


def system_published_versions(*, system: AISystem) -> QuerySet:
    return (
        system.versions.filter(published_at__isnull=False)
        .select_related("published_by", "created_by")
        .order_by("-number")
    )


# --- Diff ------------------------------------------------------------------------------------
DIFF_FIELDS = [
    name
    for name in AISystemVersion.content_field_names()
    if name not in {"risk_answers", "standard_version"}
]


def _display(version: AISystemVersion, name: str) -> str:
    field = AISystemVersion._meta.get_field(name)
    value = getattr(version, name)
    if value in (None, "", [], {}):
        return ""
    if field.choices:
        return str(getattr(version, f"get_{name}_display")())
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{k}: {v}" for k, v in sorted(value.items()))
    return text_normalise(str(value))


def version_diff(*, old: AISystemVersion, new: AISystemVersion) -> list[dict]:
    """Changed fields, each with word-level operations ([("equal"|"delete"|"insert", text)])
    and the same diff as escaped HTML (`html`)."""
    changes = []
    for name in DIFF_FIELDS:
        a, b = _display(old, name), _display(new, name)
        if a == b:
            continue
        ops = word_diff_ops(a, b)
        changes.append(
            {
                "name": name,
                "label": str(AISystemVersion._meta.get_field(name).verbose_name),
                "old": a,
                "new": b,
                "ops": ops,
                "html": word_diff_ops_html(ops),
            }
        )
    return changes


def charter_diff(*, old: AISystemVersion, new: AISystemVersion) -> list[dict]:
    before = {c.principle: c for c in old.charter_assessments.all()}
    after = {c.principle: c for c in new.charter_assessments.all()}
    rows = []
    for principle in sorted(set(before) | set(after)):
        a, b = before.get(principle), after.get(principle)
        if (
            a
            and b
            and a.rating == b.rating
            and text_normalise(a.justification) == text_normalise(b.justification)
        ):
            continue
        rows.append(
            {
                "principle": (a or b).get_principle_display(),
                "old": f"{a.get_rating_display()} — {a.justification}" if a else "",
                "new": f"{b.get_rating_display()} — {b.justification}" if b else "",
            }
        )
    return rows


# --- Recourse --------------------------------------------------------------------------------
def recourse_lookup(
    *, reference: str, email: str = "", postcode: str = ""
) -> RecourseRequest | None:
    """Both must match: the reference and either the email address or, for a request with a
    postal address (recorded at a counter), its postcode. One alone reveals nothing (same
    answer either way)."""
    reference = (reference or "").strip().upper()
    email = (email or "").strip().lower()
    postcode = "".join((postcode or "").split())
    if not reference or not (email or postcode):
        return None
    qs = RecourseRequest.objects.filter(reference=reference, purged_at__isnull=True)
    qs = qs.filter(email=email) if email else qs.filter(postcode=postcode)
    return qs.select_related("system__published_version").first()


def recourse_by_form_key(*, form_key) -> RecourseRequest | None:
    """The request a recourse form already filed (its one-time key), if any."""
    if not form_key:
        return None
    return RecourseRequest.objects.filter(form_key=form_key).first()


def recourse_queue(*, status: str = "", handler=None, system_slug: str = "", overdue: bool = False):
    qs = RecourseRequest.objects.select_related("system__published_version", "handler")
    if status:
        qs = qs.filter(status=status)
    if handler == "none":
        qs = qs.filter(handler__isnull=True)
    elif handler is not None:
        qs = qs.filter(handler=handler)
    if system_slug:
        qs = qs.filter(system__slug=system_slug)
    if overdue:
        qs = qs.filter(
            status__in=[RecourseStatus.RECEIVED, RecourseStatus.UNDER_REVIEW],
            due_date__lt=timezone.localdate(),
        )
    return qs.order_by("due_date", "created_at")


# --- Cross-app contracts (CONTRACTS.md) ------------------------------------------------------
def system_public_summary(*, slug: str) -> dict | None:
    system = (
        AISystem.objects.published()
        .city()
        .select_related("published_version")
        .filter(slug=slug)
        .first()
    )
    if system is None:
        return None
    version = system.published_version
    return {
        "id": str(system.uuid),
        "slug": system.slug,
        "name": version.name,
        "url": f"/register/{system.slug}/",
        "risk_level": version.risk_level,
        "risk_level_label": str(version.get_risk_level_display()) if version.risk_level else "",
        "status": version.status,
        "status_label": str(version.get_status_display()),
    }


def system_public_summaries(*, slugs: list[str]) -> dict[str, dict]:
    """{slug: summary} of the city's published records among `slugs`, in one query (the
    library shows each case's record: status, risk level, theme)."""
    systems = (
        AISystem.objects.published()
        .city()
        .select_related("published_version")
        .filter(slug__in=[s for s in slugs if s])
    )
    summaries = {}
    for system in systems:
        version = system.published_version
        summaries[system.slug] = {
            "id": str(system.uuid),
            "slug": system.slug,
            "name": version.name,
            "url": f"/register/{system.slug}/",
            "risk_level": version.risk_level,
            "status": version.status,
            "theme": version.theme,
        }
    return summaries


def register_theme_choices() -> list[tuple[str, str]]:
    return [(value, label) for value, label in Theme.choices if value]


def register_risk_level_choices() -> list[tuple[str, str]]:
    return list(RiskLevel.choices)


def register_status_choices() -> list[tuple[str, str]]:
    return list(Status.choices)


def system_link_choices() -> list[tuple[str, str]]:
    return list(
        AISystem.objects.published()
        .city()
        .order_by("published_version__name")
        .values_list("slug", "published_version__name")
    )


def _labelled(rows, choices=None) -> list[dict]:
    counts = {row["key"]: row["count"] for row in rows}
    if choices is not None:
        return [
            {"key": value, "label": str(label), "count": counts.get(value, 0)}
            for value, label in choices.choices
            if value
        ]
    return [{"key": k, "label": k, "count": c} for k, c in sorted(counts.items()) if k]


def register_indicators() -> dict:
    systems = AISystem.objects.published().city()
    by_field = {}
    for name in ("risk_level", "status", "department"):
        by_field[name] = list(
            systems.order_by()
            .values(key=F(f"published_version__{name}"))
            .annotate(count=Count("pk"))
        )
    published_by_month = count_by_month(systems, "first_published_at")
    today = timezone.localdate()
    requests = RecourseRequest.objects.all()
    stats = requests.aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        answered_on_time=Count(
            "pk", filter=Q(answered_at__isnull=False, answered_at__date__lte=F("due_date"))
        ),
        open=Count(
            "pk", filter=Q(status__in=[RecourseStatus.RECEIVED, RecourseStatus.UNDER_REVIEW])
        ),
        overdue_open=Count(
            "pk",
            filter=Q(
                status__in=[RecourseStatus.RECEIVED, RecourseStatus.UNDER_REVIEW],
                due_date__lt=today,
            ),
        ),
    )
    # Median without loading rows: order by delay and read the middle one or two.
    answered = requests.filter(answered_at__isnull=False).annotate(
        delay=F("answered_at") - F("created_at")
    )
    n = stats["answered"]
    median = None
    if n:
        start = (n - 1) // 2
        middle = list(
            answered.order_by("delay").values_list("delay", flat=True)[start : n // 2 + 1]
        )
        median = round(sum(d.total_seconds() for d in middle) / len(middle) / 86400, 1)
    stats["median_days_to_answer"] = median
    return {
        "systems_total": systems.count(),
        "by_risk_level": _labelled(by_field["risk_level"], RiskLevel),
        "by_status": _labelled(by_field["status"], Status),
        "by_department": _labelled(by_field["department"]),
        "published_by_month": published_by_month,
        "recourse": stats,
        "oversight": oversight_indicators(),
    }


def activity_recourse_requests(*, user, offset: int, limit: int) -> tuple[list[dict], int]:
    """My recourse requests (filed while logged in) and their status ("My activity")."""
    qs = (
        RecourseRequest.objects.filter(requester=user)
        .select_related("system__published_version")
        .order_by("-created_at", "-id")
    )
    rows = []
    for req in qs[offset : offset + limit]:
        version = req.system.published_version
        rows.append(
            {
                "title": _("Request %(reference)s about “%(system)s”")
                % {"reference": req.reference, "system": version.name if version else ""},
                "url": "",
                "status": req.get_status_display(),
                "date": req.created_at,
                "detail": _("Answer due by %(date)s.")
                % {"date": date_format(req.due_date, "DATE_FORMAT")}
                if req.status in (RecourseStatus.RECEIVED, RecourseStatus.UNDER_REVIEW)
                else "",
            }
        )
    return rows, qs.count()


def system_evaluations_latest(*, system) -> list:
    """The latest measured result per model and evaluated tool (public record), best first."""
    from register.models import SystemEvaluation

    latest: dict[tuple[str, str], SystemEvaluation] = {}
    for row in SystemEvaluation.objects.filter(system=system).order_by("-evaluated_at")[:100]:
        latest.setdefault((row.model_alias, row.label), row)
    return sorted(latest.values(), key=lambda r: (-r.score, r.model_alias))


# Public fields of a record version that the research dataset "register history" carries (no
# contact, no editor: a contact may be a person's address, editors are staff accounts).
RESEARCH_HISTORY_FIELDS = (
    "number",
    "published_at",
    "change_summary",
    "name",
    "organisation",
    "department",
    "status",
    "risk_level",
    "annex_iii_point",
    "automation_level",
    "algorithm_type",
    "theme",
    "begin_date",
    "end_date",
    "language",
)


def research_register_history():
    """Every published version of the city's own records (not harvested ones), oldest first:
    the public history as rows. An iterator of dicts."""
    return (
        AISystemVersion.objects.filter(published_at__isnull=False, system__remote__isnull=True)
        .order_by("system__uuid", "number")
        .values(*RESEARCH_HISTORY_FIELDS, system_uuid=F("system__uuid"), slug=F("system__slug"))
        .iterator(chunk_size=2000)
    )


def recourse_counter_systems():
    """The records a counter agent may record a request about: the city's published ones."""
    return (
        AISystem.objects.published()
        .city()
        .select_related("published_version")
        .order_by("published_version__name")
    )


def recourse_get(*, reference: str) -> RecourseRequest | None:
    return (
        RecourseRequest.objects.select_related("system__published_version", "recorded_by")
        .filter(reference=reference)
        .first()
    )


def partner_libraries() -> list[dict]:
    """Partner cities harvested automatically that publish a use-case library (the partner
    list is the register's: a city is declared once, with both export URLs)."""
    return list(
        RemoteRegister.objects.filter(active=True)
        .exclude(library_url="")
        .order_by("name")
        .values("pk", "name", "library_url")
    )


def partner_get_by_library_url(*, url: str) -> dict | None:
    return (
        RemoteRegister.objects.filter(library_url=url).values("pk", "name", "library_url").first()
    )


def partner_get(*, pk: int) -> dict | None:
    return RemoteRegister.objects.filter(pk=pk).values("pk", "name", "library_url").first()


# --- The city's own AI tools and the records other apps link to --------------------------------


def _record_links(system: AISystem) -> dict:
    name = system.published_version.name if system.published_version_id else system.slug
    return {
        "id": str(system.uuid),
        "slug": system.slug,
        "name": name,
        "url": reverse("register:detail", kwargs={"slug": system.slug}),
        "recourse_url": reverse("register:recourse", kwargs={"slug": system.slug}),
    }


def ai_tool_record(*, tool: str = "", uuid=None) -> dict | None:
    """The published record of one of the city's AI tools, by its tool key ("sandbox",
    "synthesis", "translation") or by its stable id (a workspace assistant's), with the links
    every output of the tool carries: the record and "ask for a human review" (the recourse
    form of that record). None when no record describes it."""
    qs = AISystem.objects.city().filter(withdrawn_at__isnull=True)
    if uuid:
        system = qs.filter(uuid=uuid).select_related("published_version").first()
    elif tool:
        system = qs.filter(tool_key=tool).select_related("published_version").first()
    else:
        return None
    if system is None:
        return None
    if system.published_version_id is None:
        # A record still in draft (a new assistant's): its draft page, for the agents who read
        # it; nobody can yet file a recourse request about it.
        latest = system.versions.order_by("-number").only("name").first()
        return {
            **_record_links(system),
            "name": latest.name if latest else system.slug,
            "url": reverse("register:draft", kwargs={"slug": system.slug}),
            "recourse_url": "",
            "is_draft": True,
        }
    return _record_links(system)


def system_record_state(*, slug: str) -> dict | None:
    """A city record, published or still a draft: what the consultation shows of the record an
    adopted use case opened (name, whether and when it was first published)."""
    if not slug:
        return None
    system = AISystem.objects.city().select_related("published_version").filter(slug=slug).first()
    if system is None:
        return None
    latest = system.versions.order_by("-number").only("name", "number", "state").first()
    return {
        **_record_links(system),
        "name": system.published_version.name
        if system.published_version_id
        else (latest.name if latest else system.slug),
        "published": system.published_version_id is not None,
        "first_published_at": system.first_published_at,
        "draft_url": reverse("register:draft", kwargs={"slug": system.slug}),
    }


def systems_governance_facts(*, slugs: list[str]) -> dict[str, dict]:
    """{slug: what the governance pipeline reads of a city record}, in three queries: the AI Act
    classification from the questionnaire (level, Annex III point, reasons, FRIA, EU database)
    and the charter assessment, from the published version, or the latest draft before the
    first publication; where a published record stands in its evaluation schedule.
    `published` says whether the public may read the record."""
    systems = list(
        AISystem.objects.city()
        .filter(slug__in=[s for s in slugs if s])
        .select_related("published_version")
    )
    latest_drafts = {
        v.system_id: v
        for v in AISystemVersion.objects.filter(
            system__in=[s for s in systems if not s.published_version_id]
        ).order_by("system_id", "number")
    }
    versions = {
        s.pk: s.published_version if s.published_version_id else latest_drafts.get(s.pk)
        for s in systems
    }
    charter: dict[int, dict[str, str]] = {}
    for version_id, principle, rating in CharterAssessment.objects.filter(
        version__in=[v for v in versions.values() if v is not None]
    ).values_list("version_id", "principle", "rating"):
        charter.setdefault(version_id, {})[principle] = rating
    published = [s for s in systems if s.published_version_id]
    last_evaluated = last_evaluations_by_system(systems=published) if published else {}
    out = {}
    for system in systems:
        version = versions.get(system.pk)
        if version is None:
            continue
        # Where a deployed record stands in its evaluation schedule (the pipeline's evaluation
        # stage reads it): None before the record is published.
        evaluation = (
            system_evaluation_state_of(system, last_evaluated_on=last_evaluated.get(system.pk))
            if system.published_version_id
            else None
        )
        out[system.slug] = {
            "slug": system.slug,
            "name": version.name,
            "url": reverse("register:detail", kwargs={"slug": system.slug}),
            "published": system.published_version_id is not None,
            "status": version.status,
            "status_label": str(version.get_status_display()),
            "risk_level": version.risk_level,
            "risk_level_label": str(version.get_risk_level_display()) if version.risk_level else "",
            "annex_iii_label": str(version.get_annex_iii_point_display())
            if version.annex_iii_point
            else "",
            "risk_reasons": [str(r) for r in version.risk_reasons or []],
            "fria": version.fria,
            "dpia": version.dpia,
            "eu_database_url": version.eu_database_url,
            "energy_hosting": version.energy_hosting,
            "charter": charter.get(version.pk, {}),
            "evaluation": evaluation,
        }
    return out


def system_records_published(*, slugs: list[str]) -> dict[str, object]:
    """{slug: first publication datetime} of the city records among `slugs` that were published."""
    return dict(
        AISystem.objects.city()
        .filter(slug__in=[s for s in slugs if s], first_published_at__isnull=False)
        .values_list("slug", "first_published_at")
    )


def system_draft_for_reader(*, slug: str) -> tuple[AISystem, AISystemVersion] | None:
    """A city record and its latest version (usually a draft not yet public)."""
    system = AISystem.objects.city().filter(slug=slug).first()
    if system is None:
        return None
    latest = system.versions.order_by("-number").first()
    return (system, latest) if latest is not None else None


# --- Staff dialogue (dialogue/targets.py): what its bodies may give an opinion on ----------


def _opinion_target(system: AISystem) -> dict:
    version = system.published_version
    return {
        "ref": system.slug,
        "name": version.name,
        "url": system.get_absolute_url(),
        "in_use": version.status == Status.IN_USE,
    }


def opinion_target(*, ref: str) -> dict | None:
    """A published city record by its slug, as staff dialogue shows it (None if unknown)."""
    system = (
        AISystem.objects.published().city().select_related("published_version").filter(slug=ref)
    ).first()
    return _opinion_target(system) if system else None


def opinion_target_suggestions(*, limit: int = 50) -> list[dict]:
    systems = (
        AISystem.objects.published()
        .city()
        .select_related("published_version")
        .order_by("published_version__name")[:limit]
    )
    return [_opinion_target(s) for s in systems]


# --- Oversight: evaluations of deployed systems, hidden algorithms, incidents ----------------


def _last_evaluated_on():
    """The date of a system's latest evaluation, as a subquery (lists, pages, API: no query per row)."""
    return Subquery(
        DeploymentEvaluation.objects.filter(system=OuterRef("pk"))
        .order_by("-evaluated_on")
        .values("evaluated_on")[:1]
    )


def last_evaluations_by_system(*, systems) -> dict:
    """{system pk: date of its latest evaluation} in one query."""
    from django.db.models import Max

    return dict(
        DeploymentEvaluation.objects.filter(system__in=systems)
        .order_by()
        .values("system")
        .annotate(last=Max("evaluated_on"))
        .values_list("system", "last")
    )


def system_evaluation_state(*, system):
    """Where a published system stands in its evaluation schedule (`register.oversight`).
    Lists and pages annotate `last_evaluated_on` (`systems_search`, `system_get_published`);
    otherwise this costs one query."""
    if not hasattr(system, "last_evaluated_on"):
        system.last_evaluated_on = (
            system.deployment_evaluations.order_by("-evaluated_on")
            .values_list("evaluated_on", flat=True)
            .first()
        )
    return system_evaluation_state_of(system, last_evaluated_on=system.last_evaluated_on)


def system_deployment_evaluations(*, system, limit: int = 20) -> list[DeploymentEvaluation]:
    """Its evaluations, newest first (public record)."""
    return list(system.deployment_evaluations.order_by("-evaluated_on", "-id")[:limit])


def evaluations_between_versions(*, system, old: int, new: int) -> list[DeploymentEvaluation]:
    """Evaluations recorded while versions old … new-1 were published: what happened between
    the two versions a reader compares."""
    return list(
        system.deployment_evaluations.filter(
            version_number__gte=old, version_number__lt=new
        ).order_by("evaluated_on", "id")
    )


def system_history_evaluations(*, system) -> dict[int, list[DeploymentEvaluation]]:
    """{version number: evaluations recorded while it was the published one} for the history."""
    rows: dict[int, list[DeploymentEvaluation]] = {}
    for evaluation in system.deployment_evaluations.order_by("evaluated_on", "id")[:500]:
        rows.setdefault(evaluation.version_number or 0, []).append(evaluation)
    return rows


# Public fields of an incident: nothing personal (the summary is written to be public).
def _incident_public(incident: Incident) -> dict:
    return {
        "kind": incident.kind,
        "kind_label": str(incident.get_kind_display()),
        "severity": incident.severity,
        "severity_label": str(incident.get_severity_display()),
        "summary": incident.summary,
        "aware_on": incident.aware_on,
        "status": incident.status,
        "status_label": str(incident.get_status_display()),
        "report_due_on": incident.report_due_on,
        "reported_on": incident.reported_on,
        "report_overdue": incident.report_overdue,
        "closure_summary": incident.closure_summary,
        "closed_at": incident.closed_at,
    }


def system_incidents_public(*, system, limit: int = 10) -> dict:
    """The record's incidents in summary: counts per kind and the latest ones, public fields
    only (two queries)."""
    counts = dict(
        Incident.objects.filter(system=system)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    latest = [
        _incident_public(i)
        for i in Incident.objects.filter(system=system).order_by("-aware_on", "-id")[:limit]
    ]
    return {
        "total": sum(counts.values()),
        "by_kind": [
            {"key": k, "label": str(label), "count": counts.get(k, 0)}
            for k, label in IncidentKind.choices
        ],
        "latest": latest,
    }


def incidents_log(*, status: str = "", overdue: bool = False, system_slug: str = ""):
    """The staff incident log: open first, the nearest reporting deadline first."""
    qs = Incident.objects.select_related("system__published_version", "recourse_request")
    if status:
        qs = qs.filter(status=status)
    if system_slug:
        qs = qs.filter(system__slug=system_slug)
    if overdue:
        qs = qs.filter(report_due_on__lt=timezone.localdate(), reported_on__isnull=True)
    return qs.order_by(
        Case(When(status=IncidentStatus.OPEN, then=0), default=1),  # open ones first
        F("report_due_on").asc(nulls_last=True),
        "-aware_on",
        "-id",
    )


def incident_get(*, pk: int) -> Incident | None:
    return (
        Incident.objects.select_related("system__published_version", "recourse_request")
        .filter(pk=pk)
        .first()
    )


def declarations_queue(*, status: str = ""):
    """The register editors' inventory queue: pending first, oldest first."""
    qs = HiddenAlgorithmDeclaration.objects.select_related("declarant", "system")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by(
        # pending (0) before the triaged ones
        Case(When(status=DeclarationStatus.PENDING, then=0), default=1),
        "created_at",
        "id",
    )


def declaration_get(*, pk: int) -> HiddenAlgorithmDeclaration | None:
    return (
        HiddenAlgorithmDeclaration.objects.select_related("declarant", "system__published_version")
        .filter(pk=pk)
        .first()
    )


def declarations_public():
    """The triaged declarations as the public reads them: the tool, the department, the outcome,
    the public reason or the record — never who declared it."""
    return (
        HiddenAlgorithmDeclaration.objects.exclude(status=DeclarationStatus.PENDING)
        .select_related("system__published_version")
        .only(
            "tool_name",
            "department",
            "created_at",
            "status",
            "public_reason",
            "handled_at",
            "system__slug",
            "system__published_version__name",
            "system__published_version_id",
        )
        .order_by("-handled_at", "-id")
    )


def declarations_summary() -> dict:
    """Counts of declarations by outcome (public: the register's coverage), in one query."""
    counts = HiddenAlgorithmDeclaration.objects.aggregate(
        **{value: Count("pk", filter=Q(status=value)) for value in DeclarationStatus.values},
        records_published=Count(
            "pk",
            filter=Q(status=DeclarationStatus.DRAFTED, system__published_version__isnull=False),
        ),
    )
    return {
        "total": sum(counts[value] for value in DeclarationStatus.values),
        "by_status": [
            {"key": k, "label": str(label), "count": counts[k]}
            for k, label in DeclarationStatus.choices
        ],
        "records_published": counts["records_published"],
    }


def oversight_indicators() -> dict:
    """Evaluations of deployed city systems, declarations and incidents (observatory)."""
    # Plain values, not records: every deployed system of the city is read (thousands).
    deployed = (
        AISystem.objects.published()
        .city()
        .filter(published_version__status__in=DEPLOYED_STATUSES)
        .annotate(last_evaluated_on=_last_evaluated_on())
        .values_list(
            "published_version__risk_level",
            "published_version__status",
            "published_version__begin_date",
            "first_published_at",
            "last_evaluated_on",
        )
    )
    today = timezone.localdate()
    total = on_time = never = no_longer = 0
    for risk_level, status, begin_date, first_published_at, last_evaluated_on in deployed:
        state = evaluation_state(
            risk_level=risk_level,
            status=status,
            last_evaluated_on=last_evaluated_on,
            in_service_since=in_service_since(begin_date, first_published_at),
            today=today,
        )
        total += 1
        if state.last_evaluated_on is None:
            never += 1
        elif state.overdue:
            no_longer += 1
        else:
            on_time += 1
    incidents = Incident.objects.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status=IncidentStatus.OPEN)),
        serious=Count("pk", filter=Q(report_due_on__isnull=False)),
        report_overdue=Count(
            "pk",
            filter=Q(report_due_on__lt=timezone.localdate(), reported_on__isnull=True),
        ),
    )
    return {
        "deployed": total,
        "evaluated_on_time": on_time,
        "never_evaluated": never,
        "no_longer_evaluated": no_longer,
        "declarations": declarations_summary(),
        "incidents": incidents,
    }
