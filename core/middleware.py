"""Response headers every page and API answer carries."""

from django.conf import settings
from django.utils.deprecation import MiddlewareMixin


class PermissionsPolicyMiddleware(MiddlewareMixin):
    """`Permissions-Policy`: the site uses no camera, microphone or location, so no page (nor a
    script injected into one) may ask the browser for them. Sync and async (MiddlewareMixin)."""

    def process_response(self, request, response):
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
