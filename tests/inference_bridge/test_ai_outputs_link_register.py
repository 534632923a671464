"""The sandbox's answers carry the one AI label, linked to the sandbox's register record and to
"ask for a human review" (its recourse form), found by the tool key without the inference
bridge importing the register."""

import pytest

from accounts.roles import Role
from inference_bridge.services import conversation_share
from register import services as register_services
from tests.factories import UserFactory
from tests.register.factories import editor, published_system

pytestmark = pytest.mark.django_db


def test_sandbox_answers_link_to_the_sandbox_record_and_to_a_human_review(client):
    system = published_system(name="Bac à sable de l'IA de la Ville")
    register_services.system_tool_key_set(actor=editor(), system=system, tool_key="sandbox")
    conversation_share(
        conversation_id="00000000-0000-4000-8000-000000000001",
        user=UserFactory(),
        messages=[
            {"role": "user", "content": "Question"},
            {"role": "assistant", "content": "Réponse"},
        ],
        model_alias="smollm2-135m-instruct",
    )
    client.force_login(UserFactory(roles=[Role.RESEARCHER]))
    shared = client.get("/sandbox/shared/").content.decode()
    assert shared.count('class="ai-label"') == 1
    assert f'href="/register/{system.slug}/"' in shared
    assert f'href="/register/{system.slug}/recourse/"' in shared


def test_the_sandbox_page_labels_each_streamed_answer_with_the_record_links(client):
    from inference_bridge.views import NOTICE_SESSION_KEY

    system = published_system(name="Bac à sable")
    register_services.system_tool_key_set(actor=editor(), system=system, tool_key="sandbox")
    session = client.session
    session[NOTICE_SESSION_KEY] = True
    session.save()
    sandbox = client.get("/sandbox/").content.decode()
    # The answer template its script clones for each streamed answer carries the label.
    template = sandbox[sandbox.index('id="ib-ai-template"') :]
    assert f'/register/{system.slug}/"' in template
    assert f'/register/{system.slug}/recourse/"' in template
