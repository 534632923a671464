from django.urls import path  # noqa: F401 - the sub-domains add their routes below

from workspace import document_views

app_name = "workspace"

urlpatterns: list = [
    path("workspace/documents/", document_views.documents, name="documents"),
    path(
        "workspace/documents/<uuid:public_id>/",
        document_views.document_detail,
        name="document_detail",
    ),
    path(
        "workspace/documents/<uuid:public_id>/progress/",
        document_views.document_progress,
        name="document_progress",
    ),
    path(
        "workspace/documents/<uuid:public_id>/cancel/",
        document_views.document_cancel,
        name="document_cancel",
    ),
    path(
        "workspace/documents/<uuid:public_id>/resume/",
        document_views.document_resume,
        name="document_resume",
    ),
    path(
        "workspace/documents/<uuid:public_id>/delete/",
        document_views.document_delete,
        name="document_delete",
    ),
    path("workspace/collections/", document_views.collection_create, name="collection_create"),
    path(
        "workspace/collections/<uuid:public_id>/",
        document_views.collection_detail,
        name="collection_detail",
    ),
    path(
        "workspace/collections/<uuid:public_id>/delete/",
        document_views.collection_delete,
        name="collection_delete",
    ),
]
