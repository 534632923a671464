"""Editing in the Wagtail admin: access for register editors only, four eyes, questionnaire."""

import pytest

from accounts.roles import Role
from register.models import AISystem, VersionState
from tests.factories import UserFactory
from tests.register.factories import core_data, editor, published_system

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("roles", "allowed"),
    [
        ([Role.RESIDENT], False),
        ([Role.AGENT], False),
        ([Role.MODERATOR], False),
        ([Role.REGISTER_EDITOR], True),
    ],
)
def test_only_register_editors_reach_the_register_admin(client, roles, allowed):
    client.force_login(UserFactory(roles=roles))
    response = client.get("/cms/register/")
    assert (response.status_code == 200) is allowed


def test_create_edit_and_publish_through_the_admin(client):
    author, publisher = editor(), editor()
    client.force_login(author)
    data = {k: v for k, v in core_data(name="Nouveau système").items()}
    data.update({"standard_version": "1.0", "language": "fr", "change_summary": "Création"})
    response = client.post("/cms/register/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    system = AISystem.objects.get()
    version = system.versions.get()
    assert client.post(f"/cms/register/{system.pk}/versions/1/publish/").status_code == 302
    version.refresh_from_db()
    assert version.state == VersionState.DRAFT  # own draft: refused
    client.force_login(publisher)
    client.post(f"/cms/register/{system.pk}/versions/1/publish/")
    version.refresh_from_db()
    assert version.state == VersionState.PUBLISHED
    assert client.get(f"/cms/register/{system.pk}/").status_code == 200
    edit = client.get(f"/cms/register/{system.pk}/edit/")
    assert edit.status_code == 200 and "Nouveau système" in edit.content.decode()


def test_questionnaire_form_stores_the_level_in_a_new_draft(client):
    system = published_system()
    client.force_login(editor())
    answers = {
        "is_ai_system": "yes",
        "role": "deployer",
        "prohibited_practice": "no",
        "annex_i_safety_component": "no",
        "annex_iii_area": "5",
        "profiling": "yes",
        "interacts_with_people": "no",
        "generates_content": "no",
        "publishes_text": "no",
    }
    check = client.post(f"/cms/register/{system.pk}/questionnaire/", {**answers, "check": "1"})
    assert check.context["result"].level == "high"
    assert (
        client.post(
            f"/cms/register/{system.pk}/questionnaire/", {**answers, "save": "1"}
        ).status_code
        == 302
    )
    latest = system.versions.order_by("-number").first()
    assert (latest.state, latest.risk_level, latest.annex_iii_point) == ("draft", "high", "5")


def test_charter_form_and_retire_form(client):
    system = published_system()
    client.force_login(editor())
    data = {"form-TOTAL_FORMS": "10", "form-INITIAL_FORMS": "10"}
    from register.models import CharterPrinciple

    for i, p in enumerate(CharterPrinciple.values):
        data.update(
            {
                f"form-{i}-principle": p,
                f"form-{i}-rating": "meets" if i < 3 else "",
                f"form-{i}-justification": "",
            }
        )
    assert client.post(f"/cms/register/{system.pk}/charter/", data).status_code == 302
    assert system.versions.order_by("-number").first().charter_assessments.count() == 3
    assert client.post(f"/cms/register/{system.pk}/retire/", {"reason": ""}).status_code == 400
    assert (
        client.post(f"/cms/register/{system.pk}/retire/", {"reason": "Remplacé"}).status_code == 302
    )
    assert system.versions.order_by("-number").first().status == "retired"
    assert client.get("/cms/register/partners/").status_code == 200
