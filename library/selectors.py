"""Reads of the library, shared by its pages, exports, site search and the similar-case hint
of the consultation (through the composition hook `similar_cases`)."""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultation.selectors import grade_choices
from library.models import Lesson, LibraryCase, Outcome, PartnerLibraryHarvest
from register.selectors import register_risk_level_choices, register_theme_choices

SEARCH_CONFIG = "french"


class FilterError(Exception):
    def __init__(self, errors: dict):
        self.errors = errors
        super().__init__(errors)


@dataclass(frozen=True)
class CaseFilters:
    q: str = ""
    theme: str = ""
    outcome: str = ""
    city: str = ""
    risk_level: str = ""

    def active(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v}


FACETS = ["theme", "outcome", "city", "risk_level"]


def _choices() -> dict[str, list[tuple[str, str]] | None]:
    return {
        "theme": register_theme_choices(),
        "outcome": list(Outcome.choices),
        "city": None,  # free text: the cities present
        "risk_level": register_risk_level_choices(),
    }


def parse_filters(params) -> CaseFilters:
    """Validate GET parameters; an unknown value is refused with a readable message."""
    errors, values = {}, {}
    q = (params.get("q") or "").replace("\x00", "").strip()
    if len(q) > 200:
        errors["q"] = _("The search text is limited to 200 characters.")
    values["q"] = q[:200]
    for name, choices in _choices().items():
        value = (params.get(name) or "").replace("\x00", "").strip()
        if value and choices is not None and value not in dict(choices):
            errors[name] = _("“%(value)s” is not one of: %(allowed)s.") % {
                "value": value[:50],
                "allowed": ", ".join(v for v, _label in choices),
            }
            value = ""
        if len(value) > 200:
            errors[name] = _("Too long.")
            value = ""
        values[name] = value
    if errors:
        raise FilterError(errors)
    return CaseFilters(**values)


WORD_RE = re.compile(r"\w+", re.UNICODE)


def _matching(qs: QuerySet, q: str) -> QuerySet:
    """French full-text search on PostgreSQL (the expression of the GIN index of the
    migration, so the index is used); every word as a substring elsewhere."""
    if connection.vendor == "postgresql":
        return qs.filter(
            pk__in=RawSQL(
                "SELECT id FROM library_librarycase WHERE to_tsvector('french'::regconfig, "
                "search_text) @@ websearch_to_tsquery('french'::regconfig, %s)",
                [q],
            )
        )
    words = WORD_RE.findall(q)[:8]
    if not words:
        return qs.none()
    for word in words:
        qs = qs.filter(search_text__icontains=word)
    return qs


def _visible() -> QuerySet:
    return LibraryCase.objects.filter(withdrawn_at__isnull=True)


def _apply(qs: QuerySet, filters: CaseFilters, skip: str = "") -> QuerySet:
    for name in FACETS:
        value = getattr(filters, name)
        if value and name != skip:
            qs = qs.filter(**{name: value})
    if filters.q:
        qs = _matching(qs, filters.q)
    return qs


def cases_search(*, filters: CaseFilters) -> QuerySet:
    """Visible cases (own and partners') matching the filters, latest change first."""
    return (
        _apply(_visible(), filters)
        .select_related("partner")
        .order_by("-updated_at", "-id")
        .defer(*_LONG_FIELDS)
    )


_LONG_FIELDS = [
    "problem",
    "proposed_ai",
    "data_used",
    "people_affected",
    "expected_benefits",
    "risks",
    "alternatives",
    "decision_justification",
    "search_text",
]


def cases_facets(*, filters: CaseFilters) -> dict[str, list[dict]]:
    """Counts per value of each facet, with the other filters applied (one query each)."""
    facets = {}
    for name, choices in _choices().items():
        rows = (
            _apply(_visible(), filters, skip=name)
            .values(key=F(name))
            .annotate(count=Count("pk"))
            .order_by()
        )
        counts = {row["key"]: row["count"] for row in rows if row["key"]}
        if choices is None:
            facets[name] = [
                {"key": key, "label": key, "count": count} for key, count in sorted(counts.items())
            ]
        else:
            facets[name] = [
                {"key": value, "label": label, "count": counts.get(value, 0)}
                for value, label in choices
                if value
            ]
    return facets


def case_get(*, pk: int) -> LibraryCase | None:
    """A visible case with its lessons (a withdrawn case is gone from the library)."""
    return (
        _visible()
        .select_related("partner")
        .prefetch_related(Prefetch("lessons", queryset=Lesson.objects.order_by("-created_at")))
        .filter(pk=pk)
        .first()
    )


def own_cases_for_export() -> QuerySet:
    return (
        LibraryCase.objects.filter(partner__isnull=True)
        .prefetch_related(Prefetch("lessons", queryset=Lesson.objects.order_by("created_at")))
        .order_by("pk")
    )


def cases_changed(*, limit: int = 30) -> list[LibraryCase]:
    return list(_visible().select_related("partner").order_by("-updated_at", "-id")[:limit])


def partner_harvests() -> list[PartnerLibraryHarvest]:
    return list(PartnerLibraryHarvest.objects.select_related("partner").order_by("partner__name"))


def _grade_labels() -> dict[str, str]:
    return {value: str(label) for value, label in grade_choices()}


def case_outcome_sentence(case: LibraryCase) -> str:
    """The card's one line: "Tested in Lyon: adopted, median Good, 2 of 3 commitments kept"."""
    parts = [str(Outcome(case.outcome).label).lower() if case.outcome else ""]
    if case.median_grade:
        grade = _grade_labels().get(case.median_grade, case.median_grade)
        parts.append(_("median %(grade)s") % {"grade": grade})
    if case.commitments_total:
        parts.append(
            ngettext(
                "%(kept)d of %(total)d commitment kept",
                "%(kept)d of %(total)d commitments kept",
                case.commitments_total,
            )
            % {"kept": case.commitments_kept, "total": case.commitments_total}
        )
    return _("Tested in %(city)s: %(outcome)s") % {
        "city": case.city,
        "outcome": ", ".join(p for p in parts if p),
    }


def cases_similar(*, text: str, limit: int = 5) -> list[dict]:
    """Partner cities' cases close to a new proposal (the consultation's similar-case hint
    shows them beside the city's own use cases)."""
    words = list(dict.fromkeys(w.lower() for w in re.findall(r"[\wÀ-ÿ]{4,}", text or "")))[:12]
    if not words:
        return []
    qs = _visible().filter(partner__isnull=False)
    if connection.vendor == "postgresql":
        query = " or ".join(words)
        qs = _matching(qs, query)
    else:
        condition = Q()
        for word in words:
            condition |= Q(title__icontains=word) | Q(summary__icontains=word)
        qs = qs.filter(condition)
    hits = []
    for case in qs.order_by("-updated_at", "-id")[: limit * 4]:
        haystack = f"{case.title} {case.summary} {case.search_text}".lower()
        overlap = sum(1 for w in words if w in haystack)
        if overlap >= min(2, len(words)):
            hits.append((overlap, case))
    hits.sort(key=lambda item: (-item[0], -item[1].pk))
    return [
        {
            "title": case.title,
            "summary": case.summary,
            "city": case.city,
            "url": case.get_absolute_url(),
            "outcome": case_outcome_sentence(case),
        }
        for _overlap, case in hits[:limit]
    ]
