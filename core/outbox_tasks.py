"""Celery tasks of the outbox: thin wrappers around `core.outbox` (registered by
`CoreConfig.ready`, since `core.tasks` holds the queueing helpers the outbox itself uses)."""

from celery import shared_task

from core import outbox


@shared_task(name="core.outbox_deliver")
def outbox_deliver(ids: list[int]) -> int:
    return outbox.outbox_deliver(ids=ids)


@shared_task(name="core.outbox_retry")
def outbox_retry() -> int:
    return outbox.outbox_deliver_due()
