"""Site search hook: the header's search box also finds register records."""

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from register import selectors


def site_search(*, query: str, limit: int) -> list[dict]:
    try:
        filters = selectors.parse_filters({"q": query[:200]})
    except selectors.FilterError:
        return []
    hits = []
    for system in selectors.systems_search(filters=filters)[:limit]:
        version = system.published_version
        hits.append(
            {
                "title": version.name,
                "url": system.get_absolute_url(),
                "summary": Truncator(version.short_description).words(30),
                "kind": _("AI register"),
            }
        )
    return hits
