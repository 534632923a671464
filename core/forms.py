"""Form helpers every app shares: how a service's refusal shows on a form, and the honeypot.

A refusal (`core.errors.ApplicationError`) is shown above the same form, the values typed
kept, and answered with the refusal's own status (403, 409, 422…); the API answers the same
refusal with `core.api.refusal_response`.

The honeypot: a field people never meet and bots fill in, and the fake success they get.

One behaviour for every public form: when the trap is filled, the view answers exactly as
after a real submission (same message, same redirect) and saves nothing, so a bot learns
nothing to adapt to. The field is hidden from everyone: off screen, `aria-hidden` on its
wrapper, out of the tab order, never autofilled.
"""

import logging

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from core.errors import ApplicationError, retry_after

logger = logging.getLogger(__name__)


def refusal_show(form: forms.Form, exc: ApplicationError, *, field: str | None = None) -> int:
    """Show a service's refusal on `form` (on `field`, or above the form); returns the status
    to answer the re-rendered form with."""
    form.add_error(field, exc.message)
    return exc.status


def refusal_headers(exc: ApplicationError) -> dict[str, str]:
    """Headers a re-rendered form answers a refusal with: `Retry-After` for the refusals that
    end by themselves (rate limits)."""
    seconds = retry_after(exc)
    return {"Retry-After": str(seconds)} if seconds is not None else {}


HONEYPOT_FIELD = "website"


class HoneypotInput(forms.TextInput):
    """Renders its own hidden wrapper and label, so templates print it with the hidden fields."""

    template_name = "core/forms/honeypot.html"
    is_hidden = True  # listed in form.hidden_fields(): no visible label, hint or error block

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "tabindex": "-1", **(attrs or {})})


class HoneypotField(forms.CharField):
    widget = HoneypotInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Leave this field empty"))
        super().__init__(**kwargs)


class HoneypotMixin(forms.Form):
    """Adds the trap to a form (a ModelForm too: list it before `forms.ModelForm`)."""

    website = HoneypotField()

    def honeypot_filled(self) -> bool:
        """Read from the raw data: a bot is caught even when the rest of its post is invalid."""
        return bool(str(self.data.get(self.add_prefix(HONEYPOT_FIELD), "")).strip())


def honeypot_response(
    request: HttpRequest, form: HoneypotMixin, *, redirect_to: str, message: str = ""
) -> HttpResponse | None:
    """The fake success for a filled trap, or None when a person sent the form.

    Call it before validating: pass the message and redirect of the real success.
    """
    if request.method != "POST" or not form.honeypot_filled():
        return None
    logger.info("Honeypot filled on %s: nothing saved.", request.path)
    if message:
        messages.success(request, message)
    return redirect(redirect_to)
