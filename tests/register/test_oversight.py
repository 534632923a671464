"""Oversight of deployed systems: the evaluation schedule per risk level and its overdue mark
(record, list, API, exports, reminders, observatory), hidden-algorithm declarations triaged into a
draft or closed with a public reason, incidents and their AI Act reporting deadlines, the
public/internal split, and who may do what (a permission matrix over the new pages)."""

import csv
import datetime
import io
import json

import pytest
from django.test import Client
from django.utils import timezone, translation

from accounts.models import AuditEntry
from accounts.roles import Role
from core.errors import Conflict, InvalidInput, NotAllowed
from core.models import OutboxMessage
from register import selectors, services
from register.models import (
    DeclarationStatus,
    HiddenAlgorithmDeclaration,
    Incident,
    VersionState,
)
from register.oversight import (
    evaluation_interval_months,
    evaluation_state,
    incident_report_due_on,
)
from tests.factories import UserFactory
from tests.register.factories import editor, published_system

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


def evaluation_data(**overrides) -> dict:
    data = {
        "evaluated_on": TODAY,
        "period_start": days_ago(300),
        "performance": "95 % des cas traités correctement.",
        "disparity_metric": "Taux d'erreur",
        "disparity_groups": "Arrondissements",
        "disparity_findings": "Aucun écart significatif.",
        "energy_kwh": 12.5,
        "cost_eur": None,
        "energy_cost_notes": "",
        "incidents_summary": "",
        "staff_survey_period": "",
        "staff_survey_summary": "",
        "user_satisfaction": "4/5",
        "conclusion": "continue",
        "conclusion_reasons": "Objectifs atteints.",
    }
    data.update(overrides)
    return data


# --- The schedule per risk level ------------------------------------------------------------


@pytest.mark.parametrize(
    ("risk", "months"), [("high", 12), ("limited", 24), ("minimal", 36), ("", 36)]
)
def test_each_risk_level_has_its_evaluation_interval(risk, months):
    assert evaluation_interval_months(risk) == months


@pytest.mark.parametrize(("risk", "months"), [("high", 12), ("limited", 24), ("minimal", 36)])
def test_a_never_evaluated_system_is_overdue_once_its_interval_passed_since_it_went_into_service(
    risk, months
):
    just_inside = evaluation_state(
        risk_level=risk,
        status="in_use",
        last_evaluated_on=None,
        in_service_since=days_ago(months * 30 - 20),
    )
    past = evaluation_state(
        risk_level=risk,
        status="in_use",
        last_evaluated_on=None,
        in_service_since=days_ago(months * 31 + 5),
    )
    assert just_inside.never_evaluated and not just_inside.overdue
    assert past.never_evaluated and past.overdue and not past.no_longer_evaluated


@pytest.mark.parametrize(("risk", "months"), [("high", 12), ("limited", 24), ("minimal", 36)])
def test_a_system_is_no_longer_evaluated_when_its_last_evaluation_is_older_than_its_interval(
    risk, months
):
    recent = evaluation_state(
        risk_level=risk,
        status="pilot",
        last_evaluated_on=days_ago(months * 30 - 20),
        in_service_since=days_ago(5000),
    )
    old = evaluation_state(
        risk_level=risk,
        status="pilot",
        last_evaluated_on=days_ago(months * 31 + 5),
        in_service_since=days_ago(5000),
    )
    assert not recent.overdue and not recent.never_evaluated
    assert old.overdue and old.no_longer_evaluated


@pytest.mark.parametrize("status", ["planned", "design", "development", "retired"])
def test_a_system_that_is_not_deployed_is_not_due_for_evaluation(status):
    state = evaluation_state(
        risk_level="high", status=status, last_evaluated_on=None, in_service_since=days_ago(2000)
    )
    assert not state.required and not state.overdue and state.next_due_on is None


def test_the_overdue_mark_shows_on_the_record_the_list_the_api_and_the_exports_until_evaluated():
    late = published_system(
        name="Système jamais évalué", risk_level="high", annex_iii_point="2",
        begin_date=days_ago(400),
    )  # fmt: skip
    fresh = published_system(name="Système récent", begin_date=days_ago(30))
    client = Client()
    page = client.get(f"/en/register/{late.slug}/").content.decode()
    assert "Never evaluated (due" in page
    assert "This system has never been evaluated since it was deployed." in page
    assert "Never evaluated" not in client.get(f"/en/register/{fresh.slug}/").content.decode()
    listing = client.get("/en/register/").content.decode()
    assert listing.count("Never evaluated") == 1
    api = {r["slug"]: r for r in client.get("/api/register/systems/").json()["results"]}
    assert api[late.slug]["evaluation_overdue"] is True
    assert api[fresh.slug]["evaluation_overdue"] is False
    export = {r["slug"]: r for r in client.get("/register/export.json").json()["systems"]}
    assert export[late.slug]["evaluation_overdue"] is True
    assert export[late.slug]["evaluation_schedule"]["interval_months"] == 12
    services.deployment_evaluation_record(
        actor=editor(), system=late, data=evaluation_data(period_start=days_ago(400))
    )
    assert "Never evaluated" not in client.get(f"/en/register/{late.slug}/").content.decode()
    api = {r["slug"]: r for r in client.get("/api/register/systems/").json()["results"]}
    assert api[late.slug]["evaluation_overdue"] is False


def test_the_evaluation_reminder_reaches_the_editors_once_per_period_through_the_outbox(
    settings,
):
    settings.REGISTER_REVIEW_REMINDER_DAYS = 30
    author = editor(email="auteur@example.org")
    late = published_system(author=author, begin_date=days_ago(1200))  # minimal: 36 months
    published_system(author=author, begin_date=days_ago(100))  # not due yet
    now = timezone.now()
    assert services.systems_remind_evaluation_overdue(now=now) == 1
    assert services.systems_remind_evaluation_overdue(now=now + datetime.timedelta(days=1)) == 0
    rows = OutboxMessage.objects.filter(kind="register.evaluation_reminder")
    assert author.email in set(rows.values_list("recipient", flat=True))
    assert "/register/staff/systems/" in rows.first().body
    assert (
        AuditEntry.objects.filter(
            action="register.system.evaluation_reminder", target_id=str(late.uuid)
        ).count()
        == 1
    )
    assert services.systems_remind_evaluation_overdue(now=now + datetime.timedelta(days=31)) == 1


def test_the_observatory_counts_systems_never_and_no_longer_evaluated():
    published_system(begin_date=days_ago(1200))  # never evaluated, overdue
    published_system(begin_date=days_ago(10))  # never evaluated, not yet due
    stale = published_system(begin_date=days_ago(3000))
    services.deployment_evaluation_record(
        actor=editor(), system=stale,
        data=evaluation_data(evaluated_on=days_ago(1200), period_start=days_ago(1500)),
    )  # fmt: skip
    fresh = published_system(begin_date=days_ago(3000))
    services.deployment_evaluation_record(actor=editor(), system=fresh, data=evaluation_data())
    published_system(status="design")  # not deployed: not counted
    figures = selectors.register_indicators()["oversight"]
    assert figures["deployed"] == 4
    assert figures["never_evaluated"] == 2
    assert figures["no_longer_evaluated"] == 1
    assert figures["evaluated_on_time"] == 1


# --- Recording an evaluation ----------------------------------------------------------------


def test_an_evaluation_of_a_system_that_affects_people_names_the_metric_and_the_groups():
    system = published_system(automation_level="partial")
    with translation.override("en"), pytest.raises(InvalidInput, match="metric"):
        services.deployment_evaluation_record(
            actor=editor(), system=system, data=evaluation_data(disparity_metric="")
        )
    informative = published_system(automation_level="informative")
    evaluation = services.deployment_evaluation_record(
        actor=editor(),
        system=informative,
        data=evaluation_data(disparity_metric="", disparity_groups=""),
    )
    assert evaluation.version_number == informative.published_version.number
    assert AuditEntry.objects.filter(
        action="register.evaluation.record", target_id=str(informative.uuid)
    ).exists()


def test_an_evaluation_cannot_be_dated_in_the_future_nor_its_period_start_after_it():
    system = published_system()
    with pytest.raises(InvalidInput):
        services.deployment_evaluation_record(
            actor=editor(), system=system,
            data=evaluation_data(evaluated_on=TODAY + datetime.timedelta(days=1)),
        )  # fmt: skip
    with pytest.raises(InvalidInput):
        services.deployment_evaluation_record(
            actor=editor(), system=system,
            data=evaluation_data(period_start=TODAY + datetime.timedelta(days=2)),
        )  # fmt: skip


def test_the_evaluation_form_answers_4xx_with_a_readable_message_and_keeps_what_was_typed(client):
    system = published_system(automation_level="partial")
    client.force_login(editor())
    response = client.post(
        f"/en/register/staff/systems/{system.slug}/evaluate/",
        {
            "evaluated_on": TODAY.isoformat(),
            "period_start": days_ago(200).isoformat(),
            "performance": "Texte gardé tel quel",
            "conclusion": "continue",
            "conclusion_reasons": "Raisons gardées",
        },
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "name the metric and the groups compared" in body
    assert "Texte gardé tel quel" in body and "Raisons gardées" in body
    missing = client.post(f"/en/register/staff/systems/{system.slug}/evaluate/", {})
    assert missing.status_code == 400


def test_evaluations_appear_in_the_history_and_in_the_diff_between_the_versions_they_fall_between(
    client,
):
    author, publisher = editor(), editor()
    system = published_system(author=author, publisher=publisher)
    services.deployment_evaluation_record(
        actor=author, system=system, data=evaluation_data(conclusion="adjust")
    )
    draft = services.system_version_save(
        actor=author, system=system, data={"purpose": "Nouveau but."}
    )
    services.system_version_publish(actor=publisher, version=draft)
    history = client.get(f"/en/register/{system.slug}/history/").content.decode()
    assert "Continue with adjustments" in history and "Evaluated on" in history
    diff = client.get(f"/en/register/{system.slug}/diff/1/2/").content.decode()
    assert "Evaluations recorded between these versions" in diff
    assert "Continue with adjustments" in diff


def test_exports_carry_the_evaluations_json_csv_and_api():
    system = published_system()
    services.deployment_evaluation_record(
        actor=editor(), system=system, data=evaluation_data(cost_eur=1234.5)
    )
    client = Client()
    export = client.get("/register/export.json").json()
    assert export["standard_version"].startswith("ia-commune-register/1.3")
    record = {r["slug"]: r for r in export["systems"]}[system.slug]
    [evaluation] = record["deployment_evaluations"]
    assert evaluation["conclusion"] == "continue"
    assert evaluation["disparity_metric"] == "Taux d'erreur"
    assert evaluation["cost_eur"] == 1234.5
    assert record["evaluation_schedule"]["last_evaluated_on"] == TODAY.isoformat()
    detail = client.get(f"/api/register/systems/{system.slug}/").json()
    assert detail["deployment_evaluations"] == record["deployment_evaluations"]
    versions = client.get(f"/api/register/systems/{system.slug}/versions/").json()
    assert versions["results"][0]["deployment_evaluations"][0]["conclusion"] == "continue"
    text = b"".join(client.get("/register/export.csv").streaming_content).decode("utf-8-sig")
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(text))}
    assert json.loads(rows[system.slug]["deployment_evaluations"])[0]["conclusion"] == "continue"
    assert rows[system.slug]["evaluation_overdue"] == "False"


def test_every_csv_cell_says_what_the_json_export_says_accents_and_formulas_included():
    """The CSV is the JSON export flattened: lists and objects as JSON (accents kept, `[]` when
    empty), other values as text, and a cell that would start a spreadsheet formula quoted."""
    system = high_risk_system()
    services.deployment_evaluation_record(actor=editor(), system=system, data=evaluation_data())
    services.incident_record(
        actor=editor(), system=system, data=incident_data(summary="=Écart détecté à l'accueil.")
    )
    quiet = published_system(name="@Sans suivi")
    client = Client()
    records = {r["slug"]: r for r in client.get("/register/export.json").json()["systems"]}
    text = b"".join(client.get("/register/export.csv").streaming_content).decode("utf-8-sig")
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(text))}
    for slug in (system.slug, quiet.slug):
        for name, cell in rows[slug].items():
            value = records[slug][name]
            if isinstance(value, list | dict):
                assert json.loads(cell) == value, name
                assert "\\u" not in cell, name  # accents written as they are
            elif value is None:
                assert cell == "", name
            elif str(value)[:1] in ("=", "+", "-", "@"):
                assert cell == "'" + str(value), name
            else:
                assert cell == str(value), name
    assert "Écart détecté" in rows[system.slug]["incidents"]
    assert rows[quiet.slug]["name"] == "'@Sans suivi"
    assert rows[quiet.slug]["incidents"] == "[]"
    assert json.loads(rows[quiet.slug]["evaluation_schedule"])["required"] is True


# --- Hidden algorithms ----------------------------------------------------------------------

DECLARATION = {
    "tool_name": "Score de priorité du logiciel logement",
    "what_it_does": "Affiche un score de priorité sur chaque dossier.",
    "where_it_appears": "Écran de synthèse du dossier",
    "department": "Direction du logement",
}


def test_an_agent_declares_and_an_editor_triages_it_into_a_prefilled_draft_and_the_agent_is_told():
    agent = UserFactory(roles=[Role.AGENT], email="agent@example.org")
    declaration = services.declaration_create(actor=agent, data=DECLARATION)
    assert declaration.status == DeclarationStatus.PENDING
    system = services.declaration_to_draft(actor=editor(), declaration=declaration)
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.DRAFTED and declaration.system == system
    version = services.system_latest_version(system=system)
    assert version.state == VersionState.DRAFT
    assert version.name == DECLARATION["tool_name"]
    assert version.department == DECLARATION["department"]
    assert DECLARATION["where_it_appears"] in version.technical_description
    assert OutboxMessage.objects.filter(kind="register.declaration", recipient=agent.email).exists()
    with pytest.raises(Conflict):
        services.declaration_close(actor=editor(), declaration=declaration, reason="Trop tard.")
    assert AuditEntry.objects.filter(action="register.declaration.draft").count() == 1


def test_a_closure_needs_a_public_reason_shown_without_the_declarants_identity(client):
    agent = UserFactory(roles=[Role.AGENT], display_name="Camille Déclarante")
    declaration = services.declaration_create(actor=agent, data=DECLARATION)
    with pytest.raises(InvalidInput):
        services.declaration_close(actor=editor(), declaration=declaration, reason="  ")
    services.declaration_close(
        actor=editor(), declaration=declaration, reason="Outil de calcul sans décision."
    )
    services.declaration_create(actor=agent, data={**DECLARATION, "tool_name": "En attente"})
    page = client.get("/en/register/declarations/").content.decode()
    assert "Outil de calcul sans décision." in page and DECLARATION["tool_name"] in page
    assert "Camille" not in page and agent.email not in page
    assert "En attente" not in page  # pending ones are counted, not listed
    summary = selectors.declarations_summary()
    assert summary["total"] == 2
    assert {r["key"]: r["count"] for r in summary["by_status"]} == {
        "pending": 1, "drafted": 0, "closed": 1,
    }  # fmt: skip
    index = client.get("/en/register/").content.decode()
    assert "Algorithms declared by agents" in index and "Camille" not in index


@pytest.mark.parametrize("roles", [[], [Role.RESIDENT], [Role.REGISTER_EDITOR]])
def test_only_agents_declare(roles):
    with pytest.raises(NotAllowed):
        services.declaration_create(actor=UserFactory(roles=roles), data=DECLARATION)


@pytest.mark.parametrize("roles", [[Role.AGENT], [Role.RESIDENT], [Role.ELECTED]])
def test_only_register_editors_triage(roles):
    declaration = services.declaration_create(
        actor=UserFactory(roles=[Role.AGENT]), data=DECLARATION
    )
    with pytest.raises(NotAllowed):
        services.declaration_to_draft(actor=UserFactory(roles=roles), declaration=declaration)
    with pytest.raises(NotAllowed):
        services.declaration_close(
            actor=UserFactory(roles=roles), declaration=declaration, reason="Non."
        )


def test_the_declaration_form_keeps_input_on_error(client):
    client.force_login(UserFactory(roles=[Role.AGENT]))
    response = client.post("/en/register/staff/declare/", {"tool_name": "Outil gardé"})
    assert response.status_code == 400
    assert "Outil gardé" in response.content.decode()
    assert not HiddenAlgorithmDeclaration.objects.exists()


# --- Incidents ------------------------------------------------------------------------------


def incident_data(**overrides) -> dict:
    data = {
        "kind": "malfunction",
        "severity": "serious",
        "serious_case": "general",
        "summary": "Le score a mal classé un tronçon.",
        "internal_notes": "Note interne : agent Dupont.",
        "occurred_on": days_ago(3),
        "aware_on": days_ago(2),
    }
    data.update(overrides)
    return data


def high_risk_system():
    return published_system(risk_level="high", annex_iii_point="2")


@pytest.mark.parametrize(("case", "days"), [("general", 15), ("widespread", 2), ("death", 10)])
def test_a_serious_incident_of_a_high_risk_system_carries_its_ai_act_deadline(case, days):
    incident = services.incident_record(
        actor=editor(), system=high_risk_system(), data=incident_data(serious_case=case)
    )
    assert incident.high_risk
    assert incident.report_due_on == days_ago(2) + datetime.timedelta(days=days)
    assert incident_report_due_on(
        severity="serious", serious_case=case, high_risk=True, aware_on=TODAY
    ) == TODAY + datetime.timedelta(days=days)


def test_no_reporting_deadline_below_serious_or_outside_high_risk():
    minor = services.incident_record(
        actor=editor(), system=high_risk_system(), data=incident_data(severity="major")
    )
    assert minor.report_due_on is None and minor.serious_case == ""
    serious_minimal = services.incident_record(
        actor=editor(), system=published_system(), data=incident_data()
    )
    assert serious_minimal.report_due_on is None
    with translation.override("en"), pytest.raises(InvalidInput, match="art. 73"):
        services.incident_record(
            actor=editor(), system=high_risk_system(), data=incident_data(serious_case="")
        )


def test_a_late_report_is_marked_overdue_and_the_incident_stays_open_until_reported(client):
    chief = editor()
    incident = services.incident_record(
        actor=chief, system=high_risk_system(),
        data=incident_data(serious_case="widespread", occurred_on=days_ago(11), aware_on=days_ago(10)),
    )  # fmt: skip
    assert incident.report_overdue
    assert list(selectors.incidents_log(overdue=True)) == [incident]
    with pytest.raises(Conflict):
        services.incident_close(actor=chief, incident=incident, closure_summary="Réparé.")
    services.incident_mark_reported(actor=chief, incident=incident, reported_on=days_ago(1))
    incident.refresh_from_db()
    assert not incident.report_overdue
    services.incident_close(actor=chief, incident=incident, closure_summary="Réparé.")
    incident.refresh_from_db()
    assert incident.status == "closed"
    assert AuditEntry.objects.filter(action="register.incident.close").count() == 1


def test_the_public_record_shows_incidents_in_summary_never_the_internal_notes(client):
    system = high_risk_system()
    services.incident_record(actor=editor(), system=system, data=incident_data())
    page = client.get(f"/en/register/{system.slug}/").content.decode()
    assert "Le score a mal classé un tronçon." in page
    assert "To be reported to the authority by" in page
    assert "Dupont" not in page
    exported = client.get(f"/api/register/systems/{system.slug}/").json()["incidents"]
    assert exported[0]["summary"] == "Le score a mal classé un tronçon."
    assert "internal_notes" not in exported[0]
    assert "Dupont" not in json.dumps(client.get("/register/export.json").json())


def test_recourse_staff_record_an_incident_from_the_request_that_revealed_it(client):
    system = published_system()
    request = services.recourse_request_open(
        system=system,
        data={"name": "A", "email": "a@example.org", "request": "Erreur.", "consent": True},
        language="fr",
    )
    agent = UserFactory(roles=[Role.AGENT])
    with pytest.raises(NotAllowed):  # not from a request: register editors only
        services.incident_record(actor=agent, system=system, data=incident_data())
    client.force_login(agent)
    screen = client.get(f"/en/register/staff/recourse/{request.reference}/").content.decode()
    assert "Record an incident from this request" in screen
    response = client.post(
        f"/en/register/staff/recourse/{request.reference}/incident/",
        {
            "kind": "bias",
            "severity": "minor",
            "serious_case": "",
            "summary": "Réponse erronée révélée par une demande.",
            "aware_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.recourse_request == request and incident.created_by == agent


# --- Permissions and query bounds -----------------------------------------------------------

ROLES = {
    "anonymous": None,
    "resident": [Role.RESIDENT],
    "agent": [Role.AGENT],
    "editor": [Role.REGISTER_EDITOR],
}


@pytest.fixture
def oversight_pages():
    system = high_risk_system()
    declaration = services.declaration_create(
        actor=UserFactory(roles=[Role.AGENT]), data=DECLARATION
    )
    incident = services.incident_record(actor=editor(), system=system, data=incident_data())
    request = services.recourse_request_open(
        system=system,
        data={"name": "A", "email": "a@example.org", "request": "Erreur.", "consent": True},
        language="fr",
    )
    return {
        "public": "/en/register/declarations/",
        "declare": "/en/register/staff/declare/",
        "queue": "/en/register/staff/declarations/",
        "declaration": f"/en/register/staff/declarations/{declaration.pk}/",
        "incidents": "/en/register/staff/incidents/",
        "incident": f"/en/register/staff/incidents/{incident.pk}/",
        "evaluate": f"/en/register/staff/systems/{system.slug}/evaluate/",
        "incident_new": f"/en/register/staff/systems/{system.slug}/incident/",
        "recourse_incident": f"/en/register/staff/recourse/{request.reference}/incident/",
    }


# page → expected status per role (302: to the login page)
MATRIX = {
    "public": {"anonymous": 200, "resident": 200, "agent": 200, "editor": 200},
    "declare": {"anonymous": 302, "resident": 403, "agent": 200, "editor": 403},
    "queue": {"anonymous": 302, "resident": 403, "agent": 403, "editor": 200},
    "declaration": {"anonymous": 302, "resident": 403, "agent": 403, "editor": 200},
    "incidents": {"anonymous": 302, "resident": 403, "agent": 403, "editor": 200},
    "incident": {"anonymous": 302, "resident": 403, "agent": 403, "editor": 200},
    "evaluate": {"anonymous": 302, "resident": 403, "agent": 403, "editor": 200},
    "incident_new": {"anonymous": 302, "resident": 403, "agent": 403, "editor": 200},
    "recourse_incident": {"anonymous": 302, "resident": 403, "agent": 200, "editor": 200},
}


@pytest.mark.parametrize("role", list(ROLES))
def test_permission_matrix_of_the_oversight_pages(client, oversight_pages, role):
    if ROLES[role] is not None:
        client.force_login(UserFactory(roles=ROLES[role]))
    seen = {page: client.get(url).status_code for page, url in oversight_pages.items()}
    assert seen == {page: MATRIX[page][role] for page in oversight_pages}


def test_the_record_page_stays_within_its_query_bound_with_evaluations_and_incidents(
    client, django_assert_max_num_queries
):
    system = high_risk_system()
    for n in range(5):
        services.deployment_evaluation_record(
            actor=editor(), system=system,
            data=evaluation_data(evaluated_on=days_ago(n * 30), period_start=days_ago(n * 30 + 300)),
        )  # fmt: skip
        services.incident_record(actor=editor(), system=system, data=incident_data())
    with django_assert_max_num_queries(13):
        response = client.get(system.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('id="evaluation-') == 5


def test_the_declarant_downloads_their_declarations_and_erasure_unsigns_them():
    from register.gdpr import erase_user_data, export_user_data

    agent = UserFactory(roles=[Role.AGENT])
    services.declaration_create(actor=agent, data=DECLARATION)
    exported = export_user_data(user=agent)["hidden_algorithm_declarations"]
    assert [d["tool_name"] for d in exported] == [DECLARATION["tool_name"]]
    erase_user_data(user=agent)
    declaration = HiddenAlgorithmDeclaration.objects.get()
    assert declaration.declarant is None and declaration.tool_name == DECLARATION["tool_name"]


def test_the_incident_log_lists_open_incidents_first_nearest_deadline_first():
    chief = editor()
    system = high_risk_system()
    closed = services.incident_record(
        actor=chief, system=system, data=incident_data(severity="minor")
    )
    services.incident_close(actor=chief, incident=closed, closure_summary="Réglé.")
    later = services.incident_record(actor=chief, system=system, data=incident_data())
    sooner = services.incident_record(
        actor=chief, system=system, data=incident_data(serious_case="widespread")
    )
    minor = services.incident_record(
        actor=chief, system=system, data=incident_data(severity="minor")
    )
    assert list(selectors.incidents_log()) == [sooner, later, minor, closed]


def test_an_evaluation_refers_to_a_round_of_the_records_own_staff_survey():
    """The staff follow-up survey is dialogue's: the evaluation names one of the record's rounds
    by reference, read through dialogue's selectors."""
    from dialogue import services as dialogue_services

    chief = editor()
    system = published_system(author=chief)
    other = published_system(author=chief)
    dialogue_services.follow_up_survey_start(actor=chief, record_ref=system.slug)
    [period] = services.survey_periods(system=system)
    assert services.survey_periods(system=other) == []
    with pytest.raises(InvalidInput):
        services.deployment_evaluation_record(
            actor=chief, system=other, data=evaluation_data(staff_survey_period=period)
        )
    evaluation = services.deployment_evaluation_record(
        actor=chief, system=system, data=evaluation_data(staff_survey_period=period)
    )
    assert evaluation.staff_survey_period == period
