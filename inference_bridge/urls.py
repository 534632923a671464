from django.urls import path

from . import views

app_name = "inference_bridge"

urlpatterns = [
    path("sandbox/", views.sandbox, name="sandbox"),
    path("sandbox/accept/", views.sandbox_accept, name="sandbox-accept"),
    path("sandbox/stream/", views.sandbox_stream, name="sandbox-stream"),
    path("sandbox/stop/", views.sandbox_stop, name="sandbox-stop"),
    path("sandbox/usage/", views.usage_ledger, name="usage"),
    path("sandbox/shared/", views.shared_conversations, name="shared"),
    path("accounts/api-tokens/", views.api_tokens, name="tokens"),
    path("accounts/api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="token-revoke"),
]
