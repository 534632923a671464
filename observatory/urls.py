from django.urls import path

from observatory import views

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
]
