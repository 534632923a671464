"""The embedded server's `/static/` handler, refusing hostile paths with 404.

Django's `ASGIStaticFilesHandler` turns only `Http404` into a response: a path that climbs out
of the static root (`/static/..%2f..%2f.env`) raises `SuspiciousFileOperation`, and a NUL byte
`ValueError`, which escape as a bare "Internal Server Error" (nothing leaks, but a scanner sees
500s). Such a path names no static file: it is a 404, like the same path under `/media/`.
"""

from django.conf import settings
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.exceptions import SuspiciousOperation
from django.http import Http404


class StaticFilesHandler(ASGIStaticFilesHandler):
    def serve(self, request):
        try:
            return super().serve(request)
        except (SuspiciousOperation, ValueError) as exc:
            raise Http404("No such static file") from exc

    async def get_response_async(self, request):
        # Static answers skip the middleware: they carry the site's Permissions-Policy here.
        response = await super().get_response_async(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
