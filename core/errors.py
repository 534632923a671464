"""One error hierarchy for every business-rule refusal.

A service raises an `ApplicationError` (or a subclass) when a rule forbids what was asked; it
carries the HTTP status the web and API layers answer with, a stable machine-readable `code`
and a translated message a person can read. Views turn it into a re-rendered form
(`form_refused`) and DRF turns it into the project's JSON error body (`core.api`).
"""

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    status = 400
    code = "invalid"
    default_message = _("This action is not possible.")

    def __init__(self, message=None, *, code: str | None = None, status: int | None = None):
        self.message = str(message or self.default_message)
        if code:
            self.code = code
        if status:
            self.status = status
        super().__init__(self.message)


class NotAuthenticated(ApplicationError):
    status = 401
    code = "not_authenticated"
    default_message = _("Log in to take part.")


class NotAllowed(ApplicationError):
    status = 403
    code = "forbidden"
    default_message = _("You are not allowed to do this.")


class NotFound(ApplicationError):
    status = 404
    code = "not_found"
    default_message = _("Not found.")


class Conflict(ApplicationError):
    """The request is valid but the record's current state forbids it (phase, status…)."""

    status = 409
    code = "conflict"
    default_message = _("This is not possible in the current state.")


class InvalidInput(ApplicationError):
    status = 422
    code = "invalid"


class RateLimited(ApplicationError):
    """Too many attempts: `retry_after` (seconds) tells when asking again may succeed; pages and
    APIs send it as the `Retry-After` header."""

    status = 429
    code = "rate_limited"
    default_message = _("Too many attempts in a short time. Please wait a little and try again.")

    def __init__(self, message=None, *, retry_after: int = 60, code: str | None = None):
        super().__init__(message, code=code)
        self.retry_after = max(1, int(retry_after))


class ServiceUnavailable(ApplicationError):
    """Something the site needs is briefly out of reach (the database): come back later."""

    status = 503
    code = "service_unavailable"
    default_message = _(
        "The service is briefly unavailable. Please try again in a few moments; nothing you "
        "sent was kept, so send it again then."
    )

    def __init__(self, message=None, *, retry_after: int = 30, code: str | None = None):
        super().__init__(message, code=code)
        self.retry_after = max(1, int(retry_after))


def retry_after(exc: BaseException) -> int | None:
    """Seconds after which asking again may succeed, for refusals that end by themselves."""
    return getattr(exc, "retry_after", None)
