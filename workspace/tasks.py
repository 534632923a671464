"""Celery tasks of the workspace: they call services and hold no rule."""

from celery import shared_task


@shared_task(name="workspace.document_extract")
def document_extract(document_id: int) -> None:
    from workspace.documents.services import document_extract as extract

    extract(document_id=document_id)


@shared_task(name="workspace.documents_purge_expired")
def documents_purge_expired() -> int:
    from workspace.documents.services import documents_purge_expired as purge

    return purge()
