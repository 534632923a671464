"""Assistants through the agents' OpenAI-compatible API: model "assistant:<slug>".

`inference_bridge` does not import the workspace: it asks the apps that declare `api_models`
(core/composition.py) for the names it does not serve. An assistant answers with its own
instructions, parameters and model; the call is recorded in the ledger with the purpose
"assistant:<slug>" and the agent's department. Assistants over a collection need the
workspace's retrieval and are not offered here.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.composition import ServiceModel
from core.errors import NotAllowed
from workspace import policies
from workspace.models import Assistant, InputKind, TaskKind

PREFIX = "assistant:"
TRANSLATE_DEFAULT = "Translate the text from French into English, or from English into French."


class AssistantModels:
    def _queryset(self):
        return Assistant.objects.filter(live=True).exclude(input_kind=InputKind.COLLECTION)

    def names(self, *, user) -> list[str]:
        if user is None or not policies.workspace_allowed(user):
            return []
        return [f"{PREFIX}{slug}" for slug in self._queryset().values_list("slug", flat=True)]

    def resolve(self, *, model: str, user, messages: list[dict]) -> ServiceModel | None:
        if not model.startswith(PREFIX):
            return None
        assistant = self._queryset().filter(slug=model[len(PREFIX) :]).first()
        if assistant is None:
            return None
        if user is None or not policies.workspace_allowed(user):
            raise NotAllowed(_("The workspace's assistants are for city agents."))
        instructions = assistant.instructions.strip()
        if assistant.task_kind == TaskKind.TRANSLATE:
            instructions += "\n\n" + TRANSLATE_DEFAULT
        conversation = [m for m in messages if m["role"] != "system"]
        return ServiceModel(
            messages=[{"role": "system", "content": instructions}, *conversation],
            model_alias=assistant.effective_model_alias,
            purpose=f"assistant:{assistant.slug}"[:100],
            department=(getattr(user, "department", "") or "")[:200],
            params={"max_tokens": assistant.max_tokens, "temperature": assistant.temperature},
        )


assistant_model = AssistantModels()
