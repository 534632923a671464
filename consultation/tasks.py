"""Celery tasks: emails from the notification outbox, daily digests, phase transitions."""

import logging
from collections import defaultdict
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultation.models import Notification

logger = logging.getLogger(__name__)


def _footer() -> str:
    return "\n\n— IA Commune\n" + _("Change how often you receive these emails: %(url)s") % {
        "url": f"{settings.SITE_URL}/consultations/notifications/"
    }


@shared_task(name="consultation.notifications_send")
def notifications_send(notification_ids: list[int]) -> int:
    """Send immediate notifications; each row is claimed before sending (no double send)."""
    sent = 0
    for notification in Notification.objects.filter(
        pk__in=notification_ids, sent_at__isnull=True, digest=False
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


@shared_task(name="consultation.notifications_retry")
def notifications_retry() -> int:
    """Send immediate notifications left in the outbox (e.g. the broker was down)."""
    cutoff = timezone.now() - timedelta(minutes=5)
    ids = list(
        Notification.objects.filter(
            sent_at__isnull=True, digest=False, created_at__lt=cutoff
        ).values_list("pk", flat=True)[:1000]
    )
    return notifications_send(ids) if ids else 0


@shared_task(name="consultation.notifications_digest")
def notifications_digest() -> int:
    """One email per person gathering the day's notifications (preference: daily digest)."""
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
            lines = []
            for n in items:
                lines.append(f"• {n.subject}\n  {n.body}" + (f"\n  {n.url}" if n.url else ""))
            send_mail(
                "[IA Commune] " + _("Your daily digest (%(count)d)") % {"count": len(items)},
                "\n\n".join(lines) + _footer(),
                settings.DEFAULT_FROM_EMAIL,
                [recipient.email],
            )
            sent += 1
    return sent


@shared_task(name="consultation.phases_advance")
def phases_advance() -> int:
    from consultation.services import consultation_phases_advance

    moves = consultation_phases_advance()
    for slug, before, after in moves:
        logger.info("Consultation %s moved from %s to %s", slug, before, after)
    return len(moves)
