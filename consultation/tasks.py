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


@shared_task(name="consultation.translation_produce")
def translation_produce(kind: str, pk: int, language: str, user_id: int | None = None) -> int:
    return services.translation_produce(kind=kind, pk=pk, language=language, user_id=user_id)


@shared_task(name="consultation.synthesis_draft")
def synthesis_draft(synthesis_id: int) -> str:
    synthesis = services.synthesis_draft(synthesis_id=synthesis_id)
    return synthesis.status if synthesis else "missing"


@shared_task(name="consultation.commitments_overdue")
def commitments_overdue() -> int:
    """Tell owners once about commitments past their deadline (outbox)."""
    return services.commitments_notify_overdue()
