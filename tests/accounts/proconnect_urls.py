"""The site's URLs plus a local OpenID Connect provider under /o/ (django-oauth-toolkit), for
tests/accounts/test_proconnect.py only."""

from django.urls import include, path

from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as site

urlpatterns = [path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")), *site]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
