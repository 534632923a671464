from django.urls import path  # noqa: F401 - the sub-domains add their routes below

app_name = "workspace"

urlpatterns: list = []
