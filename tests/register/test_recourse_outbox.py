"""Recourse emails survive a broker outage: filed while the broker is down, every
acknowledgement and answer is sent once it is back (by the outbox's beat task), exactly once,
and filing never waits on the dead broker."""

import socket
import time
from collections import Counter
from contextlib import contextmanager

import pytest
from django.urls import reverse

from config.celery import app
from core.models import OutboxMessage
from core.outbox_tasks import outbox_retry
from register import services
from register.models import RecourseEvent, RecourseEventKind, RecourseRequest
from tests.register.factories import editor, published_system

pytestmark = pytest.mark.django_db


def _forget_broker_pool():
    """Celery keeps its first connection pool: drop it (unclosed, since kombu's registry hands the
    same pool back for the same URL) so the next task uses the current broker_url."""
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_stopped():
    """Celery points at a closed port (nothing listens there) until the block ends."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    old = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    app.conf.task_always_eager = False
    _forget_broker_pool()
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_always_eager = old
        _forget_broker_pool()


@pytest.fixture
def system():
    return published_system(name="Score de test")


def acknowledged() -> Counter:
    return Counter(
        RecourseEvent.objects.filter(kind=RecourseEventKind.ACKNOWLEDGED).values_list(
            "request__email", flat=True
        )
    )


def file_request(client, system, email):
    form = {"email": email, "request": "Je demande un réexamen.", "consent": "on"}
    return client.post(reverse("register:recourse", args=[system.slug]), form)


def test_every_recourse_email_is_delivered_exactly_once_across_a_broker_outage(
    client, system, mailoutbox, django_capture_on_commit_callbacks
):
    statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        statuses += [
            file_request(client, system, f"before-{i}@example.org").status_code for i in range(2)
        ]
    assert len(mailoutbox) == 2  # broker up: sent at once

    with broker_stopped():
        with django_capture_on_commit_callbacks(execute=True):
            statuses += [
                file_request(client, system, f"during-{i}@example.org").status_code
                for i in range(3)
            ]
        with django_capture_on_commit_callbacks(execute=True):
            services.recourse_request_answer(
                actor=editor(),
                request=RecourseRequest.objects.get(email="during-0@example.org"),
                answer="Votre demande a été réexaminée.",
            )
        assert len(mailoutbox) == 2  # nothing could be queued...
        assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 4  # ...nothing lost
        # The timeline says "acknowledgement sent" only for what has left.
        assert acknowledged() == {"before-0@example.org": 1, "before-1@example.org": 1}

    assert statuses == [302] * 5
    assert outbox_retry.delay().get() == 4  # the beat task, once the broker is back
    assert outbox_retry.delay().get() == 0
    per_address = Counter(address for message in mailoutbox for address in message.to)
    assert per_address == {
        "before-0@example.org": 1,
        "before-1@example.org": 1,
        "during-0@example.org": 2,  # acknowledgement and answer
        "during-1@example.org": 1,
        "during-2@example.org": 1,
    }
    assert acknowledged() == {address: 1 for address in per_address}
    answer = next(m for m in mailoutbox if "réexaminée" in m.body)
    assert answer.to == ["during-0@example.org"]


def test_filing_with_the_broker_down_does_not_wait_for_it(
    client, system, django_capture_on_commit_callbacks
):
    with broker_stopped():
        durations = []
        for i in range(3):
            start = time.perf_counter()
            with django_capture_on_commit_callbacks(execute=True):
                assert file_request(client, system, f"p{i}@example.org").status_code == 302
            durations.append(time.perf_counter() - start)
    # kombu's default reconnection sleeps a second and more before giving up: never here.
    assert max(durations) < 0.5, durations
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 3
