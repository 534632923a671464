from django.urls import path

from workspace import document_views
from workspace.assistants import views as assistant_views
from workspace.evaluation import views as evaluation_views

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

# Assistants and their runs (workspace/assistants/).
urlpatterns += [
    path("workspace/", assistant_views.home, name="home"),
    path("workspace/assistants/<slug:slug>/", assistant_views.assistant_detail, name="assistant"),
    path("workspace/runs/<uuid:run_uuid>/", assistant_views.run_detail, name="run"),
    path("workspace/runs/<uuid:run_uuid>/stream/", assistant_views.run_stream, name="run-stream"),
    path(
        "workspace/runs/<uuid:run_uuid>/execute/", assistant_views.run_execute, name="run-execute"
    ),
    path("workspace/runs/<uuid:run_uuid>/status/", assistant_views.run_status, name="run-status"),
    path("workspace/runs/<uuid:run_uuid>/cancel/", assistant_views.run_cancel, name="run-cancel"),
    path("workspace/runs/<uuid:run_uuid>/edit/", assistant_views.run_edit, name="run-edit"),
    path("workspace/runs/<uuid:run_uuid>/rate/", assistant_views.run_rate, name="run-rate"),
    path(
        "workspace/runs/<uuid:run_uuid>/download/<str:fmt>/",
        assistant_views.run_download,
        name="run-download",
    ),
]

# Evaluation of the assistants on their golden sets (workspace/evaluation/).
urlpatterns += [
    path("workspace/evaluation/", evaluation_views.evaluation_index, name="evaluation"),
    path(
        "workspace/evaluation/<int:pk>/",
        evaluation_views.evaluation_detail,
        name="evaluation_detail",
    ),
    path(
        "workspace/evaluation/<int:pk>/<slug:key>/",
        evaluation_views.evaluation_case,
        name="evaluation_case",
    ),
]
