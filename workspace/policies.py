"""Who may use the workspace, and who may see or change a document or a collection.

Views and services both ask these functions; querysets of what a user may see come from
`documents_visible_q` / `collections_visible_q` so lists and retrieval apply the same rule.
"""

from __future__ import annotations

from django.db.models import Q

from accounts.roles import Role
from accounts.selectors import user_has_role


def workspace_allowed(user) -> bool:
    """Agents and AI leads reach /workspace/ (superusers hold every role)."""
    return user_has_role(user=user, role=Role.AGENT) or user_has_role(user=user, role=Role.AI_LEAD)


def _department(user) -> str:
    return (getattr(user, "department", "") or "").strip()


def collections_visible_q(user) -> Q:
    """Collections a workspace user may see: their own, and those shared with their department."""
    q = Q(owner=user)
    department = _department(user)
    if department:
        q |= Q(shared_department=department)
    return q


def documents_visible_q(user, prefix: str = "") -> Q:
    """Documents a workspace user may see: their own, and those in a collection shared with
    their department. Use with `.distinct()` (a document may be in several collections)."""
    q = Q(**{f"{prefix}owner": user})
    department = _department(user)
    if department:
        q |= Q(**{f"{prefix}collections__shared_department": department})
    return q


def collection_visible(user, collection) -> bool:
    if not workspace_allowed(user):
        return False
    if collection.owner_id == user.pk:
        return True
    department = _department(user)
    return bool(department) and collection.shared_department == department


def collection_editable(user, collection) -> bool:
    """Only the owner changes a collection (title, documents, sharing) or deletes it."""
    return workspace_allowed(user) and collection.owner_id == user.pk


def document_visible(user, document) -> bool:
    if not workspace_allowed(user):
        return False
    if document.owner_id == user.pk:
        return True
    department = _department(user)
    if not department:
        return False
    return document.collections.filter(shared_department=department).exists()


def document_editable(user, document) -> bool:
    """Only the owner deletes a document, cancels its extraction or files it in a collection."""
    return workspace_allowed(user) and document.owner_id == user.pk


def collection_shareable(user, collection) -> bool:
    """Sharing needs a department to share with."""
    return collection_editable(user, collection) and bool(_department(user))
