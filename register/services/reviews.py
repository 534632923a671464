"""Review dates: a record past its review date says so publicly ("review overdue", computed by
`AISystemVersion.review_overdue`) and reminds its editors through the outbox, once per period
(`REGISTER_REVIEW_REMINDER_DAYS`), not on every run of the beat task."""

import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from accounts.services import audit_record
from core.outbox import outbox_enqueue
from register.models import AISystem, AISystemVersion, AuditAction, Status
from register.oversight import DEPLOYED_STATUSES, system_evaluation_state
from register.selectors import last_evaluations_by_system


def system_editor_emails(*, system: AISystem) -> list[str]:
    """Its editors: the register editors who wrote or published one of its versions (all
    register editors when none of them is still one)."""
    editors = User.objects.filter(
        groups__in=Group.objects.filter(name=Role.REGISTER_EDITOR), is_active=True
    ).exclude(email="")
    wrote = AISystemVersion.objects.filter(system=system)
    own = editors.filter(
        Q(pk__in=wrote.values("created_by")) | Q(pk__in=wrote.values("published_by"))
    )
    emails = sorted(set(own.values_list("email", flat=True)))
    return emails or sorted(set(editors.values_list("email", flat=True)))


def system_editors_remind(
    *,
    system: AISystem,
    now: datetime.datetime,
    field: str,
    last: datetime.datetime | None,
    subject: str,
    body: str,
    kind: str,
    action: str,
    data: dict,
) -> bool:
    """Email a record's editors through the outbox and stamp `field` (the time of the last
    reminder) in one transaction, with the audit row. The row lock makes two beat runs at once
    send one reminder: False when another run stamped it first. Shared by the review and the
    evaluation reminders."""
    with transaction.atomic():
        locked = AISystem.objects.select_for_update().get(pk=system.pk)
        if getattr(locked, field) != last:
            return False
        to = system_editor_emails(system=system)
        if to:
            outbox_enqueue(to=to, subject=subject, body=body, kind=kind)
        setattr(locked, field, now)
        locked.save(update_fields=[field])
        audit_record(
            actor=None,
            action=action,
            target_type=AISystem,
            target_id=system.uuid,
            summary=str(system.published_version.name),
            data={**data, "recipients": len(to)},
        )
    return True


def systems_remind_review_overdue(*, now: datetime.datetime | None = None) -> int:
    """Remind the editors of every published city record past its review date.

    A record is reminded again only after `REGISTER_REVIEW_REMINDER_DAYS`, or when its review
    date moved since the last reminder (a new review date that passed is a new overdue review).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    period = datetime.timedelta(days=settings.REGISTER_REVIEW_REMINDER_DAYS)
    due = (
        AISystem.objects.published()
        .city()
        .filter(published_version__review_date__lt=today)
        .exclude(published_version__status=Status.RETIRED)
        .select_related("published_version")
    )
    count = 0
    for system in due:
        version = system.published_version
        last = system.review_reminded_at
        if (
            last is not None
            and last > now - period
            and timezone.localdate(last) > version.review_date
        ):
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Review overdue: %(name)s (due %(date)s)") % {
                "name": version.name,
                "date": version.review_date.isoformat(),
            }
            body = _(
                "The register record “%(name)s” was due for review on %(date)s. "
                "Review it and save a new version with the next review date:\n%(url)s"
            ) % {
                "name": version.name,
                "date": version.review_date.isoformat(),
                "url": settings.SITE_URL.rstrip("/") + system.get_absolute_url(),
            }
        if not system_editors_remind(
            system=system,
            now=now,
            field="review_reminded_at",
            last=last,
            subject=subject,
            body=body,
            kind="register.review_reminder",
            action=AuditAction.REVIEW_REMINDER,
            data={"review_date": version.review_date.isoformat()},
        ):
            continue
        count += 1
    return count


def systems_remind_evaluation_overdue(*, now: datetime.datetime | None = None) -> int:
    """Remind the editors of every deployed city record whose evaluation is overdue (the
    schedule per risk level, `register.oversight`), once per `REGISTER_REVIEW_REMINDER_DAYS`,
    or again as soon as a new due date has passed."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    period = datetime.timedelta(days=settings.REGISTER_REVIEW_REMINDER_DAYS)
    deployed = list(
        AISystem.objects.published()
        .city()
        .filter(published_version__status__in=DEPLOYED_STATUSES)
        .select_related("published_version")
    )
    last_done = last_evaluations_by_system(systems=[s.pk for s in deployed])
    count = 0
    for system in deployed:
        state = system_evaluation_state(
            system, last_evaluated_on=last_done.get(system.pk), today=today
        )
        if not state.overdue:
            continue
        last = system.evaluation_reminded_at
        if (
            last is not None
            and last > now - period
            and timezone.localdate(last) > state.next_due_on
        ):
            continue
        version = system.published_version
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Evaluation overdue: %(name)s (due %(date)s)") % {
                "name": version.name,
                "date": state.next_due_on.isoformat(),
            }
            body = _(
                "The deployed system “%(name)s” (%(risk)s) is evaluated every %(months)s months; "
                "its evaluation was due on %(date)s. Record the evaluation on its page:\n%(url)s"
            ) % {
                "name": version.name,
                "risk": version.get_risk_level_display() if version.risk_level else "—",
                "months": state.interval_months,
                "date": state.next_due_on.isoformat(),
                "url": settings.SITE_URL.rstrip("/")
                + reverse("register:evaluate", kwargs={"slug": system.slug}),
            }
        if system_editors_remind(
            system=system,
            now=now,
            field="evaluation_reminded_at",
            last=last,
            subject=subject,
            body=body,
            kind="register.evaluation_reminder",
            action=AuditAction.EVALUATION_REMINDER,
            data={"due_on": state.next_due_on.isoformat()},
        ):
            count += 1
    return count
