"""Business-rule refusals, each with the HTTP status the web and API layers answer."""

from django.utils.translation import gettext_lazy as _


class ConsultationError(Exception):
    status = 400
    code = "invalid"
    default_message = _("This action is not possible.")

    def __init__(self, message=None, *, code: str | None = None):
        self.message = str(message or self.default_message)
        if code:
            self.code = code
        super().__init__(self.message)


class NotAuthenticated(ConsultationError):
    status = 401
    code = "not_authenticated"
    default_message = _("Log in to take part.")


class NotAllowed(ConsultationError):
    status = 403
    code = "forbidden"
    default_message = _("You are not allowed to do this.")


class PhaseClosed(ConsultationError):
    status = 409
    code = "closed"
    default_message = _("This is not possible in the current phase of the consultation.")


class InvalidInput(ConsultationError):
    status = 422
    code = "invalid"


class RateLimited(ConsultationError):
    status = 429
    code = "rate_limited"
    default_message = _("Too many attempts in a short time. Please wait a little and try again.")
