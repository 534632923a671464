"""Assistants in the Wagtail admin: a snippet with revisions and draft/publish (ai_lead role).

Publishing raises the assistant's version and keeps its register record in step (a draft that
a register editor reviews and publishes)."""

from django.utils.translation import gettext_lazy as _
from wagtail.signals import published
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from workspace.models import Assistant


class AssistantViewSet(SnippetViewSet):
    model = Assistant
    icon = "cogs"
    menu_label = _("Assistants")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "task_kind", "input_kind", "version", "live"]


register_snippet(AssistantViewSet)


def _on_published(sender, instance, revision=None, **kwargs):
    from workspace.assistants.services import assistant_published

    actor = getattr(revision, "user", None)
    assistant_published(assistant=instance, actor=actor)


published.connect(_on_published, sender=Assistant, dispatch_uid="workspace-assistant-published")
