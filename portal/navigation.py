"""The parts of the site in the header, as each app declares them (`navigation` on its
AppConfig, see core/composition.py). A Wagtail-based part whose index page is not live yet
links to "coming soon".
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse

from core.composition import NavigationEntry, navigation_entries


def _index_page_urls(request) -> dict[str, str]:
    """URL of each Wagtail-based part's live index page in the active language, by model label.

    One query for all of them (content types come from Django's in-process cache), memoised
    on the request so the header costs that query once per page.
    """
    from django.utils.translation import get_language
    from wagtail.models import Page

    language = get_language() or "fr"
    memo = getattr(request, "_portal_index_urls", None) if request is not None else None
    if memo is not None and language in memo:
        return memo[language]

    models = {}
    for part in navigation_entries():
        if part.page_model:
            try:
                models[part.page_model] = apps.get_model(part.page_model)
            except (LookupError, ValueError):
                continue
    urls: dict[str, str] = {}
    if models:
        content_types = ContentType.objects.get_for_models(*models.values())
        label_by_ct = {content_types[model].pk: label for label, model in models.items()}
        pages = Page.objects.live().filter(
            locale__language_code=language, content_type__in=list(content_types.values())
        )
        for page in pages:
            url = page.get_url(request)
            if url:
                urls.setdefault(label_by_ct[page.content_type_id], url)
    if request is not None:
        request._portal_index_urls = {**(memo or {}), language: urls}
    return urls


def part_url(part: NavigationEntry, request=None) -> str:
    if part.url_name:
        try:
            return reverse(part.url_name)
        except NoReverseMatch:
            pass
    if part.page_model:
        url = _index_page_urls(request).get(part.page_model)
        if url:
            return url
    return reverse("coming-soon", kwargs={"part": part.slug})


def navigation(request) -> list[dict]:
    current = request.path if request else ""
    items = []
    for part in navigation_entries():
        url = part_url(part, request)
        items.append(
            {
                "label": part.label,
                "url": url,
                "slug": part.slug,
                "active": current.startswith(url) and url not in ("/", "/en/"),
            }
        )
    return items
