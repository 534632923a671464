"""The inference bridge's refusals, in the project's one hierarchy (`core.errors`).

Two of them end by themselves, so the answer tells the client when to come back (a
`Retry-After` header): a used-up quota (429) and a full waiting line (503). The agents' API
also names the request field at fault (`param`), as OpenAI's error body does.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.errors import (
    ApplicationError,
    NotAllowed,
    NotAuthenticated,
    NotFound,
    RateLimited,
    ServiceUnavailable,
    retry_after,
)


class InvalidRequest(ApplicationError):
    """A request the bridge cannot run (malformed messages, parameters out of bounds)."""

    status = 400
    code = "invalid_request"

    def __init__(self, message=None, code: str | None = None, param: str | None = None):
        super().__init__(message, code=code)
        self.param = param


class NoticeRequired(NotAllowed):
    code = "notice_required"
    default_message = _("Please read and accept the notice first.")


class InvalidToken(NotAuthenticated):
    code = "invalid_api_key"


class ModelNotFound(NotFound):
    code = "model_not_found"
    param = "model"


class MethodNotAllowed(ApplicationError):
    status = 405
    code = "method_not_allowed"


class QuotaExceeded(RateLimited):
    code = "quota_exceeded"


class Busy(ServiceUnavailable):
    """No room left in the waiting line: come back in a few seconds."""

    code = "queue_full"
    default_message = _(
        "The city's model is very busy right now. Please try again in a few seconds."
    )

    def __init__(self, message=None, *, retry_after: int = 10, code: str | None = None):
        super().__init__(message, retry_after=retry_after, code=code)


class EmbeddingsUnavailable(ServiceUnavailable):
    """No node serving the alias answered `/v1/embeddings`, or the one that answered refused or
    sent something that is not one vector per text."""

    code = "embeddings_unavailable"
    default_message = _("No inference node can compute embeddings right now.")


__all__ = [
    "Busy",
    "EmbeddingsUnavailable",
    "InvalidRequest",
    "InvalidToken",
    "MethodNotAllowed",
    "ModelNotFound",
    "NoticeRequired",
    "QuotaExceeded",
    "retry_after",
]
