"""Django's and Wagtail's middlewares, the same code, with their methods run on the event loop
under ASGI (`core.middleware.OnTheLoopMiddleware`), except when they would read or write the
database: a session to save, messages to store, a 404 that may be a redirect.

Under ASGI Django runs each method of a `MiddlewareMixin` through `sync_to_async`: two thread
switches per middleware and per request. These only read the request and set headers or lazy
attributes, so they stay on the loop. Security, clickjacking and CSRF keep Django's own
classes: `manage.py check --deploy` looks for them by name.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware as _CSP
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware as _Authentication
from django.contrib.messages.middleware import MessageMiddleware as _Messages
from django.contrib.sessions.middleware import SessionMiddleware as _Session
from django.middleware.common import CommonMiddleware as _Common
from django.middleware.locale import LocaleMiddleware as _Locale
from wagtail.contrib.redirects.middleware import RedirectMiddleware as _Redirect

from core.middleware import OnTheLoopMiddleware


class SessionMiddleware(OnTheLoopMiddleware, _Session):
    """The session is read lazily (by the view, in a thread); saving it is a write."""

    def response_needs_thread(self, request, response) -> bool:
        session = getattr(request, "session", None)
        return session is not None and (session.modified or settings.SESSION_SAVE_EVERY_REQUEST)


class LocaleMiddleware(OnTheLoopMiddleware, _Locale):
    pass


class CommonMiddleware(OnTheLoopMiddleware, _Common):
    pass


class AuthenticationMiddleware(OnTheLoopMiddleware, _Authentication):
    """Sets the lazy `request.user`; the user is read when a view asks, in its thread."""


class MessageMiddleware(OnTheLoopMiddleware, _Messages):
    """Storing messages may write the session: only then in the request's thread."""

    def response_needs_thread(self, request, response) -> bool:
        storage = getattr(request, "_messages", None)
        return storage is not None and (storage.used or storage.added_new)


class CSPMiddleware(OnTheLoopMiddleware, _CSP):
    pass


class RedirectMiddleware(OnTheLoopMiddleware, _Redirect):
    """Looks a redirect up in the database for a 404 only."""

    def response_needs_thread(self, request, response) -> bool:
        return response.status_code == 404
