"""The OpenAI-compatible API (not translated, not DRF): full paths under /v1/."""

from django.urls import path

from . import openai_api

app_name = "inference_bridge_api"

urlpatterns = [
    path("v1/models", openai_api.models_list, name="models"),
    path("v1/chat/completions", openai_api.chat_completions, name="chat-completions"),
]
