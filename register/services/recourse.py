"""Recourse requests: anyone asks for a human review of a decision; agents answer in time.

Emails, reminders and the purge, run by tasks, are in `recourse_followup`.

Every write appends an event to the request's timeline and a row to the audit trail.
"""

import calendar
import datetime
import logging
import secrets
import string

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import user_can_participate
from core.errors import Conflict, InvalidInput
from core.ratelimit import hashed_identifier, rate_exceeded, rates_exceeded
from register.models import (
    AISystem,
    AuditAction,
    RecourseChannel,
    RecourseEventKind,
    RecourseRequest,
    RecourseStatus,
)
from register.policies import require_handler, user_can_handle_recourse
from register.services.recourse_followup import (
    recourse_acknowledgement_enqueue,
    recourse_answer_enqueue,
    recourse_audit,
    recourse_event_add,
)

logger = logging.getLogger(__name__)


# --- Rate limits (shared cache: holds across processes) -----------------------------
def recourse_rate_limited(*, ip: str, email: str, user: User | None = None) -> bool:
    """Spam limits: per email address, and per IP address with a higher allowance (a library
    or a town hall counter files for many people from one address). A logged-in person with a
    verified email is limited by their own requests only, never by other people's traffic on
    the same address. Both counters are counted in one round trip to the shared cache."""
    per_email = (
        f"register:rl:recourse:email:{hashed_identifier(email.lower())}",
        settings.REGISTER_RECOURSE_LIMIT_PER_EMAIL,
        "day",
    )
    if user is not None and user_can_participate(user=user):
        second = (
            f"register:rl:recourse:user:{user.pk}",
            settings.REGISTER_RECOURSE_LIMIT_PER_EMAIL,
            "day",
        )
    else:
        second = (
            f"register:rl:recourse:ip:{hashed_identifier(ip)}",
            settings.REGISTER_RECOURSE_LIMIT_PER_IP,
            "hour",
        )
    return any(rates_exceeded([per_email, second]))


def lookup_rate_limited(*, ip: str) -> bool:
    return rate_exceeded(
        key=f"register:rl:lookup:ip:{hashed_identifier(ip)}",
        rate=settings.REGISTER_STATUS_LOOKUPS_PER_IP,
        default_period="hour",
    )


REFERENCE_ALPHABET = string.ascii_uppercase.replace("O", "").replace("I", "") + "23456789"


def _new_reference() -> str:
    while True:
        ref = "REC-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))
        if not RecourseRequest.objects.filter(reference=ref).exists():
            return ref


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def recourse_default_due_date(*, received: datetime.date | None = None) -> datetime.date:
    """One month by default (CRPA: silence for two months is a refusal; the city answers in one)."""
    received = received or timezone.localdate()
    days = settings.REGISTER_RECOURSE_ANSWER_DAYS
    if days:
        return received + datetime.timedelta(days=days)
    return add_months(received, 1)


def recourse_request_open(
    *, system: AISystem, data: dict, requester: User | None = None, language: str = ""
) -> RecourseRequest:
    """Anyone files a request; they get a non-guessable reference and an acknowledgement.

    `data["form_key"]`, the form's one-time key, makes a second submit of the same form (back
    button, double click) return the request it filed, marked `already_filed`: one request,
    one acknowledgement."""
    form_key = data.get("form_key") or None
    if form_key is not None:
        existing = RecourseRequest.objects.filter(form_key=form_key).first()
        if existing is not None:
            existing.already_filed = True
            return existing
    if system.published_version_id is None or system.is_partner:
        raise Conflict(_("Recourse requests are filed for the city's published records."))
    if not data.get("consent"):
        raise InvalidInput(_("We need your consent to process your request."))
    if not (data.get("email") or "").strip():
        raise InvalidInput(_("Give an email address to receive the answer."))
    if not (data.get("request") or "").strip():
        raise InvalidInput(_("Say what you ask."))
    try:
        return _recourse_request_create(
            system=system, data=data, requester=requester, language=language, form_key=form_key
        )
    except IntegrityError:
        # Two submits of one form at once: the other one filed it.
        existing = RecourseRequest.objects.filter(form_key=form_key).first()
        if form_key is None or existing is None:
            raise
        existing.already_filed = True
        return existing


def _recourse_request_create(
    *,
    system: AISystem,
    data: dict,
    requester: User | None,
    language: str,
    form_key,
    recorded_by: User | None = None,
    channel: str = RecourseChannel.ONLINE,
) -> RecourseRequest:
    """One path for every channel: same reference, due date, timeline and staff queue.

    `recorded_by` is the counter agent who recorded it on the person's behalf (register.
    services.counter); an acknowledgement email leaves only when there is an address."""
    with transaction.atomic():
        request = RecourseRequest.objects.create(
            form_key=form_key,
            reference=_new_reference(),
            system=system,
            version_number=system.published_version.number,
            language=language or translation.get_language() or settings.LANGUAGE_CODE,
            name=(data.get("name") or "").strip()[:150],
            email=(data.get("email") or "").strip().lower(),
            phone=(data.get("phone") or "").strip()[:40],
            postal_address=(data.get("postal_address") or "").strip()[:1000],
            postcode=(data.get("postcode") or "").strip()[:5],
            town=(data.get("town") or "").strip()[:120],
            channel=channel,
            recorded_by=recorded_by,
            decision_reference=(data.get("decision_reference") or "").strip()[:120],
            decision_date=data.get("decision_date"),
            request=data["request"].strip()[:10000],
            consent=True,
            requester=requester if requester is not None and requester.is_authenticated else None,
            due_date=recourse_default_due_date(),
        )
        recourse_event_add(
            request=request,
            kind=RecourseEventKind.RECEIVED,
            internal=False,
            status=RecourseStatus.RECEIVED,
        )
        if recorded_by is None:
            recourse_audit(
                actor=None,
                action=AuditAction.RECOURSE_OPEN,
                request=request,
                summary=_("Recourse request received"),
            )
        else:
            recourse_audit(
                actor=recorded_by,
                action=AuditAction.RECOURSE_RECORD,
                request=request,
                summary=_("Recourse request recorded on the person's behalf"),
                data={"channel": channel},
            )
        if request.email:
            recourse_acknowledgement_enqueue(request=request)
    return request


def recourse_request_assign(*, actor: User, request: RecourseRequest, handler: User | None) -> None:
    require_handler(actor)
    if handler is not None and not user_can_handle_recourse(user=handler):
        raise InvalidInput(_("This person cannot handle recourse requests."))
    with transaction.atomic():
        request.handler = handler
        fields = ["handler"]
        if handler is not None and request.status == RecourseStatus.RECEIVED:
            request.status = RecourseStatus.UNDER_REVIEW
            fields.append("status")
            recourse_event_add(
                request=request,
                kind=RecourseEventKind.STATUS,
                actor=actor,
                internal=False,
                status=RecourseStatus.UNDER_REVIEW,
            )
        request.save(update_fields=fields)
        label = handler.public_name if handler else _("nobody")
        recourse_event_add(
            request=request, kind=RecourseEventKind.ASSIGNED, actor=actor, text=str(label)
        )
        recourse_audit(
            actor=actor, action=AuditAction.RECOURSE_ASSIGN, request=request, summary=str(label)
        )


def recourse_request_set_status(*, actor: User, request: RecourseRequest, status: str) -> None:
    require_handler(actor)
    allowed = {
        RecourseStatus.RECEIVED: {RecourseStatus.UNDER_REVIEW, RecourseStatus.CLOSED},
        RecourseStatus.UNDER_REVIEW: {RecourseStatus.CLOSED, RecourseStatus.RECEIVED},
        RecourseStatus.ANSWERED: {RecourseStatus.CLOSED, RecourseStatus.UNDER_REVIEW},
        RecourseStatus.CLOSED: {RecourseStatus.UNDER_REVIEW},
    }
    if status not in allowed.get(request.status, set()):
        raise Conflict(_("This change of status is not allowed."))
    with transaction.atomic():
        request.status = status
        request.closed_at = timezone.now() if status == RecourseStatus.CLOSED else None
        request.save(update_fields=["status", "closed_at"])
        recourse_event_add(
            request=request,
            kind=RecourseEventKind.STATUS,
            actor=actor,
            internal=False,
            status=status,
        )
        recourse_audit(
            actor=actor, action=AuditAction.RECOURSE_STATUS, request=request, summary=status
        )


def recourse_request_set_due_date(
    *, actor: User, request: RecourseRequest, due_date: datetime.date
) -> None:
    require_handler(actor)
    with transaction.atomic():
        old = request.due_date
        request.due_date = due_date
        request.save(update_fields=["due_date"])
        recourse_event_add(
            request=request,
            kind=RecourseEventKind.DUE_DATE,
            actor=actor,
            text=f"{old} → {due_date}",
        )
        recourse_audit(
            actor=actor,
            action=AuditAction.RECOURSE_DUE_DATE,
            request=request,
            summary=f"{old} → {due_date}",
        )


def recourse_request_add_note(*, actor: User, request: RecourseRequest, text: str) -> None:
    require_handler(actor)
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Write the note."))
    with transaction.atomic():
        recourse_event_add(
            request=request, kind=RecourseEventKind.NOTE, actor=actor, text=text[:5000]
        )
        recourse_audit(actor=actor, action=AuditAction.RECOURSE_NOTE, request=request)


def recourse_request_answer(*, actor: User, request: RecourseRequest, answer: str) -> None:
    """The answer a human wrote is recorded and sent by email; the requester sees it in the status."""
    require_handler(actor)
    answer = (answer or "").strip()
    if not answer:
        raise InvalidInput(_("Write the answer."))
    if request.purged_at is not None:
        raise Conflict(_("This request's personal data was purged: it cannot be answered."))
    with transaction.atomic():
        request.answer = answer[:20000]
        request.status = RecourseStatus.ANSWERED
        request.answered_at = timezone.now()
        if request.handler_id is None:
            request.handler = actor
        request.save(update_fields=["answer", "status", "answered_at", "handler"])
        recourse_event_add(
            request=request,
            kind=RecourseEventKind.ANSWER,
            actor=actor,
            internal=False,
            status=RecourseStatus.ANSWERED,
        )
        recourse_audit(actor=actor, action=AuditAction.RECOURSE_ANSWER, request=request)
        recourse_answer_enqueue(request=request)
