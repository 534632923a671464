from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/activity/", views.activity, name="activity"),
    path("accounts/profile/my-data.json", views.data_export, name="data-export"),
    path("accounts/profile/delete/", views.account_delete, name="delete"),
]
