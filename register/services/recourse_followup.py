"""What runs around recourse requests, mostly from Celery tasks: the emails to the requester,
the overdue reminders to handlers, and the purge of personal data after the retention period.

Kept apart from `recourse` (which queues these tasks) so that tasks → services never loops back.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from accounts.services import audit_record
from core.outbox import outbox_enqueue
from register.models import (
    AuditAction,
    RecourseEvent,
    RecourseEventKind,
    RecourseRequest,
    RecourseStatus,
)


def recourse_event_add(
    *, request: RecourseRequest, kind: str, actor=None, text="", internal=True, status=""
) -> RecourseEvent:
    """One step on the request's timeline (internal ones are never shown to the requester)."""
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


def recourse_audit(
    *, actor, action: AuditAction, request: RecourseRequest, summary: str = "", data=None
) -> None:
    audit_record(
        actor=actor,
        action=action,
        target_type=RecourseRequest,
        target_id=request.reference,
        summary=summary,
        data={"system": request.system.slug, **(data or {})},
    )


def _enqueue(
    request: RecourseRequest, template: str, subject: str, kind: str, on_sent: str = ""
) -> None:
    """Write the email to the requester in the outbox, in the requester's language.

    A request without email (recorded at a counter, answered by letter) gets no email."""
    if not request.email:
        return
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
    outbox_enqueue(
        to=request.email,
        subject=str(subject),
        body=body,
        kind=kind,
        on_sent=on_sent,
        on_sent_kwargs={"request_id": request.pk} if on_sent else None,
    )


def recourse_acknowledgement_enqueue(*, request: RecourseRequest) -> None:
    """Called in the transaction that files the request: the acknowledgement leaves through
    the outbox (retried until it is sent); the timeline records it once it has left."""
    with translation.override(request.language or settings.LANGUAGE_CODE):
        subject = _("Your request %(ref)s has been received") % {"ref": request.reference}
    _enqueue(
        request,
        "recourse_acknowledgement",
        subject,
        "register.recourse_acknowledgement",
        on_sent="register.services.recourse_followup.recourse_acknowledgement_sent",
    )


def recourse_acknowledgement_sent(*, request_id: int) -> None:
    """The outbox sent the acknowledgement: the requester's timeline says so."""
    request = RecourseRequest.objects.filter(pk=request_id).first()
    if request is not None:
        recourse_event_add(request=request, kind=RecourseEventKind.ACKNOWLEDGED, internal=False)


def recourse_answer_enqueue(*, request: RecourseRequest) -> None:
    """Called in the transaction that records the answer."""
    with translation.override(request.language or settings.LANGUAGE_CODE):
        subject = _("Answer to your request %(ref)s") % {"ref": request.reference}
    _enqueue(request, "recourse_answer", subject, "register.recourse_answer")


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
            outbox_enqueue(to=to, subject=subject, body=body, kind="register.recourse_reminder")
        request.last_reminder_at = now
        request.save(update_fields=["last_reminder_at"])
        recourse_event_add(request=request, kind=RecourseEventKind.REMINDER)
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
        request.postal_address = ""
        request.postcode = ""
        request.town = ""
        request.decision_reference = ""
        request.request = ""
        request.answer = ""
        request.requester = None
        request.purged_at = now or timezone.now()
        request.save()
        request.events.update(text="")
        recourse_event_add(request=request, kind=RecourseEventKind.PURGED)
        recourse_audit(actor=None, action=AuditAction.RECOURSE_PURGE, request=request)
