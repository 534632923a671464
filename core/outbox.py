"""The outbox every email of the site leaves through.

A service writes the email as an `OutboxMessage` row inside its own transaction
(`outbox_enqueue`), so the email exists exactly when what caused it was committed. After the
commit a task (`core.outbox_deliver`, queued by name) sends it at once; when the broker is down
nothing waits and nothing is lost: the beat task `core.outbox_retry` sends every row that is
due. A failed send is tried again with an exponential backoff, and after
`OUTBOX_MAX_ATTEMPTS` failures the row is dead-lettered: staff see it in the Django admin
("Outgoing emails") and can retry it there.

Each send first claims its row (a conditional UPDATE that pushes `next_attempt_at` one lease
ahead), so two workers, or the immediate task and the beat task, never send the same row
twice. A worker that dies mid-send leaves the row to be tried again once the lease expires.
"""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from core.models import OutboxMessage
from core.tasks import task_send_on_commit

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)  # a claimed row is not tried again before this
MAX_BACKOFF = timedelta(hours=6)
RETRY_BATCH = 500


def outbox_enqueue(
    *,
    to: str | Iterable[str],
    subject: str,
    body: str,
    kind: str,
    html: str = "",
    on_sent: str = "",
    on_sent_kwargs: dict | None = None,
) -> list[OutboxMessage]:
    """Write one row per recipient in the caller's transaction and send them after commit.

    Call it inside the transaction that records what the email is about: if that transaction
    rolls back, no email leaves; if it commits, the email leaves even if the broker is down.
    `on_sent` is the dotted path of a function called with `on_sent_kwargs` once a row has
    left (e.g. to record "acknowledgement sent" only when it is true).
    """
    recipients = [to] if isinstance(to, str) else list(to)
    rows = [
        OutboxMessage(
            recipient=address.strip()[:254],
            subject=" ".join(str(subject).split())[:255],  # no header injection, one line
            body=body,
            html_body=html,
            kind=kind[:60],
            on_sent=on_sent,
            on_sent_kwargs=on_sent_kwargs or {},
        )
        for address in recipients
        if address and address.strip()
    ]
    if not rows:
        return []
    with transaction.atomic():
        for row in rows:  # not bulk_create: every backend must give us the ids
            row.save()
    task_send_on_commit("core.outbox_deliver", [row.pk for row in rows])
    return rows


def _backoff(attempts: int) -> timedelta:
    base = timedelta(seconds=settings.OUTBOX_RETRY_BASE_SECONDS)
    return min(base * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _claim(pk: int, now: datetime) -> bool:
    return bool(
        OutboxMessage.objects.filter(
            pk=pk, sent_at__isnull=True, dead_at__isnull=True, next_attempt_at__lte=now
        ).update(next_attempt_at=now + LEASE)
    )


OUTBOX_BACKEND = "core.mail.OutboxBackend"


def _delivery_connection():
    """The backend that really sends: `OUTBOX_DELIVERY_BACKEND` when Django's EMAIL_BACKEND is
    the outbox itself (core/mail.py), else EMAIL_BACKEND (tests swap in the locmem backend)."""
    backend = settings.EMAIL_BACKEND
    if backend == OUTBOX_BACKEND:
        backend = settings.OUTBOX_DELIVERY_BACKEND
    return get_connection(backend, fail_silently=False)


def _send(message: OutboxMessage) -> None:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        connection=_delivery_connection(),
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    email.send(fail_silently=False)


def outbox_deliver(*, ids: Iterable[int], now: datetime | None = None) -> int:
    """Send the given rows that are due; returns how many left. Failures are recorded."""
    sent = 0
    for message in OutboxMessage.objects.filter(pk__in=list(ids)).order_by("pk"):
        now = now or timezone.now()
        if not _claim(message.pk, now):
            continue  # sent, dead, not due yet, or claimed by another worker
        try:
            _send(message)
        except Exception as exc:  # noqa: BLE001 - any failure is recorded and retried
            attempts = message.attempts + 1
            dead = attempts >= settings.OUTBOX_MAX_ATTEMPTS
            OutboxMessage.objects.filter(pk=message.pk).update(
                attempts=F("attempts") + 1,
                last_error=f"{exc.__class__.__name__}: {exc}"[:2000],
                next_attempt_at=now + _backoff(attempts),
                dead_at=now if dead else None,
            )
            logger.warning(
                "Outbox message %s (%s) not sent, attempt %s%s: %s",
                message.pk,
                message.kind,
                attempts,
                ", dead-lettered" if dead else "",
                exc.__class__.__name__,
            )
            continue
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=F("attempts") + 1, sent_at=timezone.now(), last_error=""
        )
        sent += 1
        if message.on_sent:
            try:
                import_string(message.on_sent)(**message.on_sent_kwargs)
            except Exception:  # the email has left: a failing follow-up must not resend it
                logger.exception("Outbox message %s: %s failed", message.pk, message.on_sent)
    return sent


def outbox_due_ids(*, now: datetime | None = None, limit: int = RETRY_BATCH) -> list[int]:
    now = now or timezone.now()
    return list(
        OutboxMessage.objects.filter(
            sent_at__isnull=True, dead_at__isnull=True, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_deliver_due(*, now: datetime | None = None) -> int:
    """The beat task: send what is due (left by a broker outage or a failed send), then forget
    sent emails older than `OUTBOX_RETENTION_DAYS` (their bodies hold personal data)."""
    now = now or timezone.now()
    sent = 0
    while ids := outbox_due_ids(now=now):
        delivered = outbox_deliver(ids=ids, now=now)
        sent += delivered
        if len(ids) < RETRY_BATCH:
            break
    cutoff = now - timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    OutboxMessage.objects.filter(sent_at__lt=cutoff).delete()
    return sent


def outbox_retry_dead(*, ids: Iterable[int]) -> int:
    """Staff give dead-lettered (or failing) rows a new round of attempts."""
    with transaction.atomic():
        pks = list(
            OutboxMessage.objects.filter(pk__in=list(ids), sent_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
        OutboxMessage.objects.filter(pk__in=pks).update(
            dead_at=None, attempts=0, next_attempt_at=timezone.now()
        )
        if pks:
            task_send_on_commit("core.outbox_deliver", pks)
    return len(pks)


def outbox_forget(*, email: str) -> int:
    """GDPR erasure: every email to this address is deleted, sent or not."""
    deleted, _detail = OutboxMessage.objects.filter(Q(recipient__iexact=email)).delete()
    return deleted
