"""The URLs allauth's OpenID Connect provider would have, with this package's views (allauth
imports `<provider package>.urls`). The callback to register with ProConnect:
/accounts/oidc/proconnect/login/callback/."""

from allauth.socialaccount import app_settings
from django.urls import include, path, re_path

from accounts.proconnect import views

urlpatterns = [
    re_path(
        r"^(?P<provider_id>[^/]+)/",
        include(
            [
                path("login/", views.login, name="openid_connect_login"),
                path("login/callback/", views.callback, name="openid_connect_callback"),
            ]
        ),
    )
]

if app_settings.OPENID_CONNECT_URL_PREFIX:
    urlpatterns = [path(f"{app_settings.OPENID_CONNECT_URL_PREFIX}/", include(urlpatterns))]
