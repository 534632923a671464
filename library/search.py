"""Site search hook: the header's search box also finds library cases."""

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from library import selectors


def site_search(*, query: str, limit: int) -> list[dict]:
    try:
        filters = selectors.parse_filters({"q": query[:200]})
    except selectors.FilterError:
        return []
    if not filters.q:
        return []
    return [
        {
            "title": f"{case.city} — {case.title}",
            "url": case.get_absolute_url(),
            "summary": Truncator(case.summary).words(30),
            "kind": _("Use-case library"),
        }
        for case in selectors.cases_search(filters=filters)[:limit]
    ]
