"""Recourse requests: anyone asks for a human review of a decision; agents answer in time.

Every write appends an event to the request's timeline and a row to the audit trail.
"""

import calendar
import datetime
import logging
import secrets
import string

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from accounts.services import audit_record
from core.errors import Conflict, InvalidInput
from core.ratelimit import hashed_identifier, rate_limit_hit
from register.models import (
    AISystem,
    AuditAction,
    RecourseEvent,
    RecourseEventKind,
    RecourseRequest,
    RecourseStatus,
)
from register.policies import require_handler, user_can_handle_recourse

logger = logging.getLogger(__name__)


# --- Rate limits (shared database cache: holds across processes) -----------------------------
def recourse_rate_limited(*, ip: str, email: str) -> bool:
    per_ip = rate_limit_hit(
        key=f"register:rl:recourse:ip:{hashed_identifier(ip)}",
        limit=settings.REGISTER_RECOURSE_LIMIT_PER_IP,
        window_seconds=3600,
    )
    per_email = rate_limit_hit(
        key=f"register:rl:recourse:email:{hashed_identifier(email.lower())}",
        limit=settings.REGISTER_RECOURSE_LIMIT_PER_EMAIL,
        window_seconds=86400,
    )
    return per_ip or per_email


def lookup_rate_limited(*, ip: str) -> bool:
    return rate_limit_hit(
        key=f"register:rl:lookup:ip:{hashed_identifier(ip)}",
        limit=settings.REGISTER_STATUS_LOOKUPS_PER_IP,
        window_seconds=3600,
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


def _event(request, kind, *, actor=None, text="", internal=True, status=""):
    label = ""
    if actor is not None and actor.is_authenticated:
        label = actor.public_name
    return RecourseEvent.objects.create(
        request=request,
        kind=kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=label,
        text=text,
        internal=internal,
        status=status,
    )


def _audit_recourse(actor, action: AuditAction, request, summary="", data=None):
    audit_record(
        actor=actor,
        action=action,
        target_type=RecourseRequest,
        target_id=request.reference,
        summary=summary,
        data={"system": request.system.slug, **(data or {})},
    )


def _send(request: RecourseRequest, template: str, subject: str, to: list[str]) -> None:
    with translation.override(request.language or settings.LANGUAGE_CODE):
        context = {
            "request_obj": request,
            "site_url": settings.SITE_URL,
            "city_name": settings.CITY_NAME,
            "system_name": request.system.published_version.name
            if request.system.published_version_id
            else request.system.slug,
        }
        body = render_to_string(f"register/email/{template}.txt", context)
        send_mail(str(subject), body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)


def recourse_request_open(
    *, system: AISystem, data: dict, requester: User | None = None, language: str = ""
) -> RecourseRequest:
    """Anyone files a request; they get a non-guessable reference and an acknowledgement."""
    if system.published_version_id is None or system.is_partner:
        raise Conflict(_("Recourse requests are filed for the city's published records."))
    if not data.get("consent"):
        raise InvalidInput(_("We need your consent to process your request."))
    if not (data.get("email") or "").strip():
        raise InvalidInput(_("Give an email address to receive the answer."))
    if not (data.get("request") or "").strip():
        raise InvalidInput(_("Say what you ask."))
    with transaction.atomic():
        request = RecourseRequest.objects.create(
            reference=_new_reference(),
            system=system,
            version_number=system.published_version.number,
            language=language or translation.get_language() or settings.LANGUAGE_CODE,
            name=(data.get("name") or "").strip()[:150],
            email=data["email"].strip().lower(),
            phone=(data.get("phone") or "").strip()[:40],
            decision_reference=(data.get("decision_reference") or "").strip()[:120],
            decision_date=data.get("decision_date"),
            request=data["request"].strip()[:10000],
            consent=True,
            requester=requester if requester is not None and requester.is_authenticated else None,
            due_date=recourse_default_due_date(),
        )
        _event(request, RecourseEventKind.RECEIVED, internal=False, status=RecourseStatus.RECEIVED)
        _audit_recourse(
            None, AuditAction.RECOURSE_OPEN, request, summary=_("Recourse request received")
        )
        pk = request.pk
        transaction.on_commit(lambda: _queue_email("send_recourse_acknowledgement", pk))
    return request


def _queue_email(task_name: str, request_id: int) -> None:
    """After commit: a mail outage never loses or fails a request (the event shows it was sent)."""
    from register import tasks

    try:
        getattr(tasks, task_name).delay(request_id)
    except Exception:
        logger.exception("Could not queue %s for recourse request %s", task_name, request_id)


def recourse_send_acknowledgement(*, request_id: int) -> None:
    request = RecourseRequest.objects.select_related("system__published_version").get(pk=request_id)
    with translation.override(request.language):
        subject = _("Your request %(ref)s has been received") % {"ref": request.reference}
    _send(request, "recourse_acknowledgement", subject, [request.email])
    _event(request, RecourseEventKind.ACKNOWLEDGED, internal=False)


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
            _event(
                request,
                RecourseEventKind.STATUS,
                actor=actor,
                internal=False,
                status=RecourseStatus.UNDER_REVIEW,
            )
        request.save(update_fields=fields)
        label = handler.public_name if handler else _("nobody")
        _event(request, RecourseEventKind.ASSIGNED, actor=actor, text=str(label))
        _audit_recourse(actor, AuditAction.RECOURSE_ASSIGN, request, summary=str(label))


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
        _event(request, RecourseEventKind.STATUS, actor=actor, internal=False, status=status)
        _audit_recourse(actor, AuditAction.RECOURSE_STATUS, request, summary=status)


def recourse_request_set_due_date(
    *, actor: User, request: RecourseRequest, due_date: datetime.date
) -> None:
    require_handler(actor)
    with transaction.atomic():
        old = request.due_date
        request.due_date = due_date
        request.save(update_fields=["due_date"])
        _event(request, RecourseEventKind.DUE_DATE, actor=actor, text=f"{old} → {due_date}")
        _audit_recourse(
            actor, AuditAction.RECOURSE_DUE_DATE, request, summary=f"{old} → {due_date}"
        )


def recourse_request_add_note(*, actor: User, request: RecourseRequest, text: str) -> None:
    require_handler(actor)
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Write the note."))
    with transaction.atomic():
        _event(request, RecourseEventKind.NOTE, actor=actor, text=text[:5000])
        _audit_recourse(actor, AuditAction.RECOURSE_NOTE, request)


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
        _event(
            request,
            RecourseEventKind.ANSWER,
            actor=actor,
            internal=False,
            status=RecourseStatus.ANSWERED,
        )
        _audit_recourse(actor, AuditAction.RECOURSE_ANSWER, request)
        pk = request.pk
        transaction.on_commit(lambda: _queue_email("send_recourse_answer", pk))


def recourse_send_answer(*, request_id: int) -> None:
    req = RecourseRequest.objects.select_related("system__published_version").get(pk=request_id)
    with translation.override(req.language):
        subject = _("Answer to your request %(ref)s") % {"ref": req.reference}
    _send(req, "recourse_answer", subject, [req.email])


def recourse_requests_remind_overdue(*, now: datetime.datetime | None = None) -> int:
    """Remind the handler (or every register editor) of open requests past their due date."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    overdue = (
        RecourseRequest.objects.filter(
            status__in=[RecourseStatus.RECEIVED, RecourseStatus.UNDER_REVIEW], due_date__lt=today
        )
        .exclude(last_reminder_at__gte=now - datetime.timedelta(hours=23))
        .select_related("handler", "system__published_version")
    )
    editors = list(
        User.objects.filter(
            groups__in=Group.objects.filter(name=Role.REGISTER_EDITOR), is_active=True
        ).values_list("email", flat=True)
    )
    count = 0
    for request in overdue:
        to = (
            [request.handler.email] if request.handler_id and request.handler.is_active else editors
        )
        if to:
            subject = _("Overdue recourse request %(ref)s (due %(due)s)") % {
                "ref": request.reference,
                "due": request.due_date.isoformat(),
            }
            body = render_to_string(
                "register/email/recourse_reminder.txt",
                {"request_obj": request, "site_url": settings.SITE_URL},
            )
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
        request.last_reminder_at = now
        request.save(update_fields=["last_reminder_at"])
        _event(request, RecourseEventKind.REMINDER)
        count += 1
    return count


def recourse_requests_purge(*, now: datetime.datetime | None = None) -> int:
    """Blank personal data N days after closure; dates, status and system stay for statistics."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.REGISTER_RECOURSE_RETENTION_DAYS)
    due = RecourseRequest.objects.filter(purged_at__isnull=True).filter(
        Q(status=RecourseStatus.CLOSED, closed_at__lt=limit)
        | Q(status=RecourseStatus.ANSWERED, answered_at__lt=limit)
    )
    count = 0
    for request in due:
        recourse_request_anonymise(request=request, now=now)
        count += 1
    return count


def recourse_request_anonymise(*, request: RecourseRequest, now=None) -> None:
    with transaction.atomic():
        request.name = ""
        request.email = ""
        request.phone = ""
        request.decision_reference = ""
        request.request = ""
        request.answer = ""
        request.requester = None
        request.purged_at = now or timezone.now()
        request.save()
        request.events.update(text="")
        _event(request, RecourseEventKind.PURGED)
        _audit_recourse(None, AuditAction.RECOURSE_PURGE, request)
