"""A researcher asks for access to a restricted dataset, a board member approves it with reasons,
the researcher downloads the file and finds the pseudonymised ballots in it."""

import csv
import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from observatory.models import AccessStatus, DataAccessRequest, DataDownload
from observatory.research_services import dataset_release_publish
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.observatory.factories import index_after_flush
from tests.observatory.research_factories import board_member, make_dataset, use_case, vote

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _small_groups_shown(settings):
    settings.OBSERVATORY_DATASET_MIN_GROUP = 2


def _login(page, user):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("input[name='login']", user.email)
    page.fill("input[name='password']", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()


def test_researcher_requests_board_approves_researcher_downloads(page, axe):
    index_after_flush()
    dataset = make_dataset()
    case = use_case()
    voters = [UserFactory(arrondissement="11", age_bracket="25_34") for _ in range(3)]
    for voter in voters:
        vote(voter, case, grade="very_good")
    release = dataset_release_publish(dataset=dataset)
    researcher = UserFactory(roles=[Role.RESEARCHER], display_name="Léa Martin")
    member = board_member()

    # The researcher finds the dataset and asks for access.
    _login(page, researcher)
    page.goto("/observatory/research-data/")
    axe(page, "datasets")
    page.get_by_role("link", name=dataset.title).click()
    expect(page.locator("h1")).to_have_text(dataset.title)
    axe(page, "dataset")
    page.get_by_role("link", name="Demander l'accès").click()
    axe(page, "request form")
    page.get_by_label("Projet de recherche").fill("Participation et IA à Paris")
    page.get_by_label("Laboratoire ou établissement").fill("Université Paris Cité")
    page.get_by_label("Finalité").fill(
        "Comprendre qui vote sur les usages de l'IA et comment les arguments circulent."
    )
    retention = timezone.localdate() + dt.timedelta(days=180)
    page.get_by_label("Conserver les données jusqu'au").fill(retention.isoformat())
    page.get_by_label("J'ai lu la convention", exact=False).check()
    page.get_by_label("Vos prénom et nom, en guise de signature").fill("Léa Martin")
    page.get_by_role("button", name="Signer et envoyer ma demande").click()
    expect(page.locator(".notice--success")).to_have_count(1)
    expect(page.get_by_text("En attente de la décision du comité")).to_be_visible()
    request = DataAccessRequest.objects.get()
    assert request.requester_id == researcher.pk and request.retention_until == retention

    # A board member approves it with reasons.
    _login(page, member)
    page.goto("/observatory/research-data/requests/board/")
    axe(page, "board queue")
    page.get_by_role("link", name=request.reference).click()
    axe(page, "request to decide")
    page.get_by_label("Accepter").check()
    page.get_by_label("Motifs (envoyés au chercheur)").fill("Projet précis, durée raisonnable.")
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.locator(".notice--success")).to_have_count(1)
    request.refresh_from_db()
    assert request.status == AccessStatus.APPROVED and request.decided_by_id == member.pk

    # The researcher downloads the ballots.
    _login(page, researcher)
    page.goto(request.get_absolute_url())
    expect(page.get_by_text("Projet précis, durée raisonnable.")).to_be_visible()
    axe(page, "approved request")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger ballots.csv").click()
    download = download_info.value
    assert download.suggested_filename == "ballots.csv"
    with open(download.path(), encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3
    assert {row["grade"] for row in rows} == {"very_good"}
    assert {row["arrondissement"] for row in rows} == {"11"}
    with open(download.path(), encoding="utf-8") as handle:
        text = handle.read()
    assert not any(v.email in text or v.display_name in text for v in voters)
    log = DataDownload.objects.get()
    assert log.user_id == researcher.pk and log.file.release_id == release.pk
