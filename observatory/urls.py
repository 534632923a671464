from django.urls import path

from observatory import research_views, views

app_name = "observatory"

urlpatterns = [
    path("observatory/indicators/", views.indicators, name="indicators"),
    path(
        "observatory/indicators/<slug:chart_key>.csv", views.indicators_csv, name="indicators-csv"
    ),
    path("observatory/testimonies/", views.testimonies, name="testimonies"),
    path("observatory/testimonies/new/", views.testimony_new, name="testimony-new"),
    path(
        "observatory/testimonies/moderation/",
        views.testimony_moderation,
        name="testimony-moderation",
    ),
    path("observatory/testimonies/<uuid:public_id>/", views.testimony_detail, name="testimony"),
    path(
        "observatory/testimonies/<uuid:public_id>/moderate/",
        views.testimony_moderate,
        name="testimony-moderate",
    ),
    path(
        "observatory/follow-up/<uuid:report_key>/<str:reference>/",
        views.recommendation_follow_up,
        name="follow-up",
    ),
    path("observatory/research-data/", research_views.datasets, name="datasets"),
    path(
        "observatory/research-data/requests/",
        research_views.data_requests,
        name="data-requests",
    ),
    path(
        "observatory/research-data/requests/board/",
        research_views.data_requests_board,
        name="data-requests-board",
    ),
    path(
        "observatory/research-data/requests/<uuid:public_id>/",
        research_views.data_request_detail,
        name="data-request",
    ),
    path("observatory/research-data/<slug:slug>/", research_views.dataset_detail, name="dataset"),
    path(
        "observatory/research-data/<slug:slug>/request/",
        research_views.data_request_new,
        name="data-request-new",
    ),
    path(
        "observatory/research-data/<slug:slug>/v<int:version>/",
        research_views.dataset_release,
        name="dataset-release",
    ),
    path(
        "observatory/research-data/<slug:slug>/v<int:version>/cite.bib",
        research_views.dataset_release_bibtex,
        name="dataset-release-bibtex",
    ),
    path(
        "observatory/research-data/<slug:slug>/v<int:version>/files/<str:name>",
        research_views.dataset_file,
        name="dataset-file",
    ),
    path("observatory/cifre/", research_views.cifre_list, name="cifre-list"),
    path("observatory/cifre/<slug:slug>/", research_views.cifre_detail, name="cifre"),
]
