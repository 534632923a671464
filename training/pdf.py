"""PDF rendering with WeasyPrint, fetching only the site's own files (never the network)."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

ALLOWED_SCHEMES = ("file:",)


def _local_path(url: str) -> Path | None:
    path = url.split("://", 1)[-1]
    path = "/" + path.split("/", 1)[1] if "://" in url else path
    static_url = settings.STATIC_URL
    media_url = settings.MEDIA_URL
    if path.startswith(static_url):
        found = finders.find(path[len(static_url) :])
        return Path(found) if found else None
    if path.startswith(media_url):
        candidate = (Path(settings.MEDIA_ROOT) / path[len(media_url) :]).resolve()
        if str(candidate).startswith(str(Path(settings.MEDIA_ROOT).resolve())):
            return candidate
    return None


def _fetcher(url: str, *args, **kwargs):
    from weasyprint.urls import default_url_fetcher

    local = _local_path(url)
    if local is None or not local.exists():
        raise ValueError(f"Refused to fetch {url!r}: only the site's own files are used.")
    return default_url_fetcher(local.as_uri(), *args, **kwargs)


def render_pdf(*, template: str, context: dict, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url="http://localhost/", url_fetcher=_fetcher).write_pdf()
