"""GDPR hooks: the workspace documents and collections of a person, and erasing them."""

from workspace.models import Collection, Document


def export_user_data(*, user) -> dict:
    documents = []
    for document in Document.objects.filter(owner=user).prefetch_related("passages"):
        documents.append(
            {
                "title": document.title,
                "filename": document.filename,
                "format": document.kind,
                "size_bytes": document.size_bytes,
                "uploaded_at": document.created_at.isoformat(),
                "deleted_after": document.expires_at.isoformat(),
                "status": document.status,
                "passages": [{"label": p.label, "text": p.text} for p in document.passages.all()],
            }
        )
    collections = [
        {
            "title": c.title,
            "description": c.description,
            "shared_with_department": c.shared_department,
            "documents": [d.title for d in c.documents.all()],
        }
        for c in Collection.objects.filter(owner=user).prefetch_related("documents")
    ]
    return {"workspace_documents": documents, "workspace_collections": collections}


def erase_user_data(*, user) -> None:
    from workspace.documents.services import documents_erase_of

    documents_erase_of(user=user)
