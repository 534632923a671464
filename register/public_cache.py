"""The register's public reads kept whole in the shared cache (`core.pagecache`).

The register changes rarely and is read a lot (residents, partner cities harvesting it): the
list, the search, a record's page and their API answers are stored whole under the register's
stamp, which every write that can change them renews — a publication, an edit, a withdrawal,
a partner harvest, a measured evaluation, a translation of a record, a staff body's opinion or
follow-up survey. The stamp is renewed from the models' save and delete signals (so no writer
can forget it) and explicitly where rows change without them (`QuerySet.update`).

Nothing personal is shared: HTML pages are taken from or put into the cache only for a
visitor who is not signed in and has neither a session nor a pending message; the API's
public reads are the same for everyone. Drafts never reach these pages.
"""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save

from core.pagecache import cached_response, stamp_renew

NAMESPACE = "register"

# Rows of the register's app that no public read shows (residents' requests and reports).
_PRIVATE_MODELS = {"recourserequest", "recourseevent", "errorreport"}


def register_changed() -> None:
    """Drop every cached public read of the register (now, and again at commit)."""
    stamp_renew(NAMESPACE)


def _on_write(sender, **kwargs) -> None:
    register_changed()


def _on_translation_write(sender, instance, **kwargs) -> None:
    if instance.content_type.app_label == "register":
        register_changed()


def signals_connect() -> None:
    """Called once by `RegisterConfig.ready`."""
    models = [
        m
        for m in apps.get_app_config("register").get_models()
        if m._meta.model_name not in _PRIVATE_MODELS
    ]
    # Staff bodies' opinions and follow-up surveys show on a record's page and in its exports.
    models += list(apps.get_app_config("dialogue").get_models())
    for model in models:
        uid = f"register-public-cache-{model._meta.label_lower}"
        post_save.connect(_on_write, sender=model, dispatch_uid=uid)
        post_delete.connect(_on_write, sender=model, dispatch_uid=uid)
    translation = apps.get_model("core", "Translation")
    post_save.connect(_on_translation_write, sender=translation, dispatch_uid="register-tr")
    post_delete.connect(_on_translation_write, sender=translation, dispatch_uid="register-tr")


def visitor_is_anonymous(request) -> bool:
    """A visitor whose page is the same as anyone's: not signed in, no session (a session may
    hold a message or a form's state), no message waiting in a cookie."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def public_response(request, render, *, shared: bool = True, store: bool = True):
    """`render()`'s response, from the cache when the register has not changed since."""
    return cached_response(
        request,
        namespace=NAMESPACE,
        render=render,
        timeout=settings.REGISTER_PUBLIC_CACHE_SECONDS,
        shared=shared,
        store=store,
    )
