"""Recourse lifecycle: filing (page + API), emails, status lookup, staff handling, purge."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import AuditEntry
from accounts.roles import Role
from core.errors import Conflict
from register import services
from register.models import RecourseEventKind, RecourseRequest, RecourseStatus
from tests.factories import UserFactory
from tests.register.factories import editor, published_system

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Camille",
    "email": "camille@example.org",
    "request": "Je demande un réexamen de la décision.",
    "consent": "on",
    "decision_reference": "D-123",
}


@pytest.fixture
def system():
    return published_system(name="Score de test")


def file_request(client, system, **overrides):
    return client.post(reverse("register:recourse", args=[system.slug]), {**FORM, **overrides})


def test_filing_gives_a_non_guessable_reference_and_an_acknowledgement(
    client, system, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = file_request(client, system)
    assert response.status_code == 302
    req = RecourseRequest.objects.get()
    assert req.reference.startswith("REC-") and len(req.reference) == 14
    assert req.status == RecourseStatus.RECEIVED
    assert req.due_date > timezone.localdate()
    assert len(mailoutbox) == 1 and req.reference in mailoutbox[0].body
    assert mailoutbox[0].to == ["camille@example.org"]
    page = client.get(response.url)
    assert req.reference in page.content.decode()
    assert AuditEntry.objects.filter(
        action="register.recourse.open", target_id=req.reference
    ).exists()


def test_invalid_form_keeps_values_and_answers_400(client, system):
    response = file_request(client, system, consent="", email="not-an-email")
    assert response.status_code == 400
    assert "Je demande un réexamen" in response.content.decode()
    assert not RecourseRequest.objects.exists()


def test_honeypot_stores_nothing(client, system):
    response = file_request(client, system, website="http://spam.example")
    assert response.status_code == 302
    assert not RecourseRequest.objects.exists()


def test_rate_limit_per_email_blocks_with_a_clear_message(client, system, settings):
    settings.REGISTER_RECOURSE_LIMIT_PER_EMAIL = 2
    for _ in range(2):
        assert file_request(client, system).status_code == 302
    response = file_request(client, system)
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert RecourseRequest.objects.count() == 2


def test_rate_limit_per_ip(client, system, settings):
    settings.REGISTER_RECOURSE_LIMIT_PER_IP = 1
    assert file_request(client, system).status_code == 302
    assert file_request(client, system, email="other@example.org").status_code == 429


def test_api_filing_returns_201_with_the_reference(
    client, system, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/register/systems/{system.slug}/recourse/",
            {"email": "a@example.org", "request": "Réexamen", "consent": True},
            content_type="application/json",
        )
    assert response.status_code == 201
    reference = response.json()["reference"]
    assert RecourseRequest.objects.filter(reference=reference).exists()
    assert len(mailoutbox) == 1


def test_api_filing_errors_are_readable(client, system):
    response = client.post(
        f"/api/register/systems/{system.slug}/recourse/",
        {"email": "bad", "request": "", "consent": False},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()["error"]
    assert set(body["fields"]) >= {"email", "request", "consent"}
    assert (
        client.post(
            "/api/register/systems/unknown/recourse/", {}, content_type="application/json"
        ).status_code
        == 404
    )


def test_status_lookup_needs_both_reference_and_email(client, system):
    req = services.recourse_request_open(
        system=system, data={"email": "x@example.org", "request": "R", "consent": True}
    )
    url = reverse("register:recourse_status")
    wrong_email = client.post(url, {"reference": req.reference, "email": "y@example.org"})
    wrong_ref = client.post(url, {"reference": "REC-AAAAAAAAAA", "email": "x@example.org"})
    assert wrong_email.status_code == wrong_ref.status_code == 404

    def strip(response):
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        for value in ("x@example.org", "y@example.org", "REC-AAAAAAAAAA", req.reference):
            text = text.replace(value, "")
        return text

    assert strip(wrong_email) == strip(wrong_ref)
    good = client.post(url, {"reference": req.reference.lower(), "email": "X@example.org"})
    assert good.status_code == 200
    assert "Reçue" in good.content.decode()


def test_full_lifecycle_with_staff_and_emails(
    client, system, mailoutbox, django_capture_on_commit_callbacks
):
    req = services.recourse_request_open(
        system=system, data={"email": "x@example.org", "request": "R", "consent": True}
    )
    agent = UserFactory(roles=[Role.AGENT])
    client.force_login(agent)
    url = reverse("register:staff_request", args=[req.reference])
    assert client.post(url, {"action": "assign", "assign-handler": agent.pk}).status_code == 302
    assert (
        client.post(url, {"action": "note", "note-text": "Appeler le service"}).status_code == 302
    )
    assert client.post(url, {"action": "due", "due-due_date": "2030-01-01"}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post(
                url, {"action": "answer", "answer-answer": "Votre dossier est réexaminé."}
            ).status_code
            == 302
        )
    req.refresh_from_db()
    assert req.status == RecourseStatus.ANSWERED and req.handler == agent
    assert req.due_date == datetime.date(2030, 1, 1)
    assert mailoutbox[-1].to == ["x@example.org"] and "réexaminé" in mailoutbox[-1].body
    kinds = list(req.events.values_list("kind", flat=True))
    assert {RecourseEventKind.ASSIGNED, RecourseEventKind.NOTE, RecourseEventKind.ANSWER} <= set(
        kinds
    )
    # The requester sees the answer and public events, never internal notes.
    client.logout()
    page = client.post(
        reverse("register:recourse_status"), {"reference": req.reference, "email": "x@example.org"}
    )
    text = page.content.decode()
    assert "Votre dossier est réexaminé." in text and "Appeler le service" not in text
    assert (
        AuditEntry.objects.filter(
            target_type="register.recourserequest", target_id=req.reference
        ).count()
        >= 5
    )
    # Closing
    client.force_login(agent)
    client.post(url, {"action": "status", "status-status": "closed"})
    req.refresh_from_db()
    assert req.status == RecourseStatus.CLOSED and req.closed_at


def test_overdue_reminder_task_emails_the_handler_once_a_day(
    system, mailoutbox, django_capture_on_commit_callbacks
):
    from register.tasks import remind_overdue_recourse

    handler = editor()
    req = services.recourse_request_open(
        system=system, data={"email": "x@example.org", "request": "R", "consent": True}
    )
    services.recourse_request_assign(actor=handler, request=req, handler=handler)
    RecourseRequest.objects.filter(pk=req.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=2)
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the reminder leaves via the outbox
        assert remind_overdue_recourse.delay().get() == 1
    assert mailoutbox[0].to == [handler.email] and req.reference in mailoutbox[0].subject
    assert remind_overdue_recourse.delay().get() == 0


def test_purge_blanks_personal_data_after_retention_and_keeps_statistics(system, settings):
    from register.selectors import register_indicators
    from register.tasks import purge_recourse_personal_data

    settings.REGISTER_RECOURSE_RETENTION_DAYS = 30
    agent = editor()
    old = services.recourse_request_open(
        system=system, data={"name": "N", "email": "x@example.org", "request": "R", "consent": True}
    )
    recent = services.recourse_request_open(
        system=system, data={"email": "y@example.org", "request": "R", "consent": True}
    )
    for r in (old, recent):
        services.recourse_request_answer(actor=agent, request=r, answer="Réponse")
        services.recourse_request_set_status(actor=agent, request=r, status=RecourseStatus.CLOSED)
    RecourseRequest.objects.filter(pk=old.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=31),
        answered_at=timezone.now() - datetime.timedelta(days=31),
    )
    assert purge_recourse_personal_data.delay().get() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.email, old.request, old.answer) == ("", "", "", "")
    assert old.purged_at and recent.email == "y@example.org"
    assert register_indicators()["recourse"]["received"] == 2


def test_a_mail_outage_does_not_fail_the_request(
    client, system, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.register.test_recourse.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = file_request(client, system)
    assert response.status_code == 302
    assert RecourseRequest.objects.count() == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP down")


def test_a_refused_status_change_is_shown_on_the_form_with_the_conflict_status(client, system):
    req = services.recourse_request_open(
        system=system, data={"email": "x@example.org", "request": "R", "consent": True}
    )
    client.force_login(UserFactory(roles=[Role.AGENT]))
    url = reverse("register:staff_request", args=[req.reference])
    # received → answered is not a transition a person may choose (answering does it)
    response = client.post(url, {"action": "status", "status-status": "answered"})
    assert response.status_code == 409
    assert response.context["forms"]["status"].non_field_errors() == [
        "Ce changement de statut n'est pas permis."
    ]
    assert escape("Ce changement de statut n'est pas permis.") in response.content.decode()
    req.refresh_from_db()
    assert req.status == RecourseStatus.RECEIVED


def test_a_purged_request_cannot_be_answered(system):
    req = services.recourse_request_open(
        system=system, data={"email": "x@example.org", "request": "R", "consent": True}
    )
    services.recourse_request_anonymise(request=req)
    with pytest.raises(Conflict):
        services.recourse_request_answer(actor=editor(), request=req, answer="Réponse")
    req.refresh_from_db()
    assert req.answer == "" and req.status == RecourseStatus.RECEIVED


def test_api_refuses_recourse_on_a_partner_record_with_a_json_error(client, system):
    from register.models import RemoteRegister

    system.remote = RemoteRegister.objects.create(name="Ville P", export_url="https://p.example/e")
    system.save(update_fields=["remote"])
    response = client.post(
        f"/api/register/systems/{system.slug}/recourse/",
        {"email": "x@example.org", "request": "R", "consent": True},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert not RecourseRequest.objects.exists()


def test_recourse_audit_rows_name_the_model_and_use_the_register_vocabulary(system):
    from register.models import AuditAction

    req = services.recourse_request_open(
        system=system, data={"email": "x@example.org", "request": "R", "consent": True}
    )
    entry = AuditEntry.objects.get(target_id=req.reference)
    assert (entry.action, entry.target_type) == (
        AuditAction.RECOURSE_OPEN.value,
        "register.recourserequest",
    )
    assert AuditAction.RECOURSE_OPEN.value == "register.recourse.open"  # stored: never renamed


def _form_key(client, system) -> str:
    page = client.get(reverse("register:recourse", args=[system.slug])).content.decode()
    match = re.search(r'<input type="hidden" name="form_key" value="([0-9a-f-]{36})"', page)
    assert match, "the recourse form carries a one-time key"
    return match.group(1)


def test_the_same_form_sent_twice_files_one_request_and_shows_its_reference(
    client, system, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """Back button, then submit again: the second submit shows the first request's reference."""
    settings.REGISTER_RECOURSE_LIMIT_PER_EMAIL = 1  # a replay is not a new attempt
    key = _form_key(client, system)
    with django_capture_on_commit_callbacks(execute=True):
        first = file_request(client, system, form_key=key)
        second = file_request(client, system, form_key=key)
    assert first.status_code == second.status_code == 302
    req = RecourseRequest.objects.get()
    assert req.form_key is not None and str(req.form_key) == key
    assert len(mailoutbox) == 1
    page = client.get(second.url).content.decode()
    assert req.reference in page
    assert "déjà été envoyé" in page
    # A fresh form (a new key) files a new request.
    assert _form_key(client, system) != key


def test_two_forms_file_two_requests(client, system):
    file_request(client, system, form_key=_form_key(client, system))
    file_request(client, system, form_key=_form_key(client, system))
    assert RecourseRequest.objects.count() == 2


def test_the_service_returns_the_request_a_form_key_already_filed(system):
    import uuid

    key = uuid.uuid4()
    data = {"email": "a@example.org", "request": "Réexamen", "consent": True, "form_key": key}
    first = services.recourse_request_open(system=system, data=data)
    again = services.recourse_request_open(system=system, data=data)
    assert again.pk == first.pk and again.already_filed
    assert RecourseRequest.objects.count() == 1


def test_the_ip_allowance_is_higher_than_the_email_one():
    from django.conf import settings as live

    from core.ratelimit import parse_rate

    per_ip = parse_rate(live.REGISTER_RECOURSE_LIMIT_PER_IP)
    per_email = parse_rate(live.REGISTER_RECOURSE_LIMIT_PER_EMAIL)
    assert per_ip.limit > per_email.limit
    assert per_ip.limit / per_ip.seconds > per_email.limit / per_email.seconds


def test_a_verified_account_is_never_blocked_by_others_on_the_same_address(
    client, system, settings
):
    """A town hall counter: strangers exhaust the address's allowance, a resident logged in
    with a verified email still files their request."""
    settings.REGISTER_RECOURSE_LIMIT_PER_IP = 2
    for n in range(2):
        assert file_request(client, system, email=f"visitor{n}@example.org").status_code == 302
    assert file_request(client, system, email="third@example.org").status_code == 429
    resident = UserFactory(roles=[Role.RESIDENT], email="resident@example.org")
    client.force_login(resident)
    response = file_request(client, system, email="resident@example.org")
    assert response.status_code == 302
    assert RecourseRequest.objects.filter(requester=resident).count() == 1


def test_a_verified_account_is_still_limited_by_its_own_requests(client, system, settings):
    settings.REGISTER_RECOURSE_LIMIT_PER_EMAIL = 1
    resident = UserFactory(roles=[Role.RESIDENT])
    client.force_login(resident)
    assert file_request(client, system, email="one@example.org").status_code == 302
    assert file_request(client, system, email="two@example.org").status_code == 429
