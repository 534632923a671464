from django.urls import path

from register.feeds import RegisterChangesFeed
from register.views import counter, oversight, public, staff

app_name = "register"

urlpatterns = [
    path("register/", public.index, name="index"),
    path("register/export.json", public.export_json, name="export_json"),
    path("register/export.csv", public.export_csv, name="export_csv"),
    path("register/catalog.jsonld", public.catalog, name="catalog"),
    path("register/feed.xml", RegisterChangesFeed(), name="feed"),
    path("register/recourse/status/", public.recourse_status, name="recourse_status"),
    path("register/recourse/received/", public.recourse_done, name="recourse_done"),
    path("register/staff/", staff.staff_queue, name="staff_queue"),
    path("register/staff/recourse/<str:reference>/", staff.staff_request, name="staff_request"),
    path("register/staff/counter/", counter.counter_record, name="counter_record"),
    path(
        "register/staff/counter/<str:reference>/",
        counter.counter_recorded,
        name="counter_recorded",
    ),
    path(
        "register/staff/recourse/<str:reference>/receipt.pdf",
        counter.recourse_receipt,
        name="recourse_receipt",
    ),
    path(
        "register/staff/recourse/<str:reference>/letter.pdf",
        counter.recourse_letter,
        name="recourse_letter",
    ),
    path("register/staff/reports/", staff.staff_reports, name="staff_reports"),
    path(
        "register/staff/reports/<int:pk>/handled/",
        staff.staff_report_handled,
        name="staff_report_handled",
    ),
    path("register/staff/audit/", staff.staff_audit, name="staff_audit"),
    path("register/declarations/", oversight.declarations_public, name="declarations_public"),
    path("register/staff/declare/", oversight.declare, name="declare"),
    path("register/staff/declarations/", oversight.declarations_queue, name="declarations_queue"),
    path("register/staff/declarations/<int:pk>/", oversight.declaration, name="declaration"),
    path("register/staff/incidents/", oversight.incidents, name="incidents"),
    path("register/staff/incidents/<int:pk>/", oversight.incident, name="incident"),
    path("register/staff/systems/<slug:slug>/evaluate/", oversight.evaluate, name="evaluate"),
    path(
        "register/staff/systems/<slug:slug>/incident/", oversight.incident_new, name="incident_new"
    ),
    path(
        "register/staff/recourse/<str:reference>/incident/",
        oversight.recourse_incident,
        name="recourse_incident",
    ),
    path("register/<slug:slug>/", public.detail, name="detail"),
    path("register/<slug:slug>/draft/", staff.draft, name="draft"),
    path("register/<slug:slug>/history/", public.history, name="history"),
    path("register/<slug:slug>/diff/<int:a>/<int:b>/", public.diff, name="diff"),
    path("register/<slug:slug>/recourse/", public.recourse, name="recourse"),
    path("register/<slug:slug>/report-error/", public.report_error, name="report_error"),
]
