"""One search box across the site: Wagtail pages plus what each app chooses to expose.

An app joins by shipping `<app>/search.py` with `site_search(*, query: str, limit: int) ->
list[dict]` (keys: title, url, summary, kind); the portal composes, it never imports another
app's models, and apps never import the portal.
"""

from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page


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
    for config in apps.get_app_configs():
        module_name = f"{config.name}.search"
        if config.name == "portal" or find_spec(module_name) is None:
            continue
        searcher = getattr(import_module(module_name), "site_search", None)
        if searcher is not None:
            hits.extend(
                SearchHit(h["title"], h["url"], h.get("summary", ""), h.get("kind", ""))
                for h in searcher(query=query, limit=limit_per_source)
            )
    return hits
