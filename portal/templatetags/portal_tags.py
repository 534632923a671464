from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """Links to this same page in every language (the translated Wagtail page when there is one)."""
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    translated_urls: dict[str, str] = {}
    if page is not None and hasattr(page, "get_translations"):
        # One query for every translation; get_url(request) reuses the request's site cache.
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            url = translation.get_url(request)
            if url:
                translated_urls[translation.locale.language_code] = url
    links = []
    for code, _name in settings.LANGUAGES:
        url = translated_urls.get(code)
        if url is None and request is not None:
            url = translate_url(request.get_full_path(), code)
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url or "/",
                "current": code == current,
            }
        )
    return links
