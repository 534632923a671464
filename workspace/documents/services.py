"""Writes on documents and collections: upload, extraction (run by a Celery task), cancel,
delete, retention purge, collections and their sharing. Rules come from workspace.policies."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import crypto
from core.errors import Conflict, InvalidInput, NotAllowed
from core.tasks import task_send_on_commit
from workspace import policies
from workspace.documents import extraction
from workspace.documents.search_index import index_add, index_remove
from workspace.models import (
    Collection,
    Document,
    DocumentFile,
    DocumentKind,
    DocumentStatus,
    Passage,
)

logger = logging.getLogger(__name__)

EXTRACT_TASK = "workspace.document_extract"


def _require_workspace(user) -> None:
    if not policies.workspace_allowed(user):
        raise NotAllowed(_("The workspace is open to city agents only."))


def document_upload(*, owner, name: str, data: bytes, title: str = "", collection=None) -> Document:
    """Check the file, store it encrypted, and queue its extraction (after commit)."""
    _require_workspace(owner)
    if collection is not None and not policies.collection_editable(owner, collection):
        raise NotAllowed(_("You cannot add documents to this collection."))
    kind = extraction.file_check(name=name, data=data)
    units_total = extraction.units_count(kind=kind, data=data) if kind == DocumentKind.PDF else 0
    title = (title or "").strip() or name.rsplit("/", 1)[-1].rsplit(".", 1)[0][:200]
    with transaction.atomic():
        document = Document.objects.create(
            owner=owner,
            title=title[:200],
            filename=name.rsplit("/", 1)[-1][:255],
            kind=kind,
            size_bytes=len(data),
            anchor_kind=extraction.anchor_kind_for(kind),
            units_total=units_total,
        )
        content = crypto.encrypt(data)
        DocumentFile.objects.create(
            document=document, content=content, sha256=hashlib.sha256(content).hexdigest()
        )
        if collection is not None:
            collection.documents.add(document)
        task_send_on_commit(EXTRACT_TASK, document.pk)
    return document


def _stop_requested(document_id: int) -> bool:
    return Document.objects.filter(pk=document_id, cancel_requested=True).exists()


def document_extract(*, document_id: int) -> Document | None:
    """Extract the text unit by unit, writing passages and progress as it goes.

    Resumable: it starts after the last unit done. Cancelled: it stops between two units and
    keeps the passages written so far (the document stays usable, marked partial).
    """
    document = Document.objects.filter(pk=document_id).select_related("file").first()
    if document is None or document.status not in (
        DocumentStatus.PENDING,
        DocumentStatus.EXTRACTING,
    ):
        return document
    if document.cancel_requested:
        Document.objects.filter(pk=document.pk).update(status=DocumentStatus.CANCELLED)
        return document
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.EXTRACTING)
    try:
        data = crypto.decrypt(document.file.content)
        if not document.units_total:
            document.units_total = extraction.units_count(kind=document.kind, data=data)
            Document.objects.filter(pk=document.pk).update(units_total=document.units_total)
        outline = json.loads(document.outline or "[]")
        position = document.passages.count()
        for unit in extraction.units_extract(
            kind=document.kind, data=data, start=document.units_done + 1
        ):
            if _stop_requested(document.pk):
                Document.objects.filter(pk=document.pk).update(status=DocumentStatus.CANCELLED)
                return document
            with transaction.atomic():
                position = _unit_store(document, unit, position)
                if unit.title:
                    outline.append({"n": unit.number, "title": unit.title})
                Document.objects.filter(pk=document.pk).update(
                    units_done=unit.number, outline=json.dumps(outline, ensure_ascii=False)
                )
    except Exception:
        logger.exception("Extraction failed for document %s", document.pk)
        Document.objects.filter(pk=document.pk).update(
            status=DocumentStatus.FAILED,
            error=_("The text of this file could not be extracted."),
        )
        return document
    if not position:
        Document.objects.filter(pk=document.pk).update(
            status=DocumentStatus.FAILED, error=_("No text was found in this file.")
        )
    else:
        Document.objects.filter(pk=document.pk).update(
            status=DocumentStatus.READY, extracted_at=timezone.now()
        )
    return document


def _unit_store(document: Document, unit, position: int) -> int:
    texts = extraction.passages_split(unit.text)
    if unit.title:
        texts = [f"{unit.title}\n\n{texts[0]}" if texts else unit.title, *texts[1:]]
    rows = []
    for text in texts:
        is_page = document.kind == DocumentKind.PDF
        rows.append(
            Passage(
                document=document,
                position=position,
                page=unit.number if is_page else None,
                section=None if is_page else unit.number,
                label=(f"p. {unit.number}" if is_page else f"§ {unit.number}"),
                text=text,
                word_count=len(text.split()),
            )
        )
        position += 1
    created = Passage.objects.bulk_create(rows)
    index_add((p.pk, p.text) for p in created)
    from workspace.documents import embeddings

    embeddings.passages_embed(created)
    return position


def document_cancel(*, user, document: Document) -> Document:
    if not policies.document_editable(user, document):
        raise NotAllowed()
    if not document.is_working:
        raise Conflict(_("This document is not being extracted."))
    Document.objects.filter(pk=document.pk).update(cancel_requested=True)
    # Not started yet: nothing will pick the flag up, so stop it here.
    Document.objects.filter(pk=document.pk, status=DocumentStatus.PENDING).update(
        status=DocumentStatus.CANCELLED
    )
    document.refresh_from_db()
    return document


def document_resume(*, user, document: Document) -> Document:
    """Carry on a cancelled extraction from where it stopped."""
    if not policies.document_editable(user, document):
        raise NotAllowed()
    if document.status != DocumentStatus.CANCELLED:
        raise Conflict(_("Only a cancelled extraction can be resumed."))
    with transaction.atomic():
        Document.objects.filter(pk=document.pk).update(
            status=DocumentStatus.PENDING, cancel_requested=False
        )
        task_send_on_commit(EXTRACT_TASK, document.pk)
    document.refresh_from_db()
    return document


def _documents_erase(queryset) -> int:
    """Delete documents with their passages, removing the SQLite index rows first."""
    ids = list(queryset.values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        for start in range(0, len(ids), 200):
            chunk = ids[start : start + 200]
            index_remove(
                (p.pk, p.text)
                for p in Passage.objects.filter(document_id__in=chunk).only("pk", "text")
            )
        Document.objects.filter(pk__in=ids).delete()
    return len(ids)


def document_delete(*, user, document: Document) -> None:
    if not policies.document_editable(user, document):
        raise NotAllowed()
    _documents_erase(Document.objects.filter(pk=document.pk))


def documents_purge_expired(*, now: datetime | None = None) -> int:
    """Retention: delete every document past its `expires_at` (WORKSPACE_RETENTION_DAYS)."""
    return _documents_erase(Document.objects.filter(expires_at__lte=now or timezone.now()))


def documents_erase_of(*, user) -> int:
    """GDPR erasure: every document and collection of the person."""
    count = _documents_erase(Document.objects.filter(owner=user))
    Collection.objects.filter(owner=user).delete()
    return count


# --- Collections -------------------------------------------------------------------------------


def collection_create(*, owner, title: str, description: str = "") -> Collection:
    _require_workspace(owner)
    title = (title or "").strip()
    if not title:
        raise InvalidInput(_("Give the collection a title."))
    return Collection.objects.create(owner=owner, title=title[:200], description=description)


def collection_document_add(*, user, collection: Collection, document: Document) -> None:
    if not policies.collection_editable(user, collection):
        raise NotAllowed(_("You cannot change this collection."))
    if not policies.document_editable(user, document):
        raise NotAllowed(_("You can only add your own documents."))
    collection.documents.add(document)


def collection_document_remove(*, user, collection: Collection, document: Document) -> None:
    if not policies.collection_editable(user, collection):
        raise NotAllowed(_("You cannot change this collection."))
    collection.documents.remove(document)


def collection_share(*, user, collection: Collection, shared: bool) -> Collection:
    """Share with (or stop sharing with) the owner's department."""
    if not policies.collection_editable(user, collection):
        raise NotAllowed(_("You cannot change this collection."))
    if shared and not policies.collection_shareable(user, collection):
        raise InvalidInput(
            _("Set your department in your profile first: a collection is shared with it.")
        )
    collection.shared_department = user.department.strip() if shared else ""
    collection.save(update_fields=["shared_department", "updated_at"])
    return collection


def collection_delete(*, user, collection: Collection) -> None:
    """Deletes the collection only: its documents stay with their owners."""
    if not policies.collection_editable(user, collection):
        raise NotAllowed(_("You cannot change this collection."))
    collection.delete()
