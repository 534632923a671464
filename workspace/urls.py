from django.urls import path

from workspace.evaluation import views as evaluation_views

app_name = "workspace"

urlpatterns: list = []

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
