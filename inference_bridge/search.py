"""Site search: the sandbox and, for agents, the API page answer questions about the model."""

import unicodedata

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

KEYWORDS = {
    "ia",
    "ai",
    "llm",
    "modele",
    "model",
    "chat",
    "chatbot",
    "sandbox",
    "bac a sable",
    "langage",
    "language",
    "api",
    "openai",
    "smollm",
    "inference",
    "energie",
    "energy",
}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def site_search(*, query: str, limit: int) -> list[dict]:
    folded = _fold(query)
    words = set(folded.replace("-", " ").split())
    name = settings.INFERENCE_MODEL_CARD["name"]
    matches = (
        words & KEYWORDS or any(k in folded for k in KEYWORDS if " " in k) or _fold(name) in folded
    )
    if not matches:
        return []
    hits = [
        {
            "title": _("Try the city's language model"),
            "url": reverse("inference_bridge:sandbox"),
            "summary": _(
                "Ask a question to %(name)s, an open-source model that runs on the city's "
                "own servers, and see the energy each answer costs."
            )
            % {"name": name},
            "kind": _("Sandbox"),
        },
        {
            "title": _("API tokens for the city's model"),
            "url": reverse("inference_bridge:tokens"),
            "summary": _("For city agents: an OpenAI-compatible API to the city's model."),
            "kind": _("Agents' API"),
        },
    ]
    return hits[:limit]
