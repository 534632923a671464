"""Access to restricted research data: the request (with its e-signature), the board's decision,
downloads and their log, expiry; who may do what, as a matrix."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from accounts.roles import Role
from core.models import OutboxMessage
from observatory.models import AccessStatus, DataAccessRequest, DataDownload, DatasetKind
from observatory.research_services import (
    agreement_sha256,
    data_access_expire,
    dataset_release_publish,
)
from tests.factories import UserFactory
from tests.observatory.research_factories import (
    access_request,
    board_member,
    make_dataset,
    researcher,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset():
    return make_dataset()


@pytest.fixture
def release(dataset):
    return dataset_release_publish(dataset=dataset)


def _file_url(release, name="ballots.csv"):
    return release.files.get(name=name).get_absolute_url()


def _form(dataset, **overrides):
    data = {
        "project": "Participation et IA",
        "institution": "Université Paris Cité",
        "purpose": "Comprendre qui participe aux consultations et comment les arguments circulent.",
        "retention_until": (timezone.localdate() + dt.timedelta(days=200)).isoformat(),
        "agreement_accepted": "on",
        "signed_name": "Léa Martin",
        "agreement_hash": agreement_sha256(dataset, "fr"),
    }
    data.update(overrides)
    return data


def _login(client, user):
    if user is not None:
        client.force_login(user)
    return client


PEOPLE = {
    "anonymous": lambda: None,
    "resident": lambda: UserFactory(roles=[Role.RESIDENT]),
    "researcher": lambda: researcher(),
    "board": lambda: board_member(),
}


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("resident", 403), ("researcher", 200), ("board", 403)]
)
def test_request_form_is_for_researchers(client, dataset, who, status):
    response = _login(client, PEOPLE[who]()).get(
        reverse("observatory:data-request-new", args=[dataset.slug])
    )
    assert response.status_code == status


def test_open_datasets_take_no_request(client):
    open_data = make_dataset(DatasetKind.REGISTER_HISTORY, restricted=False)
    response = _login(client, researcher()).get(
        reverse("observatory:data-request-new", args=[open_data.slug])
    )
    assert response.status_code == 404


def test_researcher_request_is_recorded_signed_and_sent_to_the_board(client, dataset):
    member = board_member()
    person = researcher()
    response = _login(client, person).post(
        reverse("observatory:data-request-new", args=[dataset.slug]), _form(dataset)
    )
    request = DataAccessRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == request.get_absolute_url()
    assert request.status == AccessStatus.PENDING and request.requester == person
    assert request.signed_name == "Léa Martin"
    assert request.agreement_sha256 == agreement_sha256(dataset, "fr")
    assert OutboxMessage.objects.filter(recipient=member.email).exists()
    assert AuditEntry.objects.filter(action="observatory.data_access_request").exists()


@pytest.mark.parametrize(
    ("overrides", "status", "message"),
    [
        ({"retention_until": "2001-01-01"}, 400, "future"),
        ({"retention_until": "demain"}, 400, "date"),
        ({"purpose": "Trop court."}, 400, "40"),
        ({"agreement_accepted": ""}, 400, "Accept the agreement"),
        ({"signed_name": "  "}, 400, "required"),
        ({"agreement_hash": "0" * 64}, 409, "agreement changed"),
        ({"retention_until": "2999-01-01"}, 422, "Retention is limited"),
    ],
)
def test_bad_requests_are_refused_readably_and_keep_what_was_typed(
    client, dataset, overrides, status, message
):
    with_english = "/en" + reverse("observatory:data-request-new", args=[dataset.slug])
    data = _form(dataset, **overrides)
    if "agreement_hash" not in overrides:
        data["agreement_hash"] = agreement_sha256(dataset, "en")
    response = _login(client, researcher()).post(with_english, data)
    assert response.status_code == status
    page = response.content.decode()
    assert message in page
    assert "Participation et IA" in page  # the project typed is still in the form
    assert f'value="{agreement_sha256(dataset, "en")}"' in page  # the text shown is signable
    assert not DataAccessRequest.objects.exists()


def test_a_second_pending_request_for_the_same_dataset_is_refused(client, dataset):
    person = researcher()
    access_request(dataset, person)
    response = _login(client, person).post(
        reverse("observatory:data-request-new", args=[dataset.slug]), _form(dataset)
    )
    assert response.status_code == 409
    assert DataAccessRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("owner", 200),
        ("board", 200),
        ("other researcher", 404),
        ("resident", 404),
    ],
)
def test_a_request_is_seen_by_its_researcher_and_the_board_only(client, dataset, who, status):
    owner = researcher()
    request = access_request(dataset, owner)
    people = {**PEOPLE, "owner": lambda: owner, "other researcher": lambda: researcher()}
    response = _login(client, people[who]()).get(request.get_absolute_url())
    assert response.status_code == status


def test_board_approves_with_reasons_and_the_researcher_is_told(client, dataset):
    owner = researcher()
    request = access_request(dataset, owner)
    member = board_member()
    response = _login(client, member).post(
        request.get_absolute_url(),
        {"decision": "approve", "reason": "Projet solide, durée proportionnée."},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == AccessStatus.APPROVED and request.decided_by == member
    mail = OutboxMessage.objects.get(recipient=owner.email)
    assert "Projet solide" in mail.body
    assert AuditEntry.objects.filter(action="observatory.data_access_decide").exists()


def test_board_refusal_needs_reasons_and_keeps_the_request_pending(client, dataset):
    request = access_request(dataset, researcher())
    response = _login(client, board_member()).post(
        request.get_absolute_url(), {"decision": "refuse", "reason": ""}
    )
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == AccessStatus.PENDING


def test_a_board_member_cannot_decide_their_own_request(client, dataset):
    member = board_member(roles=[Role.RESEARCHER])
    request = access_request(dataset, member)
    response = _login(client, member).post(
        request.get_absolute_url(), {"decision": "approve", "reason": "Je me l'accorde."}
    )
    assert response.status_code == 403
    assert "votre propre demande" in response.content.decode()
    request.refresh_from_db()
    assert request.status == AccessStatus.PENDING


def test_the_researcher_cannot_decide_on_their_request(client, dataset):
    owner = researcher()
    request = access_request(dataset, owner)
    response = _login(client, owner).post(
        request.get_absolute_url(), {"decision": "approve", "reason": "Accordé à moi-même."}
    )
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == AccessStatus.PENDING


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("researcher", 403), ("board", 200)]
)
def test_the_board_queue_is_the_boards(client, dataset, who, status):
    access_request(dataset, researcher(), project="Projet visible dans la file")
    response = _login(client, PEOPLE[who]()).get(reverse("observatory:data-requests-board"))
    assert response.status_code == status
    if status == 200:
        assert "Projet visible dans la file" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("resident", 403),
        ("researcher without request", 403),
        ("pending", 403),
        ("refused", 403),
        ("approved", 200),
        ("other researcher", 403),
        ("board", 403),
    ],
)
def test_restricted_files_go_to_approved_researchers_only(client, dataset, release, who, status):
    owner = researcher()
    states = {
        "pending": AccessStatus.PENDING,
        "refused": AccessStatus.REFUSED,
        "approved": AccessStatus.APPROVED,
    }
    user = owner
    if who in states:
        access_request(dataset, owner, status=states[who])
    else:
        access_request(dataset, owner, status=AccessStatus.APPROVED)
        user = {
            "researcher without request": researcher,
            "other researcher": researcher,
            **PEOPLE,
        }[who]()
    response = _login(client, user).get(_file_url(release))
    assert response.status_code == status
    assert DataDownload.objects.count() == (1 if status == 200 else 0)
    if status == 200:
        body = b"".join(response.streaming_content)
        assert body.startswith(b"voter,consultation,use_case,grade")
        log = DataDownload.objects.get()
        assert log.user == owner and log.access_request.requester == owner
        assert log.file.name == "ballots.csv"


def test_access_ends_on_the_retention_date_even_before_the_expiry_task(client, dataset, release):
    owner = researcher()
    request = access_request(dataset, owner, status=AccessStatus.APPROVED, days=1)
    DataAccessRequest.objects.filter(pk=request.pk).update(
        retention_until=timezone.localdate() - dt.timedelta(days=1)
    )
    response = _login(client, owner).get(_file_url(release))
    assert response.status_code == 403
    assert "a pris fin" in response.content.decode()
    assert not DataDownload.objects.exists()


def test_expiry_task_closes_access_and_reminds_the_researcher_to_delete(dataset):
    owner = researcher()
    request = access_request(dataset, owner, status=AccessStatus.APPROVED, days=5)
    running = access_request(dataset, researcher(), status=AccessStatus.APPROVED, days=30)
    assert data_access_expire(today=timezone.localdate() + dt.timedelta(days=6)) == 1
    request.refresh_from_db()
    running.refresh_from_db()
    assert request.status == AccessStatus.EXPIRED
    assert running.status == AccessStatus.APPROVED
    assert "Supprimez les données" in OutboxMessage.objects.get(recipient=owner.email).body


def test_open_files_download_for_anyone_and_are_logged(client):
    open_data = make_dataset(DatasetKind.REGISTER_HISTORY, restricted=False)
    release = dataset_release_publish(dataset=open_data)
    response = client.get(_file_url(release, "register-history.csv"))
    assert response.status_code == 200
    assert response["X-Checksum-SHA256"] == release.files.get(name="register-history.csv").sha256
    log = DataDownload.objects.get()
    assert log.user is None and log.access_request is None


def test_unknown_release_or_file_is_404(client, dataset, release):
    base = reverse("observatory:dataset-release", args=[dataset.slug, 99])
    assert client.get(base).status_code == 404
    missing = reverse("observatory:dataset-file", args=[dataset.slug, 1, "passwords.csv"])
    assert _login(client, researcher()).get(missing).status_code == 404


def test_public_pages_show_the_datasheet_checksums_and_citation(client, dataset, release):
    response = client.get(release.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ce qui a été retiré." in page
    assert release.files.get(name="ballots.csv").sha256 in page
    assert "(version 1)" in page
    bib = client.get(reverse("observatory:dataset-release-bibtex", args=[dataset.slug, 1]))
    assert b"version = {1}" in bib.content and b"@misc{" in bib.content


def test_catalogue_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for kind in DatasetKind.values:
        dataset_release_publish(dataset=make_dataset(kind, restricted=False))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("observatory:datasets"))
    assert response.status_code == 200
