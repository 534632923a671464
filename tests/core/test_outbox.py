"""core.outbox: every email is a row written in the transaction, sent once after commit or by
the beat task, retried with backoff, dead-lettered after repeated failures and shown to staff."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from core.models import OutboxMessage
from core.outbox import outbox_deliver, outbox_deliver_due, outbox_enqueue
from core.outbox_tasks import outbox_retry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("mail server down")


def enqueue(**overrides):
    data = {"to": "a@example.org", "subject": "Hello", "body": "Body", "kind": "tests.hello"}
    return outbox_enqueue(**{**data, **overrides})


def test_an_email_is_sent_once_the_transaction_commits(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [row] = enqueue(html="<p>Body</p>")
        assert mailoutbox == []  # nothing leaves before the commit
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["a@example.org"] and mailoutbox[0].subject == "Hello"
    assert mailoutbox[0].alternatives[0][1] == "text/html"
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 1


def test_a_rolled_back_transaction_sends_nothing(mailoutbox, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enqueue()
        raise RuntimeError
    assert not OutboxMessage.objects.exists()
    assert mailoutbox == []


def test_the_subject_is_one_line_whatever_the_caller_gives():
    [row] = enqueue(subject="Hello\r\nBcc: victim@example.org")
    assert row.subject == "Hello Bcc: victim@example.org"


def test_a_row_is_sent_only_once_however_often_it_is_delivered(mailoutbox):
    [row] = enqueue()
    assert outbox_deliver(ids=[row.pk]) == 1
    assert outbox_deliver(ids=[row.pk]) == 0
    assert outbox_retry.delay().get() == 0
    assert len(mailoutbox) == 1


def test_a_failing_email_is_retried_with_backoff_then_dead_lettered(settings):
    settings.EMAIL_BACKEND = "tests.core.test_outbox.RefusingBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    [row] = enqueue()
    now = timezone.now()
    waits = []
    for _ in range(3):
        assert outbox_deliver_due(now=now) == 0
        row.refresh_from_db()
        waits.append(row.next_attempt_at - now)
        now = row.next_attempt_at
    assert waits[:2] == [datetime.timedelta(seconds=60), datetime.timedelta(seconds=120)]
    assert row.attempts == 3 and row.dead_at is not None and row.sent_at is None
    assert "SMTPServerDisconnected: mail server down" in row.last_error
    assert outbox_deliver_due(now=now + datetime.timedelta(days=1)) == 0  # dead: left alone
    row.refresh_from_db()
    assert row.attempts == 3


def test_dead_letters_are_listed_for_staff_who_can_send_them_again(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    settings.EMAIL_BACKEND = "tests.core.test_outbox.RefusingBackend"
    [dead] = enqueue(to="dead@example.org")
    [sent] = enqueue(to="sent@example.org")
    outbox_deliver(ids=[dead.pk])
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outbox_deliver(ids=[sent.pk])
    mail.outbox.clear()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    listing = client.get("/django-admin/core/outboxmessage/", {"state": "dead"})
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "dead@example.org" in html and "sent@example.org" not in html
    assert "mail server down" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/django-admin/core/outboxmessage/",
            {"action": "send_again", "_selected_action": [dead.pk, sent.pk]},
        )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["dead@example.org"]]  # the sent one is not resent
    dead.refresh_from_db()
    assert dead.sent_at is not None and dead.dead_at is None


def test_sent_emails_are_forgotten_after_the_retention_period(settings):
    settings.OUTBOX_RETENTION_DAYS = 30
    [old] = enqueue(to="old@example.org")
    [recent] = enqueue(to="recent@example.org")
    outbox_deliver(ids=[old.pk, recent.pk])
    OutboxMessage.objects.filter(pk=old.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=31)
    )
    outbox_deliver_due()
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == ["recent@example.org"]


def test_mail_sent_by_code_that_does_not_know_the_outbox_goes_through_it(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    from django.core.mail import send_mail

    settings.EMAIL_BACKEND = "core.mail.OutboxBackend"  # as configured (pytest swaps in locmem)
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Moderation", "A page awaits review", None, ["editor@example.org"])
        assert mailoutbox == []
        row = OutboxMessage.objects.get()
        assert (row.kind, row.recipient) == ("django.send_mail", "editor@example.org")
    assert [m.to for m in mailoutbox] == [["editor@example.org"]]
    assert mailoutbox[0].body == "A page awaits review"
    row.refresh_from_db()
    assert row.sent_at is not None
