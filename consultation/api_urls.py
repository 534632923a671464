from django.urls import path

from consultation import api

app_name = "consultation_api"

urlpatterns = [
    path("api/use-cases/<int:pk>/ballot/", api.BallotView.as_view(), name="ballot"),
    path("api/consultations/", api.ConsultationListView.as_view(), name="consultations"),
    path(
        "api/consultations/<slug:slug>/", api.ConsultationDetailView.as_view(), name="consultation"
    ),
    path(
        "api/consultations/<slug:slug>/results/",
        api.ConsultationResultsView.as_view(),
        name="results",
    ),
]
