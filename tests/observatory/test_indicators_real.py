"""Indicators on REAL data: built through the other apps' own services and factories (no fake
selectors, no monkeypatching), the contract functions give exactly the figures the fixtures
imply, and the observatory (indicators_compute, the page, the API) shows those same figures."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation

from accounts.roles import Role
from consultation import services as consultation_services
from consultation.selectors import consultation_indicators
from inference_bridge import services as inference_services
from inference_bridge.backends import Usage
from inference_bridge.selectors import inference_indicators
from observatory.indicators import indicators_compute
from register import services as register_services
from register.selectors import register_indicators
from tests.consultation.factories import ConsultationFactory, UseCaseFactory, closed_consultation
from tests.factories import UserFactory
from tests.inference_bridge.factories import CollectivityFactory, InferenceNodeFactory
from tests.register.factories import core_data, editor, published_system
from tests.training.factories import make_course, perfect_answers
from training import services as training_services
from training.models import CompletionSource
from training.selectors import Learner, training_indicators

pytestmark = pytest.mark.django_db


def this_month() -> str:
    return timezone.localtime().strftime("%Y-%m")


# --- Real data, one fixture per app ----------------------------------------------------------
@pytest.fixture
def register_data():
    """2 high-risk + 1 minimal published city systems (one published twice), 1 draft never
    published; 2 recourse requests, 1 answered on the spot."""
    first = published_system(
        risk_level="high", annex_iii_point="5", department="Direction des solidarités"
    )
    published_system(
        risk_level="high", annex_iii_point="4", department="Direction des ressources humaines"
    )
    published_system(
        risk_level="minimal", status="pilot", department="Direction des solidarités", versions=2
    )
    register_services.system_create(actor=editor(), data=core_data(risk_level="limited"))
    answered = register_services.recourse_request_open(
        system=first,
        data={"consent": True, "email": "a@example.org", "request": "Un humain, svp."},
    )
    register_services.recourse_request_open(
        system=first,
        data={"consent": True, "email": "b@example.org", "request": "Réexamen."},
    )
    register_services.recourse_request_answer(
        actor=editor(), request=answered, answer="Nous avons réexaminé votre dossier."
    )


@pytest.fixture
def consultation_data():
    """3 ballots by 2 people + 1 comment by a third in an open consultation (one of them
    changes a grade: still one ballot); an answer with 3 commitments in a closed one."""
    open_consultation = ConsultationFactory()
    uc1 = UseCaseFactory(consultation=open_consultation)
    uc2 = UseCaseFactory(consultation=open_consultation)
    UseCaseFactory(consultation=open_consultation, moderation_state="pending")
    alice, bob, carol = UserFactory(), UserFactory(), UserFactory()
    consultation_services.ballot_cast(voter=alice, use_case=uc1, grade="good")
    consultation_services.ballot_cast(voter=alice, use_case=uc1, grade="excellent")
    consultation_services.ballot_cast(voter=alice, use_case=uc2, grade="passable")
    consultation_services.ballot_cast(voter=bob, use_case=uc1, grade="reject")
    consultation_services.comment_post(author=carol, use_case=uc2, body="Et la vie privée ?")
    answered = UseCaseFactory(consultation=closed_consultation())
    elected = UserFactory(roles=[Role.ELECTED])
    today = timezone.localdate()
    answer = consultation_services.answer_publish(
        author=elected,
        use_case=answered,
        decision="pilot",
        justification="Une expérimentation d'un an.",
        author_title="Adjointe au maire",
        commitments=[
            {"text": "Publier l'évaluation", "deadline": today - timedelta(days=3)},
            {"text": "Ouvrir le code", "deadline": today + timedelta(days=30)},
            {"text": "Former les agents", "deadline": today + timedelta(days=60)},
        ],
    )
    kept = answer.commitments.get(text="Former les agents")
    consultation_services.commitment_update(user=elected, commitment=kept, status="kept")


@pytest.fixture
def inference_data():
    """2 generations of known duration: one on the city's node (100 W x PUE 1.5, 36 s → 1.5 Wh),
    one on a partner city's node (200 W x PUE 1.2, 18 s → 1.2 Wh)."""
    paris = CollectivityFactory(slug=settings.INFERENCE_HOME_COLLECTIVITY, name="Ville de Paris")
    lyon = CollectivityFactory(slug="lyon", name="Ville de Lyon")
    city_node = InferenceNodeFactory(operator=paris, power_w=100.0, pue=1.5, hosting_zone="FR")
    partner_node = InferenceNodeFactory(operator=lyon, power_w=200.0, pue=1.2, hosting_zone="FR")
    inference_services.usage_record_create(
        channel="sandbox",
        node=city_node,
        model_alias="smollm2-135m-instruct",
        usage=Usage(prompt_tokens=20, completion_tokens=80, duration_s=36.0),
        latency_s=36.5,
        user=UserFactory(),
    )
    inference_services.usage_record_create(
        channel="api",
        node=partner_node,
        model_alias="smollm2-135m-instruct",
        usage=Usage(prompt_tokens=30, completion_tokens=120, duration_s=18.0),
        latency_s=18.2,
    )


@pytest.fixture
def training_data():
    """One course: a learner finishes it and gets the certificate, another only enrols."""
    course, _modules, lessons = make_course(slug="ia-et-service-public")
    finisher = Learner(user=UserFactory(), session={})
    for lesson in lessons:
        if lesson.has_quiz:
            training_services.quiz_attempt_submit(
                learner=finisher, lesson=lesson, answers=perfect_answers(lesson)
            )
        else:
            training_services.lesson_complete(
                learner=finisher, lesson=lesson, source=CompletionSource.END_REACHED
            )
    training_services.certificate_issue(user=finisher.user, course=course, learner_name="Ada L.")
    training_services.enrollment_start(
        learner=Learner(user=UserFactory(), session={}), course=course
    )
    return course


def expected_register() -> dict:
    return {
        "systems_total": 3,
        "by_risk_level": [
            {"key": "prohibited", "label": "Prohibited practice", "count": 0},
            {"key": "high", "label": "High risk", "count": 2},
            {"key": "limited", "label": "Limited risk (transparency)", "count": 0},
            {"key": "minimal", "label": "Minimal risk", "count": 1},
        ],
        "by_status": [
            {"key": "planned", "label": "Planned", "count": 0},
            {"key": "design", "label": "Design", "count": 0},
            {"key": "development", "label": "Development", "count": 0},
            {"key": "pilot", "label": "Pilot", "count": 1},
            {"key": "in_use", "label": "In use", "count": 2},
            {"key": "retired", "label": "Retired", "count": 0},
        ],
        "by_department": [
            {
                "key": "Direction des ressources humaines",
                "label": "Direction des ressources humaines",
                "count": 1,
            },
            {"key": "Direction des solidarités", "label": "Direction des solidarités", "count": 2},
        ],
        "published_by_month": [{"month": this_month(), "count": 3}],
        "recourse": {
            "received": 2,
            "answered": 1,
            "answered_on_time": 1,
            "open": 1,
            "overdue_open": 0,
            "median_days_to_answer": 0.0,
        },
        # The three are deployed (in use, pilot), first published today: never evaluated, not
        # yet due.
        "oversight": {
            "deployed": 3,
            "evaluated_on_time": 0,
            "never_evaluated": 3,
            "no_longer_evaluated": 0,
            "declarations": {
                "total": 0,
                "by_status": [
                    {"key": "pending", "label": "Awaiting triage", "count": 0},
                    {"key": "drafted", "label": "Turned into a register draft", "count": 0},
                    {"key": "closed", "label": "Closed with a public reason", "count": 0},
                ],
                "records_published": 0,
            },
            "incidents": {"total": 0, "open": 0, "serious": 0, "report_overdue": 0},
        },
    }


def expected_consultation() -> dict:
    return {
        "consultations": 2,
        "use_cases": 3,
        "participants": 3,
        "ballots": 3,
        "comments": 1,
        "answers_published": 1,
        "commitments": {"total": 3, "kept": 1, "overdue": 1, "pending": 1},
        "ballots_by_month": [{"month": this_month(), "count": 3}],
    }


def expected_inference() -> dict:
    fr = settings.INFERENCE_GRID_FACTORS["FR"]
    return {
        "requests": 2,
        "prompt_tokens": 50,
        "completion_tokens": 200,
        "energy_wh_total": pytest.approx(2.7),
        "energy_wh_per_request": pytest.approx(1.35),
        "co2_g_total": pytest.approx(2.7 * fr),
        "co2_g_per_request": pytest.approx(1.35 * fr),
        "partner_share": 0.5,
        "requests_by_month": [{"month": this_month(), "count": 2}],
    }


def expected_training(course) -> dict:
    return {
        "courses": 1,
        "enrolments": 2,
        "completions": 1,
        "certificates": 1,
        "by_course": [
            {
                "key": "ia-et-service-public",
                "label": course.title,
                "enrolments": 2,
                "completions": 1,
            }
        ],
    }


# --- (a) Each app's contract function --------------------------------------------------------
def test_register_indicators_count_published_city_systems_and_recourse(register_data):
    with translation.override("en"):
        assert register_indicators() == expected_register()


def test_consultation_indicators_count_people_ballots_comments_and_commitments(
    consultation_data,
):
    assert consultation_indicators() == expected_consultation()


def test_inference_indicators_sum_the_usage_ledger(inference_data):
    assert inference_indicators() == expected_inference()


def test_training_indicators_count_enrolments_completions_and_certificates(training_data):
    assert training_indicators() == expected_training(training_data)


# --- (b) The observatory shows the same figures ----------------------------------------------
# The workspace's section with no assistant run (tests/observatory/test_indicators_workspace.py
# has rated runs).
EMPTY_WORKSPACE = {"assistants": [], "runs": 0, "rated": 0, "used": 0, "used_share": None}


def figures(html: str) -> dict[str, str]:
    """Key figures of the indicators page: label → value as displayed."""
    pattern = r'<span class="figure__value">([^<]*)</span> <span class="figure__label">([^<]*)<'
    return {label: value for value, label in re.findall(pattern, html)}


def without_labels(data):
    if isinstance(data, dict):
        return {k: without_labels(v) for k, v in data.items() if k != "label"}
    if isinstance(data, list):
        return [without_labels(v) for v in data]
    return data


def csv_rows(client, key: str) -> list[list[str]]:
    response = client.get(f"/en/observatory/indicators/{key}.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def empty_dialogue(language: str | None = None) -> dict:
    """The staff dialogue section of a platform with no body, opinion or survey."""
    from dialogue.models import Stance

    with translation.override(language or translation.get_language()):
        return {
            "bodies": 0,
            "opinions": 0,
            "by_stance": [{"key": s.value, "label": str(s.label), "count": 0} for s in Stance],
            "surveys": 0,
            "survey_by_period": [],
            "min_group_size": settings.CONSULTATION_MIN_GROUP_SIZE,
        }


def empty_governance(language: str | None = None) -> dict:
    """The governance section of a platform with no AI project yet."""
    from governance.models import Stage, Verdict

    with translation.override(language or translation.get_language()):
        return {
            "projects": 0,
            "by_stage": [{"key": s.value, "label": str(s.label), "count": 0} for s in Stage],
            "signatures": 0,
            "by_verdict": [{"key": v.value, "label": str(v.label), "count": 0} for v in Verdict],
        }


def test_observatory_compute_page_and_api_show_the_apps_real_figures(
    client, register_data, consultation_data, inference_data, training_data
):
    expected = {
        "register": expected_register(),
        "consultation": expected_consultation(),
        "inference": expected_inference(),
        "training": expected_training(training_data),
        "workspace": EMPTY_WORKSPACE,  # no assistant run in this fixture
        "dialogue": empty_dialogue("en"),  # no staff body in this fixture
        "governance": empty_governance("en"),  # no AI project in this fixture
    }
    with translation.override("en"):
        assert indicators_compute()["sections"] == expected

    html = client.get("/en/observatory/indicators/").content.decode()
    assert "No data yet" not in html
    shown = figures(html)
    co2_per_request = f"{round(1.35 * settings.INFERENCE_GRID_FACTORS['FR'], 2):.2f} g CO2e"
    assert shown == {
        "AI systems in the register": "3",
        "Recourse requests received": "2",
        "Median time to answer a recourse request": "0 days",
        "Residents who took part in consultations": "3",
        "Ballots cast": "3",
        "Commitments kept": "1",
        "Commitments overdue": "1",
        "Requests answered by the city&#x27;s model": "2",
        "Energy used by the city&#x27;s model": "2.70 Wh",
        "Energy per answer": "1.35 Wh",
        "CO2 per answer": co2_per_request,
        "Share served by partner cities&#x27; nodes": "50 %",
        "Course enrolments": "2",
        "Certificates issued": "1",
        "AI workspace outputs rated by agents": "0",
        "Share of AI workspace outputs used as is": "—",
        "Formal opinions of staff bodies": "0",
        "Deployed systems followed up with their users": "0",
        "AI projects in the governance pipeline": "0",
        "Gate verdicts signed by reviewers": "0",
    }
    assert csv_rows(client, "register-risk")[1:] == [
        ["Prohibited practice", "0"],
        ["High risk", "2"],
        ["Limited risk (transparency)", "0"],
        ["Minimal risk", "1"],
    ]
    assert csv_rows(client, "recourse")[1:] == [
        ["Received", "2"],
        ["Answered", "1"],
        ["Answered on time", "1"],
        ["Still open", "1"],
        ["Open and overdue", "0"],
    ]
    assert csv_rows(client, "consultation-participation")[1:] == [
        ["Consultations", "2"],
        ["Use cases", "3"],
        ["Participants", "3"],
        ["Ballots", "3"],
        ["Comments", "1"],
        ["Answers published", "1"],
    ]
    assert csv_rows(client, "consultation-commitments")[1:] == [
        ["Kept", "1"],
        ["Pending", "1"],
        ["Overdue", "1"],
    ]
    assert csv_rows(client, "inference-tokens")[1:] == [
        ["Prompt tokens", "50"],
        ["Completion tokens", "200"],
    ]
    assert csv_rows(client, "training-courses") == [
        ["Course", "Enrolments", "Completions"],
        [training_data.title, "2", "1"],
    ]

    # The API is outside the translated URLs: its labels are in the default language.
    api = client.get("/api/observatory/indicators/").json()
    assert without_labels(api["sections"]) == without_labels(expected)
    with translation.override(api["language"]):
        assert api["sections"] == {
            "register": register_indicators(),
            "consultation": consultation_indicators(),
            "inference": inference_indicators(),
            "training": training_indicators(),
            "workspace": EMPTY_WORKSPACE,
            "dialogue": empty_dialogue(),
            "governance": empty_governance(),
        }


def test_empty_platform_shows_zeros_not_no_data(client):
    """All four apps are merged: on an empty database every section is there, with zeros."""
    with translation.override("en"):
        sections = indicators_compute()["sections"]
    assert sections["register"]["systems_total"] == 0
    assert sections["register"]["recourse"]["median_days_to_answer"] is None
    assert sections["consultation"]["participants"] == 0
    assert sections["inference"]["requests"] == 0
    assert sections["inference"]["energy_wh_per_request"] is None
    assert sections["training"] == {
        "courses": 0,
        "enrolments": 0,
        "completions": 0,
        "certificates": 0,
        "by_course": [],
    }
    html = client.get("/en/observatory/indicators/").content.decode()
    assert "No data yet" not in html
    api = client.get("/api/observatory/indicators/").json()
    assert all(api["sections"][name] is not None for name in sections)


def test_the_oversight_section_shows_systems_never_evaluated_and_declarations(
    client, register_data
):
    """The register's coverage and its deployed systems' evaluations, as published figures."""
    from accounts.roles import Role
    from tests.factories import UserFactory

    register_services.declaration_create(
        actor=UserFactory(roles=[Role.AGENT]),
        data={
            "tool_name": "Outil",
            "what_it_does": "Trie.",
            "where_it_appears": "Écran",
            "department": "DSIN",
        },
    )
    html = client.get("/en/observatory/indicators/").content.decode()
    assert "Oversight of deployed systems" in html
    assert csv_rows(client, "register-evaluations")[1:] == [
        ["Evaluated on schedule", "0"],
        ["Never evaluated", "3"],
        ["No longer evaluated (overdue)", "0"],
    ]
    assert ["Awaiting triage", "1"] in csv_rows(client, "register-declarations")
