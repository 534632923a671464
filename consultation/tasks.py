"""Celery tasks: thin wrappers that call the services (the outbox delivery, the daily
digests, the phase moves); the rules and the claiming live in `consultation.services`."""

import logging

from celery import shared_task

from consultation import services

logger = logging.getLogger(__name__)


@shared_task(name="consultation.notifications_send")
def notifications_send(notification_ids: list[int]) -> int:
    return services.notifications_deliver(notification_ids=notification_ids)


@shared_task(name="consultation.notifications_retry")
def notifications_retry() -> int:
    return services.notifications_deliver_stale()


@shared_task(name="consultation.notifications_digest")
def notifications_digest() -> int:
    return services.notification_digests_deliver()


@shared_task(name="consultation.phases_advance")
def phases_advance() -> int:
    moves = services.consultation_phases_advance()
    for slug, before, after in moves:
        logger.info("Consultation %s moved from %s to %s", slug, before, after)
    return len(moves)
