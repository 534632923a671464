"""Celery tasks of the register: partner harvests, overdue reminders, retention purge.

Its emails leave through the outbox (core/outbox.py), written by the services."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="register.harvest_partner")
def harvest_partner(remote_id: int) -> int:
    from register.federation import remote_register_harvest_by_id

    return remote_register_harvest_by_id(remote_id=remote_id)


@shared_task(name="register.harvest_all_partners")
def harvest_all_partners() -> int:
    from register.federation import remote_registers_active_ids

    ids = remote_registers_active_ids()
    for pk in ids:
        harvest_partner.delay(pk)
    return len(ids)


@shared_task(name="register.remind_overdue_recourse")
def remind_overdue_recourse() -> int:
    from register.services.recourse_followup import recourse_requests_remind_overdue

    return recourse_requests_remind_overdue()


@shared_task(name="register.purge_recourse_personal_data")
def purge_recourse_personal_data() -> int:
    from register.services.recourse_followup import recourse_requests_purge

    return recourse_requests_purge()


@shared_task(name="register.remind_overdue_reviews")
def remind_overdue_reviews() -> int:
    from register.services.reviews import systems_remind_review_overdue

    return systems_remind_review_overdue()


@shared_task(name="register.remind_overdue_evaluations")
def remind_overdue_evaluations() -> int:
    from register.services.reviews import systems_remind_evaluation_overdue

    return systems_remind_evaluation_overdue()
