"""Celery tasks of the register: partner harvests, overdue reminders, retention purge.

Its emails leave through the outbox (core/outbox.py), written by the services."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="register.harvest_partner")
def harvest_partner(remote_id: int) -> int:
    from register.federation import HarvestError, remote_register_harvest
    from register.models import RemoteRegister

    remote = RemoteRegister.objects.filter(pk=remote_id).first()
    if remote is None:
        return 0
    try:
        return remote_register_harvest(remote=remote)
    except HarvestError:
        return 0


@shared_task(name="register.harvest_all_partners")
def harvest_all_partners() -> int:
    from register.models import RemoteRegister

    ids = list(RemoteRegister.objects.filter(active=True).values_list("pk", flat=True))
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
