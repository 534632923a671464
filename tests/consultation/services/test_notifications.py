from datetime import timedelta

import pytest
from django.utils import timezone

from consultation import selectors, services, tasks
from consultation.models import Frequency, Notification, NotificationPreference
from core.errors import InvalidInput
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def notify(*people, **kw):
    return services.notify(
        recipient_ids=[p.pk for p in people],
        kind="answer",
        subject=kw.pop("subject", "Subject"),
        body="Body",
        url="https://example.org/x",
        **kw,
    )


def test_notify_follows_each_persons_preference():
    immediate, daily, never = UserFactory(), UserFactory(), UserFactory()
    services.notification_preference_set(user=daily, frequency=Frequency.DAILY)
    services.notification_preference_set(user=never, frequency=Frequency.NEVER)
    assert notify(immediate, daily, never) == 2
    rows = dict(Notification.objects.values_list("recipient_id", "digest"))
    assert rows == {immediate.pk: False, daily.pk: True}


def test_notify_skips_the_actor_inactive_and_deleted_accounts():
    actor, inactive, deleted, reader = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    deleted.deleted_at = timezone.now()
    deleted.save(update_fields=["deleted_at"])
    assert notify(actor, inactive, deleted, reader, exclude_id=actor.pk) == 1
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [reader.pk]


def test_notify_cuts_long_subjects():
    notify(UserFactory(), subject="x" * 300)
    assert len(Notification.objects.get().subject) == 200


def test_preference_is_saved_and_read_back():
    person = UserFactory()
    assert selectors.notification_frequency(user=person) == Frequency.IMMEDIATELY
    services.notification_preference_set(user=person, frequency=Frequency.DAILY)
    services.notification_preference_set(user=person, frequency=Frequency.NEVER)
    assert NotificationPreference.objects.get(user=person).frequency == Frequency.NEVER
    assert selectors.notification_frequency(user=person) == Frequency.NEVER


def test_unknown_preference_is_refused_and_changes_nothing():
    person = UserFactory()
    services.notification_preference_set(user=person, frequency=Frequency.DAILY)
    with pytest.raises(InvalidInput):
        services.notification_preference_set(user=person, frequency="hourly")
    assert selectors.notification_frequency(user=person) == Frequency.DAILY


def test_immediate_rows_are_emailed_once_with_their_link(mailoutbox):
    person = UserFactory()
    notify(person)
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert services.notifications_deliver(notification_ids=ids) == 1
    assert services.notifications_deliver(notification_ids=ids) == 0  # claimed: no double send
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [person.email]
    assert mailoutbox[0].subject == "[IA Commune] Subject"
    assert "https://example.org/x" in mailoutbox[0].body
    assert "/consultations/notifications/" in mailoutbox[0].body  # how to change it
    assert Notification.objects.get().sent_at is not None


def test_digest_rows_wait_for_the_digest(mailoutbox):
    person = UserFactory()
    services.notification_preference_set(user=person, frequency=Frequency.DAILY)
    notify(person, subject="First")
    notify(person, subject="Second")
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert services.notifications_deliver(notification_ids=ids) == 0
    assert services.notification_digests_deliver() == 1
    assert services.notification_digests_deliver() == 0
    assert len(mailoutbox) == 1
    assert "First" in mailoutbox[0].body and "Second" in mailoutbox[0].body
    assert "(2)" in mailoutbox[0].subject
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_the_retry_sends_only_rows_that_missed_their_task(mailoutbox):
    old, fresh = UserFactory(), UserFactory()
    notify(old)
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    notify(fresh)
    assert services.notifications_deliver_stale() == 1
    assert [m.to for m in mailoutbox] == [[old.email]]
    assert Notification.objects.get(recipient=fresh).sent_at is None


def test_rows_are_handed_to_celery_after_commit(django_capture_on_commit_callbacks, mailoutbox):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(person)
    assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()  # eager Celery in tests: the task runs now
    assert [m.to for m in mailoutbox] == [[person.email]]


def test_tasks_are_thin_wrappers_over_the_services(mailoutbox):
    person = UserFactory()
    notify(person)
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert tasks.notifications_send(ids) == 1
    assert tasks.notifications_retry() == 0
    assert tasks.notifications_digest() == 0
    assert tasks.phases_advance() == 0
    assert len(mailoutbox) == 1
