from django.urls import path

from training import api

app_name = "training_api"

urlpatterns = [
    path("api/training/indicators/", api.IndicatorsView.as_view(), name="indicators"),
    path(
        "api/training/certificates/<str:code>/",
        api.CertificateVerifyView.as_view(),
        name="certificate",
    ),
]
