"""Workshop sessions: a facilitator records attendance, learners get the same certificate."""

import io
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import AuditEntry
from accounts.roles import Role
from core.errors import Conflict, InvalidInput, NotAllowed
from core.models import OutboxMessage
from tests.factories import UserFactory
from tests.helpers import page_text
from tests.training.factories import facilitator, make_course, training_manager
from training import gdpr, services
from training.models import (
    AuditAction,
    Certificate,
    WorkshopAttendee,
    WorkshopSession,
    attendee_name_key,
)

pytestmark = pytest.mark.django_db

CREATE = "training:workshop_create"


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def course(db):
    return make_course()[0]


@pytest.fixture
def host(db):
    return facilitator(display_name="Claire Animatrice")


def form_data(the_course, **overrides):
    data = {
        "course": str(the_course.pk),
        "held_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "place": "Médiathèque Marguerite Duras",
        "attendees": "Josiane Lefèvre\nMamadou Diallo, mamadou@example.org\n\nHélène Nguyen",
    }
    data.update(overrides)
    return data


def record(host, course, people=(("Josiane Lefèvre", ""), ("Mamadou Diallo", "m@example.org"))):
    return services.workshop_session_record(
        facilitator=host,
        course=course,
        held_on=timezone.localdate() - timedelta(days=1),
        place="Centre social Belleville",
        attendees=list(people),
    )


def test_recorded_attendance_issues_certificates_verifiable_on_the_public_page(
    client, course, host
):
    client.force_login(host)
    response = client.post(reverse(CREATE), form_data(course))
    session = WorkshopSession.objects.get()
    assert response.status_code == 302 and response.url == session.get_absolute_url()
    assert [a.name for a in session.attendees.all()] == [
        "Josiane Lefèvre",
        "Mamadou Diallo",
        "Hélène Nguyen",
    ]
    assert session.facilitator == host and session.course_key == course.translation_key
    assert not Certificate.objects.exists()  # nothing issued before the list is checked

    response = client.post(reverse("training:workshop_complete", args=[session.pk]))
    assert response.status_code == 302
    certificates = list(Certificate.objects.order_by("id"))
    assert [c.learner_name for c in certificates] == [
        "Josiane Lefèvre",
        "Mamadou Diallo",
        "Hélène Nguyen",
    ]
    assert all(c.user is None and c.is_valid for c in certificates)
    assert {c.course_key for c in certificates} == {course.translation_key}

    client.logout()  # the verification page is public
    verify = client.get(reverse("training:certificate_verify", args=[certificates[1].code]))
    text = page_text(verify)
    assert verify.status_code == 200
    assert "Certificat valide" in text and "Mamadou Diallo" in text
    assert course.title in text and "Médiathèque Marguerite Duras" in text
    api = client.get(f"/api/training/certificates/{certificates[1].code}/")
    assert api.status_code == 200 and api.json()["valid"] is True


def test_completion_writes_audit_rows_and_emails_only_learners_with_an_address(course, host):
    session = record(host, course)
    assert AuditEntry.objects.filter(action=AuditAction.WORKSHOP_RECORDED, actor=host).count() == 1
    issued = services.workshop_attendance_complete(by=host, session=session)
    assert len(issued) == 2
    issued_rows = AuditEntry.objects.filter(action=AuditAction.CERTIFICATE_ISSUED, actor=host)
    assert {row.target_id for row in issued_rows} == {c.code for c in issued}
    assert AuditEntry.objects.filter(action=AuditAction.WORKSHOP_COMPLETED).count() == 1
    mail = OutboxMessage.objects.get()
    assert mail.recipient == "m@example.org"
    mamadou = Certificate.objects.get(learner_name="Mamadou Diallo")
    assert mamadou.code in mail.body and mamadou.get_absolute_url() in mail.body


def test_session_certificates_print_as_one_pdf_with_a_page_per_learner(client, course, host):
    session = record(host, course)
    client.force_login(host)
    url = reverse("training:workshop_certificates_pdf", args=[session.pk])
    assert client.get(url).status_code == 404  # not before the attendance is complete
    services.workshop_attendance_complete(by=host, session=session)
    response = client.get(url)
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    text = pdf_text(response.content)
    for certificate in Certificate.objects.all():
        assert certificate.code in text and certificate.learner_name in text
    # The same single-certificate PDF as online learners', for the session's facilitator.
    one = Certificate.objects.get(learner_name="Josiane Lefèvre")
    single = client.get(reverse("training:certificate_pdf", args=[one.code]))
    assert single.status_code == 200 and one.code in pdf_text(single.content)
    client.force_login(facilitator())  # another facilitator: not theirs to print
    assert client.get(reverse("training:certificate_pdf", args=[one.code])).status_code == 404


def test_completing_twice_or_before_the_session_is_refused(course, host):
    session = record(host, course)
    services.workshop_attendance_complete(by=host, session=session)
    with pytest.raises(Conflict):
        services.workshop_attendance_complete(by=host, session=session)
    assert Certificate.objects.count() == 2
    later = services.workshop_session_record(
        facilitator=host,
        course=course,
        held_on=timezone.localdate() + timedelta(days=3),
        place="Bibliothèque",
        attendees=[("Ana", "")],
    )
    with pytest.raises(Conflict) as refused:
        services.workshop_attendance_complete(by=host, session=later)
    assert refused.value.code == "too_early"


# --- permissions ----------------------------------------------------------------------------

USERS = {
    "resident": lambda: UserFactory(roles=[Role.RESIDENT]),
    "agent": lambda: UserFactory(roles=[Role.AGENT]),
    "other_facilitator": facilitator,
    "facilitator": None,  # the session's own (the `host` fixture)
    "training_manager": training_manager,
}


@pytest.mark.parametrize(
    ("who", "create", "manage"),
    [
        ("anonymous", 302, 302),
        ("resident", 403, 403),
        ("agent", 403, 403),
        ("other_facilitator", 200, 403),
        ("facilitator", 200, 200),
        ("training_manager", 200, 200),
    ],
)
def test_permission_matrix(client, course, host, who, create, manage):
    session = record(host, course)
    if who != "anonymous":
        client.force_login(host if who == "facilitator" else USERS[who]())
    assert client.get(reverse(CREATE)).status_code == create
    assert client.get(reverse("training:workshop_list")).status_code == create
    assert client.get(session.get_absolute_url()).status_code == manage
    complete = client.post(reverse("training:workshop_complete", args=[session.pk]))
    assert complete.status_code == (302 if manage in (200, 302) else 403)
    issued = Certificate.objects.exists()
    assert issued is (manage == 200)
    if create != 200:
        posted = client.post(reverse(CREATE), form_data(course))
        assert posted.status_code == create
        assert WorkshopSession.objects.count() == 1


def test_services_refuse_people_who_are_not_facilitators(course, host):
    resident = UserFactory(roles=[Role.RESIDENT])
    with pytest.raises(NotAllowed):
        record(resident, course)
    with pytest.raises(NotAllowed):
        record(None, course)
    session = record(host, course)
    for someone in (resident, UserFactory(roles=[Role.AGENT]), facilitator()):
        with pytest.raises(NotAllowed):
            services.workshop_attendance_complete(by=someone, session=session)
    services.workshop_attendance_complete(by=training_manager(), session=session)
    assert Certificate.objects.count() == 2


def test_facilitators_list_their_own_sessions_and_managers_every_one(client, course, host):
    record(host, course)
    other = facilitator()
    record(other, course, people=[("Zoé", "")])
    client.force_login(other)
    assert client.get(reverse("training:workshop_list")).context["page_obj"].paginator.count == 1
    client.force_login(training_manager())
    assert client.get(reverse("training:workshop_list")).context["page_obj"].paginator.count == 2


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"attendees": "Camille Martin\nAli Ben\ncamille   MARTIN"},
            "attendees",
            "Ces noms apparaissent plusieurs fois : Camille Martin.",
        ),
        ({"attendees": "Ali\n, ali@example.org"}, "attendees", "Ligne 2 : le nom manque."),
        ({"attendees": "   \n  "}, "attendees", "Champ requis."),
        ({"attendees": "Ali, not-an-email@"}, "attendees", "n'est pas une adresse e-mail valide"),
        (
            {"held_on": (timezone.localdate() - timedelta(days=800)).isoformat()},
            "held_on",
            "plus d'un an",
        ),
        (
            {"held_on": (timezone.localdate() + timedelta(days=800)).isoformat()},
            "held_on",
            "plus d'un an",
        ),
        ({"held_on": "32/13/2026"}, "held_on", "Saisissez une date valide."),
        ({"place": "   "}, "place", "Champ requis."),
        ({"course": "999999"}, "course", "Sélectionnez un choix valide."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_keeps_what_was_typed(
    client, course, host, overrides, field, message
):
    client.force_login(host)
    data = form_data(course, **overrides)
    response = client.post(reverse(CREATE), data)
    assert response.status_code in (400, 422)
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    html = page_text(response)
    assert message in html
    assert data["place"].strip() in html if data["place"].strip() else True
    for line in data["attendees"].splitlines():
        assert line.strip() in html  # the list typed is kept
    assert not WorkshopSession.objects.exists()


def test_service_refuses_duplicate_and_empty_names_whatever_the_form_did(course, host):
    with pytest.raises(InvalidInput) as refused:
        record(host, course, people=[("Ali  Ben", ""), ("ali ben", "")])
    assert "Ali Ben" in refused.value.message
    with pytest.raises(InvalidInput):
        record(host, course, people=[("   ", "")])
    with pytest.raises(InvalidInput):
        record(host, course, people=[])
    assert not WorkshopSession.objects.exists()


def test_the_database_refuses_the_same_name_twice_in_a_session(course, host):
    session = record(host, course)
    with pytest.raises(IntegrityError):
        WorkshopAttendee.objects.create(
            session=session, name="JOSIANE  lefèvre", name_key=attendee_name_key("JOSIANE  lefèvre")
        )


def test_unknown_session_is_404_for_a_facilitator(client, host):
    client.force_login(host)
    assert client.get(reverse("training:workshop_detail", args=[999999])).status_code == 404


# --- GDPR -------------------------------------------------------------------------------------


def test_gdpr_export_and_erasure_cover_attendance_recorded_under_a_verified_email(course, host):
    session = record(host, course)
    services.workshop_attendance_complete(by=host, session=session)
    person = UserFactory(email="someone@example.org")
    address = EmailAddress.objects.create(user=person, email="M@example.org", verified=False)
    # Not proved to be theirs: nothing recorded under that address is handed out or erased.
    assert gdpr.export_user_data(user=person)["workshop_attendances"] == []
    address.verified = True
    address.save()
    exported = gdpr.export_user_data(user=person)["workshop_attendances"]
    certificate = Certificate.objects.get(learner_name="Mamadou Diallo")
    assert exported == [
        {
            "course_title": course.title,
            "held_on": session.held_on.isoformat(),
            "place": "Centre social Belleville",
            "name": "Mamadou Diallo",
            "email": "m@example.org",
            "certificate_code": certificate.code,
        }
    ]
    assert gdpr.export_user_data(user=host)["workshops_facilitated"][0]["attendees"] == 2
    gdpr.erase_user_data(user=person)
    certificate.refresh_from_db()
    assert certificate.learner_name == "" and certificate.name_erased and certificate.is_valid
    attendee = WorkshopAttendee.objects.get(certificate=certificate)
    assert attendee.name == "" and attendee.email == ""
    assert WorkshopAttendee.objects.filter(name="Josiane Lefèvre").exists()  # others untouched
