"""Reads for the assistants' pages, the observatory indicator and the agents' API."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.errors import NotAllowed
from workspace import policies
from workspace import selectors as workspace_selectors


def document_sections(*, document, max_chars: int) -> list:
    return workspace_selectors.document_sections(document=document, max_chars=max_chars)


def _documents(user):
    from workspace.models import Document

    return (
        Document.objects.filter(policies.documents_visible_q(user), status="ready")
        .distinct()
        .order_by("-pk")
    )


def _collections(user):
    from workspace.models import Collection

    return Collection.objects.filter(policies.collections_visible_q(user)).order_by("title")


def documents_for_run(*, user) -> list:
    """Documents the agent may give an assistant (ready ones, most recent first, bounded)."""
    return list(_documents(user)[:200])


def collections_for_run(*, user) -> list:
    return list(_collections(user)[:200])


def document_for_run(*, user, pk: int):
    document = _documents(user).filter(pk=pk).first()
    if document is None:
        raise NotAllowed(_("You cannot use this document."))
    return document


def collection_for_run(*, user, pk: int):
    collection = _collections(user).filter(pk=pk).first()
    if collection is None:
        raise NotAllowed(_("You cannot use this collection."))
    return collection
