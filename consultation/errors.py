"""Consultation's own refusals, on the shared hierarchy."""

from django.utils.translation import gettext_lazy as _

from core.errors import Conflict


class PhaseClosed(Conflict):
    code = "closed"
    default_message = _("This is not possible in the current phase of the consultation.")
