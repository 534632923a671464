"""PDF rendering with WeasyPrint, fetching only the site's own files (never the network).

Shared by every app that prints (training certificates, recourse receipts and letters,
consultation dossiers)."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


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


def _fetcher():
    """A WeasyPrint fetcher that maps /static/ and /media/ to files and refuses anything else."""
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            local = _local_path(url)
            if local is None or not local.exists():
                raise ValueError(f"Refused to fetch {url!r}: only the site's own files are used.")
            return super().fetch(local.as_uri(), headers)

    return LocalFetcher(allowed_protocols={"file"})


def render_pdf(*, template: str, context: dict, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url="http://localhost/", url_fetcher=_fetcher()).write_pdf()
