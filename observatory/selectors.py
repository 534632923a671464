"""Reads of the observatory (pages, API, search): bounded queries, no N+1."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.text import Truncator
from wagtail.models import Locale, Page

from observatory.models import (
    AnalysisPage,
    AnnualReportPage,
    Authorship,
    College,
    ObservatoryIndexPage,
    Recommendation,
    RecommendationFollowUp,
    Researcher,
    Testimony,
    TestimonyStatus,
    Topic,
)

KINDS = {"analysis": AnalysisPage, "report": AnnualReportPage}
SEARCH_LIMIT = 500


@dataclass
class PublicationFilters:
    q: str = ""
    topic: str = ""
    kind: str = ""
    year: int | None = None
    author: str = ""


def _authorships_prefetch():
    return Prefetch(
        "authorships",
        queryset=Authorship.objects.select_related("researcher").order_by("sort_order"),
    )


def publications_base(*, index: Page):
    return Page.objects.live().public().child_of(index).type(AnalysisPage, AnnualReportPage)


def publication_search_ids(*, index: Page, query: str) -> list[int]:
    """Wagtail search (PostgreSQL: French full-text configuration) → page ids, best first."""
    results = publications_base(index=index).search(query, operator="and")[:SEARCH_LIMIT]
    return [page.pk for page in results]


def publications_filtered(*, index: Page, filters: PublicationFilters):
    """Both kinds of publication, newest first, as a Page queryset (paginate, then specific)."""
    qs = publications_base(index=index)
    if filters.kind in KINDS:
        qs = qs.type(KINDS[filters.kind])
    if filters.year:
        qs = qs.filter(
            Q(analysispage__publication_date__year=filters.year)
            | Q(annualreportpage__report_year=filters.year)
        )
    if filters.topic:
        topic_ids = topic_with_descendants(filters.topic)
        qs = qs.filter(Q(analysispage__topics__in=topic_ids)).distinct()
    if filters.author:
        qs = qs.filter(analysispage__authorships__researcher__slug=filters.author).distinct()
    if filters.q:
        qs = qs.filter(pk__in=publication_search_ids(index=index, query=filters.q))
    return qs.order_by("-first_published_at", "-pk")


def publications_specific(pages, request=None) -> list:
    """Turn a page of Page rows into specific pages with authors and topics prefetched; with a
    request, URLs are resolved once per request (Wagtail caches the site root paths on it)."""
    ids = [p.pk for p in pages]
    analyses = {
        p.pk: p
        for p in AnalysisPage.objects.filter(pk__in=ids).prefetch_related(
            _authorships_prefetch(), "topics__parent"
        )
    }
    reports = {p.pk: p for p in AnnualReportPage.objects.filter(pk__in=ids)}
    out = [analyses.get(pk) or reports.get(pk) for pk in ids if pk in analyses or pk in reports]
    for page in out:
        page.listing_url = page.get_url(request)
    return out


def topic_with_descendants(slug: str) -> list[int]:
    """The topic and everything under it (trees are shallow: loop over levels, not rows)."""
    ids = list(Topic.objects.filter(slug=slug).values_list("pk", flat=True))
    frontier = ids
    while frontier:
        frontier = list(Topic.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return ids


def topic_choices() -> list[tuple[str, str]]:
    topics = [(t.slug, t.path_label) for t in Topic.objects.select_related("parent")]
    return sorted(topics, key=lambda item: item[1].casefold())


def publication_years(*, index: Page) -> list[int]:
    years = set(
        AnalysisPage.objects.live().child_of(index).values_list("publication_date__year", flat=True)
    )
    years |= set(
        AnnualReportPage.objects.live().child_of(index).values_list("report_year", flat=True)
    )
    return sorted(years, reverse=True)


def author_choices() -> list[tuple[str, str]]:
    return list(
        Researcher.objects.filter(authorships__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("slug", "name")
    )


def researcher_publications(*, researcher: Researcher, locale: Locale | None = None):
    qs = (
        AnalysisPage.objects.live()
        .public()
        .filter(authorships__researcher=researcher)
        .distinct()
        .prefetch_related(_authorships_prefetch())
        .order_by("-publication_date")
    )
    if locale is not None:
        qs = qs.filter(locale=locale)
    return qs


def members_by_college() -> list[tuple[str, list[Researcher]]]:
    members = list(Researcher.objects.all())
    return [
        (label, [m for m in members if m.college == value])
        for value, label in College.choices
        if any(m.college == value for m in members)
    ]


def testimonies_published():
    return Testimony.objects.filter(status=TestimonyStatus.PUBLISHED).select_related("author")


def testimonies_pending():
    return (
        Testimony.objects.filter(status=TestimonyStatus.PENDING)
        .select_related("author")
        .order_by("submitted_at")
    )


def observatory_index(*, locale: Locale | None = None) -> ObservatoryIndexPage | None:
    locale = locale or Locale.get_active()
    return ObservatoryIndexPage.objects.live().filter(locale=locale).first()


def report_recommendations(*, report: AnnualReportPage) -> list[Recommendation]:
    """The report's recommendations, each with its latest follow-up and its history (2 queries)."""
    recommendations = list(report.recommendations.all())
    history: dict[str, list[RecommendationFollowUp]] = {}
    for follow_up in RecommendationFollowUp.objects.filter(report_key=report.translation_key):
        history.setdefault(follow_up.reference, []).append(follow_up)
    for recommendation in recommendations:
        recommendation.history = history.get(recommendation.reference, [])
        recommendation.follow_up = recommendation.history[0] if recommendation.history else None
    return recommendations


def activity_testimonies(*, user, offset: int, limit: int) -> tuple[list[dict], int]:
    """My testimonies and their moderation state ("My activity")."""
    qs = Testimony.objects.filter(author=user).order_by("-submitted_at", "-id")
    rows = []
    for testimony in qs[offset : offset + limit]:
        published = testimony.status == TestimonyStatus.PUBLISHED
        rows.append(
            {
                "title": testimony.reference,
                "url": reverse("observatory:testimony", args=[testimony.public_id])
                if published
                else "",
                "status": testimony.get_status_display(),
                "date": testimony.submitted_at,
                "detail": testimony.moderation_reason
                if testimony.status == TestimonyStatus.REJECTED
                else "",
                "excerpt": Truncator(testimony.text).chars(140),
            }
        )
    return rows, qs.count()
