"""The project's public page, the lists and the forms: what each person sees (the public part of
the reasons, never the internal notes), readability of staff consultations, form refusals (4xx,
input kept), and a bounded number of queries on the public pages."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from consultation.models import Audience, Ballot, Grade
from governance.models import Project, Stage, Verdict
from register import services as register_services
from tests.factories import UserFactory
from tests.governance.factories import (
    advance,
    at_stage,
    board,
    department_agent,
    dpo,
    it_reviewer,
    legal,
    project,
    sign,
    sign_stage,
)
from tests.register.factories import editor, published_system
from tests.register.test_oversight import evaluation_data

pytestmark = pytest.mark.django_db

PUBLIC = "Hébergement vérifié : serveurs de la Ville."
INTERNAL = "Mot de passe de l'ancien prestataire encore actif : à changer."


def _signed_project():
    p = at_stage(Stage.QUALIFICATION)
    signer = it_reviewer(display_name="Alice Relectrice", department="DSIN")
    sign(p, Stage.CONSULTATION, "it", signer, Verdict.CONDITIONS, public_reasons=PUBLIC,
         internal_notes=INTERNAL)  # fmt: skip
    return p, signer


def _page(client, user, p, lang="/en"):
    if user is not None:
        client.force_login(user)
    return client.get(f"{lang}/governance/projects/{p.slug}/")


@pytest.mark.parametrize(
    "who", ["anonymous", "resident", "agent", "department_agent", "dpo", "legal", "board"]
)
def test_the_public_part_is_shown_to_everyone_and_internal_notes_to_reviewers_and_board(
    client, who
):
    p, _signer = _signed_project()
    user = {
        "anonymous": None,
        "resident": UserFactory(roles=["resident"]),
        "agent": UserFactory(roles=["agent"], department="Direction des finances"),
        "department_agent": department_agent(),
        "dpo": dpo(),
        "legal": legal(),
        "board": board(),
    }[who]
    html = _page(client, user, p).content.decode()
    assert PUBLIC in html
    assert "Alice Relectrice (DSIN)" in html
    assert "Favourable with conditions" in html
    if who in ("dpo", "legal", "board"):
        assert "encore actif" in html
    else:
        assert "encore actif" not in html


def test_the_signer_reads_their_own_internal_notes(client):
    p, signer = _signed_project()
    assert "encore actif" in _page(client, signer, p).content.decode()


def test_the_timeline_shows_stages_and_a_refused_entry_in_french(client):
    p = at_stage(Stage.QUALIFICATION)
    sign_stage(p, Stage.CONSULTATION, skip={"dpo"})
    with pytest.raises(Exception):  # noqa: B017 - the Conflict itself is tested in test_rules
        advance(p, Stage.CONSULTATION)
    html = client.get(f"/governance/projects/{p.slug}/").content.decode()
    assert 'id="stage-qualification" class="is-current" aria-current="step"' in html
    assert "Entrée refusée le" in html
    assert "pas encore signés : Délégué à la protection des données" in html


def test_a_project_on_a_staff_consultation_follows_its_readability(client):
    hidden = project(audience=Audience.STAFF)
    seen = project(audience=Audience.STAFF, transparent=True)
    for user, status in [
        (None, 404),
        (UserFactory(roles=["resident"]), 404),
        (UserFactory(roles=["agent"]), 200),
        (dpo(), 200),
        (board(), 200),
    ]:
        client.logout()
        assert _page(client, user, hidden).status_code == status
        assert _page(client, user, seen).status_code == 200
    client.logout()
    listing = client.get("/en/governance/").content.decode()
    assert seen.title in listing and hidden.title not in listing


def test_the_roadmap_says_why_with_the_consultation_result():
    from governance.selectors import roadmap

    p = at_stage(Stage.DECISION)
    voters = [UserFactory() for _ in range(3)]
    for voter, grade in zip(voters, [Grade.GOOD, Grade.VERY_GOOD, Grade.GOOD], strict=True):
        Ballot.objects.create(use_case_id=p.use_case_id, voter=voter, grade=grade)
    rows = roadmap(user=AnonymousUser())
    assert [r["project"].pk for r in rows] == [p.pk]
    assert rows[0]["median_grade"] == Grade.GOOD and rows[0]["ballots"] == 3
    assert rows[0]["use_case"]["url"].endswith(f"/consultations/use-cases/{p.use_case_id}/")


def test_the_portfolio_ranks_projects_by_majority_judgment():
    from governance.selectors import portfolio

    low, high, none = project(), project(), project()
    for p, grades in [
        (low, [Grade.PASSABLE] * 3),
        (high, [Grade.EXCELLENT, Grade.GOOD, Grade.GOOD]),
    ]:
        for grade in grades:
            Ballot.objects.create(use_case_id=p.use_case_id, voter=UserFactory(), grade=grade)
    rows = portfolio(user=board())
    assert [r["project"].pk for r in rows] == [high.pk, low.pk, none.pk]
    assert rows[0]["median_grade"] == Grade.GOOD and rows[0]["rank"] == 1
    assert rows[2]["ballots"] == 0


def test_signing_with_bad_input_answers_400_and_keeps_what_was_typed(client):
    p = at_stage(Stage.QUALIFICATION)
    client.force_login(dpo())
    url = f"/en/governance/projects/{p.slug}/gates/consultation/dpo/"
    response = client.post(
        url, {"verdict": "maybe", "public_reasons": "", "internal_notes": "Gardé."}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html and "Gardé." in html
    response = client.post(
        url,
        {
            "verdict": "favourable",
            "public_reasons": "Gardé aussi.",
            "findings": ["facial_recognition"],
        },
    )
    assert response.status_code == 422
    assert "Gardé aussi." in response.content.decode()


def test_the_board_is_refused_with_409_naming_the_open_gate_and_nothing_is_lost(client):
    p = at_stage(Stage.QUALIFICATION)
    sign_stage(p, Stage.CONSULTATION, skip={"dpo"})
    client.force_login(board())
    response = client.post(
        f"/en/governance/projects/{p.slug}/stage/",
        {"to_stage": "consultation", "note": "Note gardée."},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "not signed yet: Data protection officer" in html and "Note gardée." in html
    assert Project.objects.get(pk=p.pk).stage == Stage.QUALIFICATION
    response = client.post(f"/en/governance/projects/{p.slug}/stage/", {"to_stage": "pilot"})
    assert response.status_code == 400


def test_the_board_creates_a_project_and_a_bad_use_case_number_is_refused(client):
    from tests.consultation.factories import UseCaseFactory

    use_case = UseCaseFactory(department="DSIN")
    client.force_login(board())
    data = {
        "use_case_id": "999999",
        "title": "Titre",
        "need": "Besoin gardé.",
        "department": "DSIN",
    }
    response = client.post("/en/governance/projects/new/", data)
    assert response.status_code == 422 and "Besoin gardé." in response.content.decode()
    response = client.post("/en/governance/projects/new/", {**data, "use_case_id": "abc"})
    assert response.status_code == 400
    response = client.post(
        "/en/governance/projects/new/", {**data, "use_case_id": str(use_case.pk)}
    )
    assert response.status_code == 302
    assert Project.objects.get(use_case_id=use_case.pk).stage == Stage.IDEA


def _many(n):
    for _ in range(n):
        p = at_stage(Stage.DECISION)
        sign(p, Stage.PILOT, "it", it_reviewer())


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if url == "detail":
        url = Project.objects.order_by("pk").last().get_absolute_url()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url", ["/governance/", "/governance/roadmap/", "/governance/portfolio/", "detail"]
)
def test_pages_run_a_bounded_number_of_queries_whatever_the_number_of_projects(
    client, django_assert_max_num_queries, url
):
    client.force_login(board())
    _many(2)
    few = _queries(client, url)
    _many(4)  # each project in its own consultation
    assert _queries(client, url) == few
    with django_assert_max_num_queries(25):
        client.get(url if url != "detail" else Project.objects.last().get_absolute_url())


def test_the_project_page_shows_where_its_deployed_record_stands_in_its_evaluation_schedule(
    client,
):
    today = datetime.date.today()
    record = published_system(
        name="Tri des signalements", risk_level="high", annex_iii_point="2",
        begin_date=today - datetime.timedelta(days=400),
    )  # fmt: skip
    p = project(register_slug=record.slug)
    url = f"/en/governance/projects/{p.slug}/"
    page = client.get(url).content.decode()
    assert "Never evaluated: the first evaluation was due on" in page
    assert f'href="/en/register/{record.slug}/#evaluations"' in page

    register_services.deployment_evaluation_record(
        actor=editor(),
        system=record,
        data=evaluation_data(period_start=today - datetime.timedelta(days=400)),
    )
    page = client.get(url).content.decode()
    assert "Never evaluated" not in page and "Evaluation overdue" not in page
    assert "Next evaluation due on" in page and "(every 12 months at this risk level)" in page


def test_the_sign_form_shows_other_gates_internal_notes_to_reviewers_not_to_any_department_agent(
    client,
):
    p, _signer = _signed_project()
    agent = department_agent()
    client.force_login(agent)
    form = client.get(f"/en/governance/projects/{p.slug}/gates/consultation/department/")
    assert form.status_code == 200
    html = form.content.decode()
    assert PUBLIC in html and "encore actif" not in html
    client.force_login(dpo())
    html = client.get(f"/en/governance/projects/{p.slug}/gates/consultation/dpo/").content.decode()
    assert "encore actif" in html
