"""Meetings, agendas linking records by public id, and minutes for staff or for everyone."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from core.errors import InvalidInput, NotAllowed
from dialogue import gdpr, services
from dialogue.models import Meeting, Membership, Visibility
from tests.dialogue.factories import body_with, representative
from tests.factories import UserFactory
from tests.register.factories import editor, published_system

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 20)


def _meeting(member, body, visibility):
    system = published_system(name="Tri du courrier")
    meeting = services.meeting_create(
        actor=member,
        body=body,
        title="Séance de novembre",
        date=DAY,
        items=[
            {"title": "Bilan", "target_kind": "register_record", "target_ref": system.slug},
            {"title": "Divers"},
        ],
    )
    services.meeting_minutes_publish(
        actor=member, meeting=meeting, minutes="Compte rendu confidentiel.", visibility=visibility
    )
    return meeting


def test_the_agenda_links_the_record(client):
    member = representative()
    meeting = _meeting(member, body_with(member), Visibility.PUBLIC)
    content = client.get(meeting.get_absolute_url()).content.decode()
    assert "Tri du courrier" in content and "Divers" in content


def test_an_unknown_agenda_id_is_refused():
    member = representative()
    body = body_with(member)
    with pytest.raises(InvalidInput) as refused:
        services.meeting_create(
            actor=member,
            body=body,
            title="Séance",
            date=DAY,
            items=[{"title": "X", "target_kind": "register_record", "target_ref": "nope"}],
        )
    assert "1" in refused.value.message
    assert not Meeting.objects.exists()


def test_the_meeting_form_keeps_input_on_an_unknown_id(client):
    member = representative()
    body = body_with(member)
    client.force_login(member)
    response = client.post(
        reverse("dialogue:meeting_new", kwargs={"slug": body.slug}),
        {"title": "Séance", "date": "2026-11-20", "agenda": "Bilan | register: inconnu"},
    )
    assert response.status_code == 422
    assert "Bilan | register: inconnu" in response.content.decode()
    assert not Meeting.objects.exists()


def test_only_members_create_meetings(client):
    member = representative()
    body = body_with(member)
    with pytest.raises(NotAllowed):
        services.meeting_create(
            actor=representative(), body=body, title="S", date=DAY, items=[{"title": "X"}]
        )
    client.force_login(editor())
    response = client.get(reverse("dialogue:meeting_new", kwargs={"slug": body.slug}))
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 404),
        ("resident", 404),
        ("agent", 200),
        ("member", 200),
        ("register_editor", 200),
    ],
)
def test_staff_only_minutes_are_404_outside_the_staff(client, who, expected):
    member = representative()
    meeting = _meeting(member, body_with(member), Visibility.STAFF)
    users = {
        "resident": lambda: UserFactory(roles=[Role.RESIDENT]),
        "agent": lambda: UserFactory(roles=[Role.AGENT]),
        "register_editor": editor,
        "member": lambda: member,
    }
    if who != "anonymous":
        client.force_login(users[who]())
    response = client.get(reverse("dialogue:minutes", kwargs={"pk": meeting.pk}))
    assert response.status_code == expected
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert ("Compte rendu confidentiel." in page) is (expected == 200)


def test_public_minutes_are_read_by_everyone(client):
    member = representative()
    meeting = _meeting(member, body_with(member), Visibility.PUBLIC)
    response = client.get(reverse("dialogue:minutes", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    assert "Compte rendu confidentiel." in response.content.decode()


def test_a_member_needs_the_staff_representative_role():
    from dialogue.services import body_member_add
    from tests.dialogue.factories import admin

    body = body_with()
    with pytest.raises(InvalidInput):
        body_member_add(actor=admin(), body=body, user=UserFactory(roles=[Role.AGENT]))
    with pytest.raises(NotAllowed):
        body_member_add(actor=representative(), body=body, user=representative())


def test_gdpr_export_and_erasure():
    member = representative()
    body = body_with(member)
    data = gdpr.export_user_data(user=member)
    assert data["memberships"][0]["body"] == body.name
    gdpr.erase_user_data(user=member)
    assert not Membership.objects.filter(user=member).exists()
    assert User.objects.filter(pk=member.pk).exists()


def test_the_pages_answer_in_french_and_english(client):
    member = representative()
    body = body_with(member)
    assert client.get("/dialogue/").status_code == 200
    assert client.get("/en/dialogue/").status_code == 200
    response = client.get(f"/en/dialogue/bodies/{body.slug}/")
    assert response.status_code == 200
    assert "Members" in response.content.decode()
