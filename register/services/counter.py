"""Assisted channels: a counter agent records a recourse request on a person's behalf.

The request arrived by letter, by phone or at a counter; the person may have no email, so a
postal address is enough to answer. It goes through the same path as an online request
(`recourse._recourse_request_create`: same reference, due date, timeline and staff queue).
The person leaves with a printed receipt; when staff answer, the answer is printed as a letter.
Both PDFs are produced here so that each print is on the timeline and in the audit trail.
"""

import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict, InvalidInput
from core.pdf import render_pdf
from register.models import (
    AISystem,
    AuditAction,
    RecourseChannel,
    RecourseEventKind,
    RecourseRequest,
    RecourseStatus,
)
from register.policies import require_handler, require_recorder
from register.services.recourse import _recourse_request_create
from register.services.recourse_followup import recourse_audit, recourse_event_add

#: Channels a counter agent records (online requests are filed by the person).
ASSISTED_CHANNELS = (RecourseChannel.LETTER, RecourseChannel.PHONE, RecourseChannel.COUNTER)

#: Five digits, never starting with 00 (metropolitan départements 01–95, Corsica 20,
#: overseas 97–98).
FRENCH_POSTCODE = re.compile(r"^(?!00)\d{5}$")


def postcode_normalise(value: str) -> str:
    """ "75 011" and " 75011 " are the same postcode."""
    return re.sub(r"\s+", "", value or "")


def recourse_request_record(
    *, agent: User, system: AISystem, data: dict, language: str = ""
) -> RecourseRequest:
    """Record a request received by letter, phone or at a counter.

    Needs a way to answer: an email address, or a full postal address with a French postcode.
    `data["form_key"]` makes a second submit of the same form return the first request."""
    require_recorder(agent)
    form_key = data.get("form_key") or None
    if form_key is not None:
        existing = RecourseRequest.objects.filter(form_key=form_key).first()
        if existing is not None:
            existing.already_filed = True
            return existing
    channel = data.get("channel") or ""
    if channel not in ASSISTED_CHANNELS:
        raise InvalidInput(_("Say how the request was received: letter, telephone or counter."))
    if system.published_version_id is None or system.is_partner:
        raise Conflict(_("Recourse requests are filed for the city's published records."))
    if not data.get("consent"):
        raise InvalidInput(_("The person must agree that the city processes these details."))
    if not (data.get("request") or "").strip():
        raise InvalidInput(_("Write down what the person asks."))
    email = (data.get("email") or "").strip()
    address = (data.get("postal_address") or "").strip()
    postcode = postcode_normalise(data.get("postcode") or "")
    town = (data.get("town") or "").strip()
    if postcode and not FRENCH_POSTCODE.match(postcode):
        raise InvalidInput(_("A French postcode has five digits, for example 75011."))
    has_address = bool(address and postcode and town)
    if (address or postcode or town) and not has_address:
        raise InvalidInput(_("Give the full postal address: street, postcode and town."))
    if not email and not has_address:
        raise InvalidInput(
            _("Give a way to send the answer: a postal address, or an email address.")
        )
    data = {**data, "email": email, "postal_address": address, "postcode": postcode, "town": town}
    try:
        return _recourse_request_create(
            system=system,
            data=data,
            requester=None,
            language=language,
            form_key=form_key,
            recorded_by=agent,
            channel=channel,
        )
    except IntegrityError:
        existing = RecourseRequest.objects.filter(form_key=form_key).first()
        if form_key is None or existing is None:
            raise
        existing.already_filed = True
        return existing


def _pdf_context(request: RecourseRequest) -> dict:
    version = request.system.published_version
    return {
        "req": request,
        "city_name": settings.CITY_NAME,
        "site_url": settings.SITE_URL,
        "status_url": settings.SITE_URL + reverse("register:recourse_status"),
        "system_name": version.name if version is not None else request.system.slug,
        "system_contact": version.contact if version is not None else "",
    }


def recourse_receipt_pdf(*, actor: User, request: RecourseRequest) -> bytes:
    """The receipt the person takes home: reference, date, due date, how to follow it up."""
    require_recorder(actor)
    if request.recorded_by_id is None:
        raise Conflict(
            _("Receipts are printed for requests recorded for someone; online ones got an email.")
        )
    if request.purged_at is not None:
        raise Conflict(_("This request's personal data was purged: no receipt can be printed."))
    with translation.override(request.language or settings.LANGUAGE_CODE):
        pdf = render_pdf(template="register/pdf/receipt.html", context=_pdf_context(request))
    with transaction.atomic():
        recourse_event_add(request=request, kind=RecourseEventKind.RECEIPT, actor=actor)
        recourse_audit(actor=actor, action=AuditAction.RECOURSE_RECEIPT, request=request)
    return pdf


def recourse_letter_pdf(*, actor: User, request: RecourseRequest) -> bytes:
    """The answer as a letter to the postal address, for the person to receive by post."""
    require_handler(actor)
    if request.status not in (RecourseStatus.ANSWERED, RecourseStatus.CLOSED) or not request.answer:
        raise Conflict(_("The letter is produced once the request is answered."))
    if not request.postal_address:
        raise Conflict(_("This request has no postal address: the answer was sent by email."))
    with translation.override(request.language or settings.LANGUAGE_CODE):
        pdf = render_pdf(template="register/pdf/letter.html", context=_pdf_context(request))
    with transaction.atomic():
        recourse_event_add(
            request=request, kind=RecourseEventKind.LETTER, actor=actor, internal=False
        )
        recourse_audit(actor=actor, action=AuditAction.RECOURSE_LETTER, request=request)
    return pdf
