from django.urls import path

from observatory import api

app_name = "observatory_api"

urlpatterns = [
    path("api/observatory/indicators/", api.IndicatorsView.as_view(), name="indicators"),
    path("api/observatory/publications/", api.PublicationsView.as_view(), name="publications"),
]
