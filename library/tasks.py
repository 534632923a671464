"""Celery tasks of the library: partner harvests and the refresh of the city's own cases."""

from celery import shared_task


@shared_task(name="library.harvest_partner")
def harvest_partner(partner_id: int) -> int:
    from library.federation import partner_library_harvest_by_id

    return partner_library_harvest_by_id(partner_id=partner_id)


@shared_task(name="library.harvest_all_partners")
def harvest_all_partners() -> int:
    from library.federation import partner_libraries_ids

    ids = partner_libraries_ids()
    for pk in ids:
        harvest_partner.delay(pk)
    return len(ids)


@shared_task(name="library.refresh_own_cases")
def refresh_own_cases(use_case_ids: list[int] | None = None) -> int:
    from library.services import library_own_cases_refresh

    return library_own_cases_refresh(use_case_ids=use_case_ids)
