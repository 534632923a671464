from django.urls import path

from governance import views

app_name = "governance"

urlpatterns = [
    path("governance/", views.index, name="index"),
    path("governance/roadmap/", views.roadmap, name="roadmap"),
    path("governance/portfolio/", views.portfolio, name="portfolio"),
    path("governance/projects/new/", views.project_create, name="project_new"),
    path("governance/projects/<slug:slug>/", views.project_detail, name="project"),
    path("governance/projects/<slug:slug>/edit/", views.project_edit, name="project_edit"),
    path("governance/projects/<slug:slug>/stage/", views.project_advance, name="advance"),
    path(
        "governance/projects/<slug:slug>/gates/<slug:stage>/<slug:role>/",
        views.gate_sign,
        name="sign",
    ),
]
