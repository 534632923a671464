"""Keep the copy of the city's own cases in step: when a use case, its official answer or a
commitment changes, that case is refreshed after the transaction commits.

The senders are looked up by label, not imported: the library reads the consultation through
its selectors and knows its models only as the source of change notifications."""

import logging

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

SENDERS = {
    "consultation.UseCase": lambda instance: instance.pk,
    "consultation.OfficialAnswer": lambda instance: instance.use_case_id,
    "consultation.Commitment": lambda instance: instance.answer.use_case_id,
}


def _refresh_later(use_case_id: int | None) -> None:
    if use_case_id is None:
        return

    def refresh() -> None:
        from library.services import library_own_cases_refresh

        try:
            library_own_cases_refresh(use_case_ids=[use_case_id])
        except Exception:  # the change itself is committed; the nightly refresh catches up
            logger.exception("Library refresh of use case %s failed", use_case_id)

    transaction.on_commit(refresh)


def connect() -> None:
    for label, use_case_of in SENDERS.items():
        model = apps.get_model(label)

        def receiver(sender, instance, use_case_of=use_case_of, **kwargs):
            if kwargs.get("raw"):
                return
            try:
                use_case_id = use_case_of(instance)
            except ObjectDoesNotExist:  # deleted with its parent: the parent's signal refreshes
                return
            _refresh_later(use_case_id)

        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"library-{label}")
        post_delete.connect(
            receiver, sender=model, weak=False, dispatch_uid=f"library-{label}-delete"
        )
