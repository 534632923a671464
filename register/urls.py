from django.urls import path

from register import views
from register.feeds import RegisterChangesFeed

app_name = "register"

urlpatterns = [
    path("register/", views.index, name="index"),
    path("register/export.json", views.export_json, name="export_json"),
    path("register/export.csv", views.export_csv, name="export_csv"),
    path("register/catalog.jsonld", views.catalog, name="catalog"),
    path("register/feed.xml", RegisterChangesFeed(), name="feed"),
    path("register/recourse/status/", views.recourse_status, name="recourse_status"),
    path("register/recourse/received/", views.recourse_done, name="recourse_done"),
    path("register/staff/", views.staff_queue, name="staff_queue"),
    path("register/staff/recourse/<str:reference>/", views.staff_request, name="staff_request"),
    path("register/staff/reports/", views.staff_reports, name="staff_reports"),
    path(
        "register/staff/reports/<int:pk>/handled/",
        views.staff_report_handled,
        name="staff_report_handled",
    ),
    path("register/staff/audit/", views.staff_audit, name="staff_audit"),
    path("register/<slug:slug>/", views.detail, name="detail"),
    path("register/<slug:slug>/history/", views.history, name="history"),
    path("register/<slug:slug>/diff/<int:a>/<int:b>/", views.diff, name="diff"),
    path("register/<slug:slug>/recourse/", views.recourse, name="recourse"),
    path("register/<slug:slug>/report-error/", views.report_error, name="report_error"),
]
