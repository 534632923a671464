"""Assisted channels: a counter agent records a recourse request for someone without email,
prints the receipt; staff answer and print the letter; the person follows it with the
reference and their postcode."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import AuditEntry
from accounts.roles import Role
from core.errors import InvalidInput, NotAllowed
from register import services
from register.models import (
    AuditAction,
    RecourseChannel,
    RecourseEventKind,
    RecourseRequest,
    RecourseStatus,
)
from tests.factories import UserFactory
from tests.register.factories import editor, published_system

pytestmark = pytest.mark.django_db

ADDRESS_FORM = {
    "channel": "phone",
    "name": "Josette Martin",
    "postal_address": "12 rue de la Roquette",
    "postcode": "75011",
    "town": "Paris",
    "phone": "01 43 00 00 00",
    "request": "Je conteste le refus de ma demande de logement.",
    "consent": "on",
}


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def system():
    return published_system(name="Tri des demandes de logement")


@pytest.fixture
def counter_agent():
    return UserFactory(roles=[Role.COUNTER_AGENT], display_name="Agent d'accueil")


def record(client, system, **overrides):
    data = {**ADDRESS_FORM, "system": system.pk, **overrides}
    return client.post(reverse("register:counter_record"), data)


def test_a_phone_request_without_email_goes_end_to_end_with_receipt_and_letter(
    client, system, counter_agent, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(counter_agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = record(client, system)
    req = RecourseRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("register:counter_recorded", args=[req.reference])
    # Same path as an online request: reference, due date, timeline, staff queue.
    assert req.reference.startswith("REC-") and req.due_date > req.created_at.date()
    assert (req.channel, req.email, req.postcode, req.town) == ("phone", "", "75011", "Paris")
    assert req.recorded_by == counter_agent and req.status == RecourseStatus.RECEIVED
    assert mailoutbox == []  # no email to send to
    assert AuditEntry.objects.filter(
        action=AuditAction.RECOURSE_RECORD, target_id=req.reference, actor=counter_agent
    ).exists()

    page = client.get(response.url)
    assert req.reference in page.content.decode()
    receipt = client.get(reverse("register:recourse_receipt", args=[req.reference]))
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    text = pdf_text(receipt.content)
    assert req.reference in text
    assert "Tri des demandes de logement" in text
    assert req.due_date.strftime("%Y") in text and "75011" in text
    assert "/register/recourse/status/" in text

    handler = editor()
    client.force_login(handler)
    queue = client.get(reverse("register:staff_queue")).content.decode()
    assert req.reference in queue
    staff_url = reverse("register:staff_request", args=[req.reference])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            staff_url,
            {"action": "answer", "answer-answer": "Votre dossier est réexaminé : accord."},
        )
    req.refresh_from_db()
    assert req.status == RecourseStatus.ANSWERED and mailoutbox == []
    letter = client.get(reverse("register:recourse_letter", args=[req.reference]))
    assert letter.status_code == 200
    text = pdf_text(letter.content)
    assert "Josette Martin" in text and "12 rue de la Roquette" in text and "75011 Paris" in text
    assert "Votre dossier est réexaminé : accord." in text
    assert "CADA" in text and req.reference in text
    assert req.events.filter(kind=RecourseEventKind.LETTER, internal=False).count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.RECOURSE_LETTER).count() == 1


def test_the_status_look_up_takes_the_reference_and_the_postcode(client, system, counter_agent):
    mine = services.recourse_request_record(
        agent=counter_agent, system=system, data={**ADDRESS_FORM}
    )
    other = services.recourse_request_record(
        agent=counter_agent, system=system, data={**ADDRESS_FORM, "postcode": "13001"}
    )
    url = reverse("register:recourse_status")
    right = client.post(url, {"reference": mine.reference.lower(), "postcode": "75 011"})
    assert right.status_code == 200 and right.context["result"] == mine
    wrong = client.post(url, {"reference": mine.reference, "postcode": "75012"})
    others = client.post(url, {"reference": mine.reference, "postcode": "13001"})
    unknown = client.post(url, {"reference": "REC-NOTHING000", "postcode": "75011"})
    assert wrong.status_code == others.status_code == unknown.status_code == 404
    assert wrong.context["result"] is None and others.context["result"] is None
    # The same neutral answer whatever was wrong: nothing to enumerate.
    assert (
        wrong.context["form"].non_field_errors()
        == others.context["form"].non_field_errors()
        == unknown.context["form"].non_field_errors()
    )
    assert client.post(url, {"reference": other.reference, "postcode": "13001"}).status_code == 200


def test_the_status_look_up_still_works_by_email(client, system, counter_agent):
    req = services.recourse_request_record(
        agent=counter_agent,
        system=system,
        data={"channel": "letter", "email": "paul@example.org", "request": "Revoir", "consent": 1},
    )
    url = reverse("register:recourse_status")
    assert (
        client.post(url, {"reference": req.reference, "email": "paul@example.org"}).status_code
        == 200
    )
    assert (
        client.post(url, {"reference": req.reference, "email": "x@example.org"}).status_code == 404
    )


def test_the_status_look_up_needs_an_email_or_a_postcode(client):
    response = client.post(reverse("register:recourse_status"), {"reference": "REC-ABCDEFGHJK"})
    assert response.status_code == 400
    assert response.context["form"]["reference"].value() == "REC-ABCDEFGHJK"
    assert "code postal" in str(response.context["form"].non_field_errors())


def test_postcode_look_ups_are_rate_limited_like_email_ones(
    client, settings, system, counter_agent
):
    settings.REGISTER_STATUS_LOOKUPS_PER_IP = "2/hour"
    req = services.recourse_request_record(agent=counter_agent, system=system, data=ADDRESS_FORM)
    url = reverse("register:recourse_status")
    for _ in range(2):
        assert (
            client.post(url, {"reference": req.reference, "postcode": "99999"}).status_code == 404
        )
    assert client.post(url, {"reference": req.reference, "postcode": "75011"}).status_code == 429


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"postcode": "7501"}, "cinq chiffres"),
        ({"postcode": "00100"}, "cinq chiffres"),
        ({"postal_address": "", "postcode": "", "town": ""}, "envoyer la réponse"),
        ({"town": ""}, "adresse postale complète"),
    ],
)
def test_bad_input_is_refused_clearly_and_kept(client, system, counter_agent, overrides, message):
    client.force_login(counter_agent)
    response = record(client, system, **overrides)
    assert response.status_code == 422
    assert message in str(response.context["form"].non_field_errors())
    assert response.context["form"]["request"].value() == ADDRESS_FORM["request"]
    assert response.context["form"]["name"].value() == "Josette Martin"
    assert not RecourseRequest.objects.exists()


def test_a_form_that_does_not_validate_answers_400_and_keeps_the_values(
    client, system, counter_agent
):
    client.force_login(counter_agent)
    response = record(client, system, channel="fax", request="")
    assert response.status_code == 400
    form = response.context["form"]
    assert "channel" in form.errors and "request" in form.errors
    assert form["postal_address"].value() == "12 rue de la Roquette"


def test_the_same_form_sent_twice_records_one_request(client, system, counter_agent):
    client.force_login(counter_agent)
    key = "8c4bd4c0-2b8e-4f4e-9d55-7c2b1f0d6a11"
    first = record(client, system, form_key=key)
    second = record(client, system, form_key=key)
    assert first.url == second.url and RecourseRequest.objects.count() == 1


# --- Permission matrix ----------------------------------------------------------------------
ROLES = {
    "visitor": None,
    "resident": [Role.RESIDENT],
    "moderator": [Role.MODERATOR],
    "counter_agent": [Role.COUNTER_AGENT],
    "agent": [Role.AGENT],
    "register_editor": [Role.REGISTER_EDITOR],
}
# role: (record a request and print its receipt, download the answer letter)
EXPECTED = {
    "visitor": (False, False),
    "resident": (False, False),
    "moderator": (False, False),
    "counter_agent": (True, False),
    "agent": (True, True),
    "register_editor": (True, True),
}


@pytest.mark.parametrize("role", list(ROLES))
def test_permission_matrix(client, system, counter_agent, role):
    answered = services.recourse_request_record(
        agent=counter_agent, system=system, data=ADDRESS_FORM
    )
    services.recourse_request_answer(actor=editor(), request=answered, answer="Réponse.")
    user = UserFactory(roles=ROLES[role]) if ROLES[role] else None
    if user is not None:
        client.force_login(user)
    may_record, may_letter = EXPECTED[role]
    before = RecourseRequest.objects.count()
    form_page = client.get(reverse("register:counter_record"))
    posted = record(client, system)
    receipt = client.get(reverse("register:recourse_receipt", args=[answered.reference]))
    letter = client.get(reverse("register:recourse_letter", args=[answered.reference]))
    if user is None:
        assert form_page.status_code == posted.status_code == receipt.status_code == 302
        assert letter.status_code == 302
        assert RecourseRequest.objects.count() == before
        return
    if may_record:
        assert form_page.status_code == 200 and posted.status_code == 302
        assert receipt.status_code == 200
        assert RecourseRequest.objects.count() == before + 1
    else:
        assert form_page.status_code == posted.status_code == receipt.status_code == 403
        assert RecourseRequest.objects.count() == before
    assert letter.status_code == (200 if may_letter else 403)
    # The services refuse on their own too.
    if not may_record:
        with pytest.raises(NotAllowed):
            services.recourse_request_record(agent=user, system=system, data=ADDRESS_FORM)
    if not may_letter:
        with pytest.raises(NotAllowed):
            services.recourse_letter_pdf(actor=user, request=answered)


def test_no_receipt_for_a_request_filed_online(client, system, counter_agent):
    online = services.recourse_request_open(
        system=system,
        data={"email": "a@example.org", "request": "Revoir", "consent": True},
    )
    client.force_login(counter_agent)
    response = client.get(reverse("register:recourse_receipt", args=[online.reference]))
    assert response.status_code == 409
    assert not online.events.filter(kind=RecourseEventKind.RECEIPT).exists()


def test_no_letter_before_the_answer(client, system, counter_agent):
    req = services.recourse_request_record(agent=counter_agent, system=system, data=ADDRESS_FORM)
    client.force_login(editor())
    response = client.get(reverse("register:recourse_letter", args=[req.reference]))
    assert response.status_code == 409
    assert not req.events.filter(kind=RecourseEventKind.LETTER).exists()


def test_the_model_accepts_either_an_email_or_an_address_but_not_neither(system, counter_agent):
    by_email = services.recourse_request_record(
        agent=counter_agent,
        system=system,
        data={"channel": "counter", "email": "a@example.org", "request": "R", "consent": 1},
    )
    assert by_email.channel == RecourseChannel.COUNTER and by_email.postal_address == ""
    with pytest.raises(InvalidInput):
        services.recourse_request_record(
            agent=counter_agent,
            system=system,
            data={"channel": "counter", "request": "R", "consent": 1},
        )


def test_the_purge_blanks_the_postal_address(system, counter_agent):
    req = services.recourse_request_record(agent=counter_agent, system=system, data=ADDRESS_FORM)
    services.recourse_request_anonymise(request=req)
    req.refresh_from_db()
    assert (req.postal_address, req.postcode, req.town, req.name) == ("", "", "", "")
