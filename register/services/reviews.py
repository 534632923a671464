"""Review dates: a record past its review date says so publicly ("review overdue", computed by
`AISystemVersion.review_overdue`) and reminds its editors through the outbox, once per period
(`REGISTER_REVIEW_REMINDER_DAYS`), not on every run of the beat task."""

import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from accounts.services import audit_record
from core.outbox import outbox_enqueue
from register.models import AISystem, AISystemVersion, AuditAction, Status


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
        with transaction.atomic():
            # Row lock: two beat runs at once send one reminder.
            locked = AISystem.objects.select_for_update().get(pk=system.pk)
            if locked.review_reminded_at != last:
                continue
            to = system_editor_emails(system=system)
            if to:
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
                outbox_enqueue(to=to, subject=subject, body=body, kind="register.review_reminder")
            locked.review_reminded_at = now
            locked.save(update_fields=["review_reminded_at"])
            audit_record(
                actor=None,
                action=AuditAction.REVIEW_REMINDER,
                target_type=AISystem,
                target_id=system.uuid,
                summary=version.name,
                data={"review_date": version.review_date.isoformat(), "recipients": len(to)},
            )
        count += 1
    return count
