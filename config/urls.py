"""Root URLs. Pages speak French unprefixed and English under /en/; APIs are unprefixed."""

from csp.decorators import csp_update
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import composition
from portal import views as portal_views

# Each app declares its page and API URL modules on its AppConfig (core/composition.py);
# they are included in INSTALLED_APPS order.
api_patterns = [path("", include(module)) for module in composition.api_url_modules()]
page_patterns = [path("", include(module)) for module in composition.page_url_modules()]

urlpatterns = [
    path("healthz", portal_views.healthz, name="healthz"),
    path("healthz/ready", portal_views.healthz_ready, name="healthz-ready"),
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI injects a <style> element: allow inline styles on this one page only.
    path(
        "api/docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    *api_patterns,
]

if settings.SERVE_FILES:
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("search/", portal_views.search, name="search"),
    path("coming-soon/<slug:part>/", portal_views.coming_soon, name="coming-soon"),
    *page_patterns,
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
