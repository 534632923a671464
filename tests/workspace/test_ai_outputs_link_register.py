"""A workspace run's output carries the one AI label, linked to its assistant's register record:
the draft (for the agents) until a register editor publishes it, then the public record and
"ask for a human review"."""

import pytest
from django.urls import reverse

from register import services as register_services
from register.models import AISystem
from tests.register.factories import core_data, editor
from workspace.models import Run

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("workspace_settings")]


def test_a_run_links_to_its_assistants_record_and_to_a_human_review(client, starters, node):
    from tests.factories import UserFactory
    from tests.workspace.conftest import AGENT_DEPARTMENT

    client.force_login(UserFactory(roles=["agent"], department=AGENT_DEPARTMENT))
    client.post(
        reverse("workspace:assistant", args=["traduire"]),
        {"text": "Bonjour à tous.", "direction": "fr-en"},
    )
    run = Run.objects.get()
    system = AISystem.objects.get(uuid=run.assistant.register_uuid)
    html = client.get(run.get_absolute_url()).content.decode()
    assert 'class="ai-label"' in html and f'href="/register/{system.slug}/draft/"' in html
    author, publisher = editor(), editor()
    data = {k: v for k, v in core_data().items() if k != "name"}
    version = register_services.system_version_save(actor=author, system=system, data=data)
    register_services.system_version_publish(actor=publisher, version=version)
    html = client.get(run.get_absolute_url()).content.decode()
    assert f'href="/register/{system.slug}/"' in html
    assert f'href="/register/{system.slug}/recourse/"' in html
