"""Writes on the register: versions, four-eyes publishing, retirement, recourse, feedback.

Every write to a civic record appends an audit row in the same transaction.
"""

import calendar
import datetime
import logging
import secrets
import string

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from accounts.services import audit_record
from core.ratelimit import hashed_identifier, parse_rate, rate_limit_hit
from register.models import (
    AISystem,
    AISystemVersion,
    CharterAssessment,
    CharterPrinciple,
    ErrorReport,
    RecourseEvent,
    RecourseEventKind,
    RecourseRequest,
    RecourseStatus,
    RiskLevel,
    Status,
    VersionState,
)
from register.questionnaire import RiskResult, risk_level_assess

logger = logging.getLogger(__name__)

__all__ = ["RiskResult", "risk_level_assess"]

# Fields copied from one version to the next (everything a record says).
CONTENT_FIELDS = AISystemVersion.content_field_names()

CORE_FIELDS = [
    "name",
    "short_description",
    "organisation",
    "department",
    "contact",
    "status",
    "purpose",
    "expected_impact",
    "human_oversight",
    "automation_level",
    "legal_basis",
    "recourse_procedure",
    "risk_level",
    "standard_version",
    "language",
]


# --- Permissions ---------------------------------------------------------------------------
def user_can_edit_register(*, user) -> bool:
    return user_has_role(user=user, role=Role.REGISTER_EDITOR)


def user_can_handle_recourse(*, user) -> bool:
    return user_has_role(user=user, role=Role.REGISTER_EDITOR) or user_has_role(
        user=user, role=Role.AGENT
    )


def _require_editor(user) -> None:
    if not user_can_edit_register(user=user):
        raise PermissionDenied(_("Only register editors can change the register."))


def _require_handler(user) -> None:
    if not user_can_handle_recourse(user=user):
        raise PermissionDenied(_("Only city agents and register editors handle recourse requests."))


# --- Versions ------------------------------------------------------------------------------
RESERVED_SLUGS = {"staff", "recourse", "export", "catalog"}


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "systeme"
    if base in RESERVED_SLUGS:
        base = f"{base}-ia"
    slug, n = base, 2
    while AISystem.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def system_create(*, actor: User, data: dict, slug: str = "", change_summary: str = "") -> AISystem:
    """A new record: the system's stable identity and its first draft version."""
    _require_editor(actor)
    with transaction.atomic():
        system = AISystem.objects.create(
            slug=slug or _unique_slug(data.get("name", "")), created_by=actor
        )
        version = _version_create(
            system=system,
            actor=actor,
            base=None,
            data=data,
            change_summary=change_summary or _("Record created"),
        )
        audit_record(
            actor=actor,
            action="register.system.create",
            target_type="register.aisystem",
            target_id=system.uuid,
            summary=version.name,
            data={"slug": system.slug, "version": version.number},
        )
    return system


def _version_create(
    *,
    system: AISystem,
    actor: User | None,
    base: AISystemVersion | None,
    data: dict,
    change_summary: str,
    charter: list[dict] | None = None,
) -> AISystemVersion:
    values = {name: getattr(base, name) for name in CONTENT_FIELDS} if base else {}
    unknown = set(data) - set(CONTENT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    values.update(data)
    last = system.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = AISystemVersion(
        system=system,
        number=last + 1,
        state=VersionState.DRAFT,
        created_by=actor,
        change_summary=change_summary[:255],
        **values,
    )
    version.full_clean(exclude=["system"])
    version.save()
    if charter is not None:
        rows = charter
    elif base is not None:
        rows = list(base.charter_assessments.values("principle", "rating", "justification"))
    else:
        rows = []
    CharterAssessment.objects.bulk_create(
        [CharterAssessment(version=version, **row) for row in rows]
    )
    return version


def system_latest_version(*, system: AISystem) -> AISystemVersion | None:
    return system.versions.order_by("-number").first()


def system_version_save(
    *,
    actor: User,
    system: AISystem,
    data: dict,
    change_summary: str = "",
    charter: list[dict] | None = None,
) -> AISystemVersion:
    """Every save is a new draft version built on the latest one; nothing is overwritten."""
    _require_editor(actor)
    if system.is_partner:
        raise PermissionDenied(_("Entries harvested from a partner are edited at their source."))
    with transaction.atomic():
        AISystem.objects.select_for_update().filter(pk=system.pk).first()
        base = system_latest_version(system=system)
        version = _version_create(
            system=system,
            actor=actor,
            base=base,
            data=data,
            change_summary=change_summary or _("Record edited"),
            charter=charter,
        )
        changed = sorted(k for k in data if base is None or getattr(base, k) != data[k])
        audit_record(
            actor=actor,
            action="register.system.edit",
            target_type="register.aisystem",
            target_id=system.uuid,
            summary=version.change_summary,
            data={"version": version.number, "fields": changed},
        )
    return version


def system_assessment_save(
    *, actor: User, system: AISystem, answers: dict, change_summary: str = ""
) -> AISystemVersion:
    """The AI Act questionnaire: its answers, the level and the reasons go into a new version."""
    result = risk_level_assess(answers=answers)
    return system_version_save(
        actor=actor,
        system=system,
        data={
            "risk_answers": answers,
            "risk_reasons": result.as_dict()["reasons"],
            "risk_level": result.level,
            "annex_iii_point": result.annex_iii_point,
        },
        change_summary=change_summary or _("AI Act questionnaire answered"),
    )


def system_charter_save(
    *, actor: User, system: AISystem, rows: list[dict], change_summary: str = ""
) -> AISystemVersion:
    principles = [row["principle"] for row in rows]
    if len(set(principles)) != len(principles) or not set(principles) <= set(
        CharterPrinciple.values
    ):
        raise ValidationError(_("Give at most one assessment per charter principle."))
    return system_version_save(
        actor=actor,
        system=system,
        data={},
        charter=rows,
        change_summary=change_summary or _("Charter assessment updated"),
    )


def version_missing_core_fields(*, version: AISystemVersion) -> list[str]:
    """Labels of the core fields (DESIGN §6) a version lacks; empty when it can be published."""
    missing = [name for name in CORE_FIELDS if not getattr(version, name)]
    via_annex_i = (version.risk_answers or {}).get("annex_i_safety_component") in (True, "yes")
    if version.risk_level == RiskLevel.HIGH and not version.annex_iii_point and not via_annex_i:
        missing.append("annex_iii_point")
    if version.status == Status.RETIRED and not version.retirement_reason.strip():
        missing.append("retirement_reason")
    if not version.legal_links.strip() and not version.legal_basis.strip():
        missing.append("legal_links")
    return [str(AISystemVersion._meta.get_field(name).verbose_name) for name in missing]


def system_version_publish(*, actor: User, version: AISystemVersion) -> AISystemVersion:
    """Four eyes: a second editor publishes; the core fields must all be filled in."""
    _require_editor(actor)
    with transaction.atomic():
        system = AISystem.objects.select_for_update().get(pk=version.system_id)
        version = AISystemVersion.objects.select_for_update().get(pk=version.pk)
        if version.state != VersionState.DRAFT:
            raise ValidationError(_("Only a draft can be published."))
        if version.created_by_id == actor.pk:
            raise PermissionDenied(
                _("Nobody publishes their own draft: another register editor must publish it.")
            )
        newer = system.versions.filter(number__gt=version.number).exists()
        if newer:
            raise ValidationError(_("A newer draft exists: publish that one instead."))
        missing = version_missing_core_fields(version=version)
        if missing:
            raise ValidationError(
                _("This version cannot be published: missing %(fields)s.")
                % {"fields": ", ".join(missing)}
            )
        now = timezone.now()
        system.versions.filter(state=VersionState.PUBLISHED).update(state=VersionState.SUPERSEDED)
        system.versions.filter(state=VersionState.DRAFT, number__lt=version.number).update(
            state=VersionState.DISCARDED
        )
        version.state = VersionState.PUBLISHED
        version.published_at = now
        version.published_by = actor
        version.save(update_fields=["state", "published_at", "published_by"])
        system.published_version = version
        fields = ["published_version"]
        if system.first_published_at is None:
            system.first_published_at = now
            fields.append("first_published_at")
        system.save(update_fields=fields)
        action = (
            "register.system.retire"
            if version.status == Status.RETIRED
            else "register.system.publish"
        )
        audit_record(
            actor=actor,
            action=action,
            target_type="register.aisystem",
            target_id=system.uuid,
            summary=f"{version.name} v{version.number}",
            data={"version": version.number, "author": version.created_by_id},
        )
    return version


def system_retire(*, actor: User, system: AISystem, reason: str) -> AISystemVersion:
    """Retiring is a new version with status "retired" and its reason (published by a second editor)."""
    _require_editor(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the system is retired.")})
    version = system_version_save(
        actor=actor,
        system=system,
        data={
            "status": Status.RETIRED,
            "retirement_reason": reason,
            "end_date": timezone.localdate(),
        },
        change_summary=_("Retirement requested: %(r)s") % {"r": reason[:180]},
    )
    audit_record(
        actor=actor,
        action="register.system.retire_request",
        target_type="register.aisystem",
        target_id=system.uuid,
        summary=reason[:255],
        data={"version": version.number},
    )
    return version


def version_discard(*, actor: User, version: AISystemVersion) -> None:
    _require_editor(actor)
    if version.state != VersionState.DRAFT:
        raise ValidationError(_("Only a draft can be discarded."))
    version.state = VersionState.DISCARDED
    version.save(update_fields=["state"])
    audit_record(
        actor=actor,
        action="register.version.discard",
        target_type="register.aisystem",
        target_id=version.system.uuid,
        summary=f"v{version.number}",
    )


# --- Rate limits (shared database cache: holds across processes) -----------------------------
def _rate_limited(*, key: str, rate: str, default_period: str) -> bool:
    """Settings say "count/period"; a bare count keeps the period these limits always had."""
    limit, _period, seconds = parse_rate(str(rate), default_period=default_period)
    return rate_limit_hit(key=key, limit=limit, window_seconds=seconds)


def recourse_rate_limited(*, ip: str, email: str) -> bool:
    per_ip = _rate_limited(
        key=f"register:rl:recourse:ip:{hashed_identifier(ip)}",
        rate=settings.REGISTER_RECOURSE_LIMIT_PER_IP,
        default_period="hour",
    )
    per_email = _rate_limited(
        key=f"register:rl:recourse:email:{hashed_identifier(email.lower())}",
        rate=settings.REGISTER_RECOURSE_LIMIT_PER_EMAIL,
        default_period="day",
    )
    return per_ip or per_email


def lookup_rate_limited(*, ip: str) -> bool:
    return _rate_limited(
        key=f"register:rl:lookup:ip:{hashed_identifier(ip)}",
        rate=settings.REGISTER_STATUS_LOOKUPS_PER_IP,
        default_period="hour",
    )


def feedback_rate_limited(*, ip: str) -> bool:
    return _rate_limited(
        key=f"register:rl:feedback:ip:{hashed_identifier(ip)}",
        rate=settings.REGISTER_FEEDBACK_LIMIT_PER_IP,
        default_period="hour",
    )


# --- Feedback ------------------------------------------------------------------------------
def error_report_create(*, system: AISystem, message: str, email: str = "") -> ErrorReport:
    message = (message or "").strip()
    if len(message) < 10:
        raise ValidationError(
            {"message": _("Describe the error in a few words (10 characters at least).")}
        )
    with transaction.atomic():
        report = ErrorReport.objects.create(
            system=system,
            version_number=system.published_version.number if system.published_version_id else None,
            message=message[:5000],
            email=email,
        )
        audit_record(
            actor=None,
            action="register.feedback.create",
            target_type="register.aisystem",
            target_id=system.uuid,
            summary=_("Error reported by a reader"),
            data={"report": report.pk},
        )
    return report


def error_report_mark_handled(*, actor: User, report: ErrorReport) -> None:
    _require_handler(actor)
    report.handled_at = timezone.now()
    report.handled_by = actor
    report.save(update_fields=["handled_at", "handled_by"])


# --- Recourse ------------------------------------------------------------------------------
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


def _audit_recourse(actor, action, request, summary="", data=None):
    audit_record(
        actor=actor,
        action=f"register.recourse.{action}",
        target_type="register.recourse",
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
        raise ValidationError(_("Recourse requests are filed for the city's published records."))
    if not data.get("consent"):
        raise ValidationError({"consent": _("We need your consent to process your request.")})
    if not (data.get("email") or "").strip():
        raise ValidationError({"email": _("Give an email address to receive the answer.")})
    if not (data.get("request") or "").strip():
        raise ValidationError({"request": _("Say what you ask.")})
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
        _audit_recourse(None, "open", request, summary=_("Recourse request received"))
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
    _require_handler(actor)
    if handler is not None and not user_can_handle_recourse(user=handler):
        raise ValidationError({"handler": _("This person cannot handle recourse requests.")})
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
        _audit_recourse(actor, "assign", request, summary=str(label))


def recourse_request_set_status(*, actor: User, request: RecourseRequest, status: str) -> None:
    _require_handler(actor)
    allowed = {
        RecourseStatus.RECEIVED: {RecourseStatus.UNDER_REVIEW, RecourseStatus.CLOSED},
        RecourseStatus.UNDER_REVIEW: {RecourseStatus.CLOSED, RecourseStatus.RECEIVED},
        RecourseStatus.ANSWERED: {RecourseStatus.CLOSED, RecourseStatus.UNDER_REVIEW},
        RecourseStatus.CLOSED: {RecourseStatus.UNDER_REVIEW},
    }
    if status not in allowed.get(request.status, set()):
        raise ValidationError({"status": _("This change of status is not allowed.")})
    with transaction.atomic():
        request.status = status
        request.closed_at = timezone.now() if status == RecourseStatus.CLOSED else None
        request.save(update_fields=["status", "closed_at"])
        _event(request, RecourseEventKind.STATUS, actor=actor, internal=False, status=status)
        _audit_recourse(actor, "status", request, summary=status)


def recourse_request_set_due_date(
    *, actor: User, request: RecourseRequest, due_date: datetime.date
) -> None:
    _require_handler(actor)
    with transaction.atomic():
        old = request.due_date
        request.due_date = due_date
        request.save(update_fields=["due_date"])
        _event(request, RecourseEventKind.DUE_DATE, actor=actor, text=f"{old} → {due_date}")
        _audit_recourse(actor, "due_date", request, summary=f"{old} → {due_date}")


def recourse_request_add_note(*, actor: User, request: RecourseRequest, text: str) -> None:
    _require_handler(actor)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the note.")})
    with transaction.atomic():
        _event(request, RecourseEventKind.NOTE, actor=actor, text=text[:5000])
        _audit_recourse(actor, "note", request)


def recourse_request_answer(*, actor: User, request: RecourseRequest, answer: str) -> None:
    """The answer a human wrote is recorded and sent by email; the requester sees it in the status."""
    _require_handler(actor)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")})
    if request.purged_at is not None:
        raise ValidationError(_("This request's personal data was purged: it cannot be answered."))
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
        _audit_recourse(actor, "answer", request)
        pk = request.pk
        transaction.on_commit(lambda: _queue_email("send_recourse_answer", pk))


def recourse_send_answer(*, request_id: int) -> None:
    req = RecourseRequest.objects.select_related("system__published_version").get(pk=request_id)
    with translation.override(req.language):
        subject = _("Answer to your request %(ref)s") % {"ref": req.reference}
    _send(req, "recourse_answer", subject, [req.email])


def recourse_requests_remind_overdue(*, now: datetime.datetime | None = None) -> int:
    """Remind the handler (or every register editor) of open requests past their due date."""
    from django.contrib.auth.models import Group

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
    from django.db.models import Q

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
        _audit_recourse(None, "purge", request)
