"""Notifications: one outbox row per recipient, written in the caller's transaction, then
emailed by Celery (immediately or in a daily digest, as each person chose).

Nothing a user did is lost when the broker or the mail server is down: rows stay unsent in
the outbox and the beat tasks deliver them later. Each row is claimed (`sent_at` set in the
same transaction as the send) so two workers never email it twice.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from consultation.models import Frequency, Notification, NotificationPreference
from core.errors import InvalidInput
from core.tasks import task_send_on_commit

logger = logging.getLogger(__name__)

# Immediate rows older than this are assumed to have missed their task (broker down).
RETRY_AFTER = timedelta(minutes=5)
RETRY_BATCH = 1000


def absolute_url(url: str) -> str:
    return f"{settings.SITE_URL}{url}"


def _queue_send(ids: list[int]) -> None:
    """Hand the ids to Celery after commit; a broker outage only delays the email (the
    outbox rows stay unsent and the beat task `notifications_retry` sends them later)."""
    if ids:
        task_send_on_commit("consultation.notifications_send", ids)


def notify(
    *,
    recipient_ids: Iterable[int],
    kind: str,
    subject: str,
    body: str,
    url: str = "",
    exclude_id: int | None = None,
) -> int:
    """Write one outbox row per recipient according to their preference."""
    ids = {i for i in recipient_ids if i is not None and i != exclude_id}
    if not ids:
        return 0
    prefs = dict(
        NotificationPreference.objects.filter(user_id__in=ids).values_list("user_id", "frequency")
    )
    active = set(
        User.objects.filter(pk__in=ids, is_active=True, deleted_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    rows = []
    for user_id in sorted(ids & active):
        frequency = prefs.get(user_id, Frequency.IMMEDIATELY)
        if frequency == Frequency.NEVER:
            continue
        rows.append(
            Notification(
                recipient_id=user_id,
                kind=kind,
                subject=subject[:200],
                body=body,
                url=url,
                digest=frequency == Frequency.DAILY,
            )
        )
    created = Notification.objects.bulk_create(rows, batch_size=1000)
    immediate = [n.pk for n in created if not n.digest and n.pk is not None]
    if len(immediate) < sum(1 for n in created if not n.digest):  # backend without RETURNING
        immediate = list(
            Notification.objects.filter(
                recipient_id__in=[n.recipient_id for n in created if not n.digest],
                sent_at__isnull=True,
                digest=False,
                kind=kind,
            ).values_list("pk", flat=True)
        )
    _queue_send(immediate)
    return len(created)


def notification_preference_set(*, user: User, frequency: str) -> NotificationPreference:
    if frequency not in Frequency.values:
        raise InvalidInput(_("Choose how often you want to be told."))
    pref, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"frequency": frequency}
    )
    return pref


# --- Delivery (called by the Celery tasks) --------------------------------------------------


def _footer() -> str:
    return "\n\n— IA Commune\n" + _("Change how often you receive these emails: %(url)s") % {
        "url": absolute_url("/consultations/notifications/")
    }


def notifications_deliver(*, notification_ids: Iterable[int]) -> int:
    """Email immediate notifications; each row is claimed before sending (no double send)."""
    sent = 0
    for notification in Notification.objects.filter(
        pk__in=list(notification_ids), sent_at__isnull=True, digest=False
    ).select_related("recipient"):
        with transaction.atomic():
            claimed = Notification.objects.filter(pk=notification.pk, sent_at__isnull=True).update(
                sent_at=timezone.now()
            )
            if not claimed:
                continue
            body = notification.body
            if notification.url:
                body += "\n\n" + notification.url
            send_mail(
                f"[IA Commune] {notification.subject}",
                body + _footer(),
                settings.DEFAULT_FROM_EMAIL,
                [notification.recipient.email],
            )
            sent += 1
    return sent


def notifications_deliver_stale(*, now: datetime | None = None) -> int:
    """Email immediate notifications left in the outbox (e.g. the broker was down)."""
    cutoff = (now or timezone.now()) - RETRY_AFTER
    ids = list(
        Notification.objects.filter(
            sent_at__isnull=True, digest=False, created_at__lt=cutoff
        ).values_list("pk", flat=True)[:RETRY_BATCH]
    )
    return notifications_deliver(notification_ids=ids) if ids else 0


def notification_digests_deliver() -> int:
    """One email per person gathering the day's notifications (preference: daily digest).
    Returns the number of emails sent."""
    pending = defaultdict(list)
    for notification in (
        Notification.objects.filter(sent_at__isnull=True, digest=True)
        .select_related("recipient")
        .order_by("recipient_id", "created_at")
    ):
        pending[notification.recipient_id].append(notification)
    sent = 0
    for items in pending.values():
        recipient = items[0].recipient
        with transaction.atomic():
            claimed = Notification.objects.filter(
                pk__in=[n.pk for n in items], sent_at__isnull=True
            ).update(sent_at=timezone.now())
            if not claimed:
                continue
            lines = [
                f"• {n.subject}\n  {n.body}" + (f"\n  {n.url}" if n.url else "") for n in items
            ]
            send_mail(
                "[IA Commune] " + _("Your daily digest (%(count)d)") % {"count": len(items)},
                "\n\n".join(lines) + _footer(),
                settings.DEFAULT_FROM_EMAIL,
                [recipient.email],
            )
            sent += 1
    return sent
