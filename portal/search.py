"""One search box across the site: Wagtail pages plus what each app chooses to expose.

An app joins by declaring `site_search` on its AppConfig (core/composition.py): a function
`site_search(*, query: str, limit: int) -> list[dict]` (keys: title, url, summary, kind). The
portal composes, it never imports another app's models, and apps never import the portal.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from core.composition import site_searchers


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    summary: str = ""
    kind: str = ""


def _page_hits(query: str, limit: int) -> list[SearchHit]:
    pages = (
        Page.objects.live()
        .public()
        .filter(locale=Locale.get_active())
        .exclude(depth__lte=1)
        .specific()
        .search(query)[:limit]
    )
    hits = []
    for page in pages:
        summary = getattr(page, "lead", "") or getattr(page, "search_description", "")
        hits.append(SearchHit(page.title, page.url or "", summary, str(_("Page"))))
    return hits


def site_search(query: str, limit_per_source: int = 20) -> list[SearchHit]:
    query = query.strip()
    if not query:
        return []
    hits = _page_hits(query, limit_per_source)
    for searcher in site_searchers():
        hits.extend(
            SearchHit(h["title"], h["url"], h.get("summary", ""), h.get("kind", ""))
            for h in searcher(query=query, limit=limit_per_source)
        )
    return hits
