"""Register pages: `public` (anyone) and `staff` (the recourse queue, error reports, audit).

A service refuses with a `core.errors.ApplicationError`; `show_refusal` is the one place where
these views turn it into an error shown above the same form.
"""

from django import forms

from core.errors import ApplicationError


def show_refusal(form: forms.Form, exc: ApplicationError) -> int:
    """Show a service's refusal above the form (the values typed are kept); returns the
    status to answer with, the refusal's own (403, 409, 422…)."""
    form.add_error(None, exc.message)
    return exc.status
