"""An assistant is data with revisions: publishing raises its version and keeps its register
record in step, as a draft a register editor publishes."""

import pytest
from django.contrib.auth.models import Group

from register.models import AISystem, VersionState
from workspace.demo import assistants_seed
from workspace.models import Assistant

pytestmark = pytest.mark.django_db


def test_seeded_assistants_are_published_with_a_register_draft():
    assistants_seed()
    assistant = Assistant.objects.get(slug="resumer-un-document")
    assert assistant.live and assistant.version == 1
    system = AISystem.objects.get(uuid=assistant.register_uuid)
    version = system.versions.get()
    assert version.state == VersionState.DRAFT
    assert version.purpose == assistant.purpose
    assert "smollm2" in version.technical_description
    assert "relu par l'agent" in version.human_oversight
    assert "généré par IA" in version.transparency_notice
    assert version.live_data == assistant.data_processed
    assert system.published_version is None  # a register editor publishes it


def test_publishing_again_raises_the_version_and_adds_a_register_draft():
    assistants_seed()
    assistant = Assistant.objects.get(slug="traduire")
    assistant.purpose = "Traduire les courriers des usagers."
    assistant.save_revision().publish()
    assistant.refresh_from_db()
    assert assistant.version == 2
    system = AISystem.objects.get(uuid=assistant.register_uuid)
    assert list(system.versions.order_by("number").values_list("purpose", flat=True)) == [
        "Traduire un texte du français vers l'anglais ou de l'anglais vers le français.",
        "Traduire les courriers des usagers.",
    ]


def test_a_draft_is_not_used_until_published():
    assistants_seed()
    assistant = Assistant.objects.get(slug="traduire")
    assistant.instructions = "Nouvelle consigne."
    assistant.save_revision()  # saved as a draft, not published
    assistant.refresh_from_db()
    assert assistant.instructions != "Nouvelle consigne."
    assert assistant.version == 1
    assert assistant.latest_revision.content["instructions"] == "Nouvelle consigne."


def test_ai_lead_group_may_manage_assistants_in_the_admin():
    group = Group.objects.get(name="ai_lead")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {
        "access_admin",
        "add_assistant",
        "change_assistant",
        "delete_assistant",
        "publish_assistant",
    } <= codenames
