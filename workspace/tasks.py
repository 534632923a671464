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


@shared_task(name="workspace.run_execute")
def run_execute(run_id: int) -> str:
    """Long work (a document of many sections): the run saves each part as it goes, so the
    page's progress bar moves and a cancelled run keeps what it has."""
    from workspace.assistants.pipelines import run_execute_by_id

    return run_execute_by_id(run_id=run_id)


@shared_task(name="workspace.evaluate_all")
def evaluate_all() -> int:
    """The weekly evaluation: every live assistant's golden set on every configured model."""
    from workspace.evaluation.services import evaluations_run

    return len(evaluations_run())
