from django.urls import path

from library import views

app_name = "library"

urlpatterns = [
    path("library/", views.index, name="index"),
    path("library/<int:pk>/", views.detail, name="detail"),
    path("library/<int:pk>/lessons/", views.lesson_add, name="lesson-add"),
    path("library/<int:pk>/reuse/", views.reuse, name="reuse"),
    path("library/library.json", views.export_json, name="export-json"),
    path("library/library.jsonld", views.export_jsonld, name="export-jsonld"),
    path("library/library.csv", views.export_csv, name="export-csv"),
    path("library/feed.atom", views.LibraryChangesFeed(), name="feed"),
    path(
        "library/schema/library-1.0.schema.json",
        views.schema,
        name="schema",
    ),
]
