"""Formal opinions: who may file them, where they show, and that the exports carry them."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from accounts.roles import Role
from core.errors import InvalidInput, NotAllowed
from dialogue import services
from dialogue.models import Opinion
from tests.dialogue.factories import body_with, representative
from tests.factories import UserFactory
from tests.register.factories import editor, published_system

pytestmark = pytest.mark.django_db


def _file(actor, body, ref, **overrides):
    data = {
        "actor": actor,
        "body": body,
        "target_kind": "register_record",
        "target_ref": ref,
        "stance": "reservations",
        "reasons": "Former les agents avant l'extension.",
        "given_on": timezone.localdate(),
    }
    data.update(overrides)
    return services.opinion_file(**data)


def test_a_member_files_an_opinion_and_it_is_audited():
    system = published_system()
    member = representative()
    body = body_with(member)
    opinion = _file(member, body, system.slug)
    assert opinion.body == body and opinion.target_ref == system.slug
    entry = AuditEntry.objects.get(action="dialogue.opinion.file")
    assert entry.actor == member and entry.data["ref"] == system.slug


@pytest.mark.parametrize(
    "who",
    ["resident", "agent", "non_member_representative", "register_editor", "member_without_role"],
)
def test_only_a_member_holding_the_role_files_an_opinion(who):
    system = published_system()
    member = representative()
    body = body_with(member)
    users = {
        "resident": lambda: UserFactory(roles=[Role.RESIDENT]),
        "agent": lambda: UserFactory(roles=[Role.AGENT]),
        "non_member_representative": representative,
        "register_editor": editor,
        "member_without_role": lambda: member,
    }
    actor = users[who]()
    if who == "member_without_role":
        actor.groups.filter(name=Role.STAFF_REPRESENTATIVE).delete()
        actor = type(actor).objects.get(pk=actor.pk)
    with pytest.raises(NotAllowed):
        _file(actor, body, system.slug)
    assert not Opinion.objects.exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("resident", 403),
        ("agent", 403),
        ("register_editor", 403),
        ("non_member_representative", 403),
        ("member", 200),
    ],
)
def test_the_opinion_form_matrix(client, who, expected):
    member = representative()
    body_with(member)
    users = {
        "resident": lambda: UserFactory(roles=[Role.RESIDENT]),
        "agent": lambda: UserFactory(roles=[Role.AGENT]),
        "register_editor": editor,
        "non_member_representative": representative,
        "member": lambda: member,
    }
    if who != "anonymous":
        client.force_login(users[who]())
    response = client.get(reverse("dialogue:opinion_new"))
    assert response.status_code == expected


def test_a_member_cannot_post_in_the_name_of_another_body(client):
    system = published_system()
    member = representative()
    body_with(member)
    other = body_with(representative())
    client.force_login(member)
    response = client.post(
        reverse("dialogue:opinion_new"),
        {
            "body": other.pk,
            "target_kind": "register_record",
            "target_ref": system.slug,
            "stance": "favourable",
            "reasons": "Oui.",
            "given_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert not Opinion.objects.exists()


def test_an_unknown_id_is_a_clear_form_error_and_keeps_the_input(client):
    member = representative()
    body = body_with(member)
    client.force_login(member)
    response = client.post(
        reverse("dialogue:opinion_new"),
        {
            "body": body.pk,
            "target_kind": "register_record",
            "target_ref": "no-such-record",
            "stance": "favourable",
            "reasons": "Des raisons précises.",
            "given_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert "no-such-record" in content
    assert "Des raisons précises." in content
    assert "no-such-record" in response.context["form"].errors["target_ref"][0]
    assert not Opinion.objects.exists()


def test_bad_input_is_refused_by_the_service():
    system = published_system()
    member = representative()
    body = body_with(member)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(InvalidInput):
        _file(member, body, system.slug, given_on=tomorrow)
    with pytest.raises(InvalidInput):
        _file(member, body, system.slug, stance="maybe")
    with pytest.raises(InvalidInput):
        _file(member, body, system.slug, reasons="  ")
    with pytest.raises(InvalidInput):
        _file(member, body, "1", target_kind="use_case")
    with pytest.raises(InvalidInput):
        _file(member, body, system.slug, target_kind="nothing")
    assert not Opinion.objects.exists()


def test_the_opinion_shows_on_the_record_page(client):
    system = published_system()
    member = representative()
    body = body_with(member, name="Comité social territorial")
    _file(member, body, system.slug, reasons="Réserve : former les agents.")
    response = client.get(reverse("register:detail", kwargs={"slug": system.slug}))
    content = response.content.decode()
    assert "Comité social territorial" in content
    assert "Réserve : former les agents." in content


def test_the_opinion_shows_on_the_use_case_page(client):
    from consultation.models import UseCase

    use_case = UseCase.objects.create(
        title="Aide à la rédaction",
        summary="s",
        problem="p",
        proposed_ai="a",
        data_used="d",
        people_affected="pa",
        expected_benefits="b",
        risks="r",
        alternatives="al",
    )
    member = representative()
    body = body_with(member, name="F3SCT")
    _file(
        member,
        body,
        str(use_case.pk),
        target_kind="use_case",
        stance="unfavourable",
        reasons="Charge de travail accrue.",
    )
    response = client.get(use_case.get_absolute_url())
    content = response.content.decode()
    assert "F3SCT" in content and "Charge de travail accrue." in content


def test_the_exports_carry_the_opinions(client):
    system = published_system()
    other = published_system()
    member = representative()
    body = body_with(member, name="Comité du numérique")
    _file(member, body, system.slug, reasons="Avis motivé.")
    expected = {
        "body": "Comité du numérique",
        "body_kind": "digital",
        "stance": "reservations",
        "reasons": "Avis motivé.",
        "given_on": timezone.localdate().isoformat(),
    }
    whole = client.get(reverse("register:export_json"))
    body_json = json.loads(b"".join(whole.streaming_content) if whole.streaming else whole.content)
    records = {r["slug"]: r for r in body_json["systems"]}
    assert records[system.slug]["staff_opinions"] == [expected]
    assert records[other.slug]["staff_opinions"] == []
    assert body_json["standard_version"].startswith("ia-commune-register/1.3")

    api = client.get(f"/api/register/systems/{system.slug}/")
    assert api.status_code == 200
    assert api.json()["staff_opinions"] == [expected]

    response = client.get(reverse("register:export_csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(text))}
    assert json.loads(rows[system.slug]["staff_opinions"]) == [expected]
    assert json.loads(rows[other.slug]["staff_opinions"]) == []
