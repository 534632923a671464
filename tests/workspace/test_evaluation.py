"""The evaluation harness: `workspace_evaluate` stores an Evaluation per assistant × model × day
and updates the assistant's register record; the weekly beat task; the pages and who sees them.

Outputs are crafted (the `crafted_model` fixture replaces only the text the model writes) so the
scores are known; one test runs the real SmolLM2 end to end (marked `model`)."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from core import composition
from inference_bridge.models import UsageRecord
from register import services as register_services
from register.models import AISystem, SystemEvaluation
from tests.factories import UserFactory
from tests.register.factories import editor
from workspace.demo import seed
from workspace.evaluation.services import evaluation_run, evaluation_store
from workspace.models import Assistant, Evaluation, GoldenCase

pytestmark = pytest.mark.django_db

MODEL = "smollm2-135m-instruct"
# Passes every check of the first plain-language case (roadworks notice), fails the others'
# expected content.
PLAIN = (
    "Des travaux ont lieu dans la rue de la République. Ils commencent le 14 avril. "
    "Vous ne pouvez pas garer votre voiture. Les voitures font un détour pendant trois semaines."
)


def publish_record(assistant: Assistant) -> AISystem:
    """A register editor publishes the draft the assistant's publication wrote."""
    system = AISystem.objects.get(uuid=assistant.register_uuid)
    version = system.versions.order_by("-number").first()
    for field in ("contact", "legal_basis", "recourse_procedure", "expected_impact"):
        setattr(version, field, getattr(version, field) or "Renseigné pour le test.")
    version.save()
    register_services.system_version_publish(actor=editor(), version=version)
    system.refresh_from_db()
    return system


def evaluate(**options) -> str:
    out = io.StringIO()
    call_command("workspace_evaluate", stdout=out, **options)
    return out.getvalue()


def test_command_stores_an_evaluation_and_updates_the_public_register_record(
    client, node, starters, crafted_model
):
    assistant = starters["langage-clair"]
    system = publish_record(assistant)
    crafted_model(PLAIN)
    table = evaluate(assistant="langage-clair")

    evaluation = Evaluation.objects.get()
    assert (evaluation.assistant, evaluation.assistant_version) == (assistant, 1)
    assert evaluation.model_alias == MODEL
    assert evaluation.total == 4 and evaluation.passed == 1
    first, second, *_ = evaluation.details
    assert first["key"] == "avis-travaux-voirie" and first["passed"]
    assert first["output"] == PLAIN
    assert not second["passed"]
    assert {c["kind"] for c in second["checks"] if not c["passed"]} >= {"must_contain"}
    assert 0 < evaluation.score < 100
    assert evaluation.checks_passed < evaluation.checks_total == 20
    assert evaluation.completion_tokens == 4 * len(PLAIN.split())
    # Every case went through the gate and the ledger, with its purpose.
    assert UsageRecord.objects.filter(purpose="evaluation:langage-clair").count() == 4
    # The table printed names the assistant, the model and the score.
    assert "langage-clair" in table and MODEL in table
    assert f"{evaluation.score:.1f}" in table and "1/4" in table

    result = SystemEvaluation.objects.get(system=system)
    assert (result.model_alias, result.score, result.passed, result.total) == (
        MODEL,
        evaluation.score,
        1,
        4,
    )
    assert result.label == "Réécrire en langage clair (FALC) (v1)"
    page = client.get(system.get_absolute_url()).content.decode()  # anyone, not signed in
    assert "Qualité mesurée" in page and MODEL in page
    exported = client.get("/register/export.json").json()["systems"][0]
    assert exported["evaluations"][0]["score"] == evaluation.score


def test_a_second_run_the_same_day_replaces_the_first_and_limit_bounds_the_cases(
    node, starters, crafted_model
):
    crafted_model(PLAIN)
    evaluate(assistant="langage-clair", limit=2)
    crafted_model("The works start on 14 April.")  # English: the language checks fail
    evaluate(assistant="langage-clair", limit=2)
    evaluation = Evaluation.objects.get()
    assert evaluation.total == 2 and evaluation.passed == 0
    assert all(d["output"] == "The works start on 14 April." for d in evaluation.details)


def test_command_refuses_unknown_assistant_model_and_limit(node, starters):
    with pytest.raises(CommandError, match="No live assistant has the slug 'nope'"):
        evaluate(assistant="nope")
    with pytest.raises(CommandError, match="No active node serves the model 'gpt-5'"):
        evaluate(model="gpt-5")
    with pytest.raises(CommandError, match="--limit must be at least 1"):
        evaluate(limit=0)
    assert not Evaluation.objects.exists()


def test_a_model_no_node_serves_fails_every_case_with_the_reason(node, starters):
    assistant = starters["traduire"]
    seed(stdout=None)
    evaluation = evaluation_run(assistant=assistant, model_alias="absent-model", limit=2)
    assert (evaluation.score, evaluation.passed, evaluation.total) == (0.0, 0, 2)
    assert all("absent-model" in d["error"] for d in evaluation.details)
    assert not UsageRecord.objects.exists()


def test_demo_seed_loads_every_starter_golden_set(starters):
    seed(stdout=None)
    counts = {a.slug: a.golden_cases.filter(active=True).count() for a in starters.values()}
    assert counts == dict.fromkeys(starters, 4)
    case = GoldenCase.objects.get(key="budget-participatif-absent")
    assert {"refusal": True} in case.checks
    assert case.document[0]["label"] == "p. 2"


def test_weekly_beat_entry_points_at_a_registered_task_that_evaluates_everything(
    node, starters, crafted_model
):
    from config.celery import app

    entry = composition.beat_schedule()["workspace-evaluate-weekly"]
    assert entry["task"] == "workspace.evaluate_all"
    assert entry["schedule"].day_of_week == {1}
    app.loader.import_default_modules()
    task = app.tasks[entry["task"]]  # KeyError if the entry named no registered task
    crafted_model(PLAIN)
    assert task() == len(starters) == 6
    assert Evaluation.objects.count() == 6


def _stored(assistant, *, score_cases, days_ago=0, alias=MODEL, length_ok=True) -> Evaluation:
    """An evaluation from crafted per-case results (True = every check passed)."""
    details = [
        {
            "key": f"case-{i}",
            "title": f"Cas {i}",
            "input": "Texte d'entrée du cas.",
            "document_title": "",
            "document": [],
            "request": "",
            "output": "Sortie du modèle." if ok else "The model wrote English.",
            "error": "",
            "node": "in-process",
            "prompt_tokens": 10,
            "completion_tokens": 5,
            "duration_ms": 100,
            "energy_wh": 0.001,
            "checks": [
                {
                    "kind": "language",
                    "passed": ok,
                    "observed": {"expected": "fr", "detected": "fr" if ok else "en"},
                },
                {
                    "kind": "length",
                    "passed": length_ok,
                    "observed": {"words": 3, "min": 1 if length_ok else 5, "max": 50},
                },
            ],
            "passed": ok,
        }
        for i, ok in enumerate(score_cases, start=1)
    ]
    evaluation = evaluation_store(assistant=assistant, model_alias=alias, details=details)
    if days_ago:
        when = timezone.now() - datetime.timedelta(days=days_ago)
        Evaluation.objects.filter(pk=evaluation.pk).update(
            evaluated_at=when, day=timezone.localdate(when)
        )
        evaluation.refresh_from_db()
    return evaluation


@pytest.mark.parametrize(
    ("roles", "status"),
    [
        (None, 302),
        ([], 403),
        (["resident"], 403),
        (["register_editor"], 403),
        (["agent"], 200),
        (["ai_lead"], 200),
    ],
)
def test_only_agents_and_ai_leads_see_the_evaluation_pages(client, starters, roles, status):
    evaluation = _stored(starters["traduire"], score_cases=[True, False])
    if roles is not None:
        client.force_login(UserFactory(roles=roles))
    for url in (
        reverse("workspace:evaluation"),
        evaluation.get_absolute_url(),
        reverse("workspace:evaluation_case", args=[evaluation.pk, "case-1"]),
    ):
        response = client.get(url)
        assert response.status_code == status, url
        if status == 302:
            assert "/accounts/login/" in response["Location"]


def test_evaluation_page_shows_latest_scores_history_chart_and_a_plain_low_score_notice(
    client, starters, django_assert_max_num_queries
):
    assistant = starters["traduire"]
    _stored(assistant, score_cases=[True, True, True, True], days_ago=7, alias="mistral-small")
    _stored(assistant, score_cases=[False, False, False, True], days_ago=7)
    latest = _stored(assistant, score_cases=[True, False, False, False])
    client.force_login(UserFactory(roles=["agent"]))
    with translation.override("en"), django_assert_max_num_queries(12):
        html = client.get(reverse("workspace:evaluation")).content.decode()
        latest_url = latest.get_absolute_url()
    assert "What the score means" in html and "How to choose a model" in html
    # Latest per model: SmolLM2 62.5 today (1 of 4 cases), mistral-small 100 a week ago.
    assert f'href="{latest_url}"' in html
    assert '<td class="num">63</td>' in html  # 62.5, rounded
    assert "1 of 4" in html and "4 of 4" in html
    assert "fair: review every output closely" in html
    assert "Check every output, or ask for a better model." not in html  # no model is low
    # The history: an SVG with a title and description, and the same figures in a table.
    assert 'role="img"' in html and "<desc" in html
    assert "Show the figures as a table" in html
    assert html.count("<polyline") == 1  # SmolLM2 has two days (a line), mistral-small one


def test_low_score_is_said_in_words_in_french(client, starters):
    _stored(starters["traduire"], score_cases=[False, False, False, False], length_ok=False)
    client.force_login(UserFactory(roles=["ai_lead"]))
    html = client.get(reverse("workspace:evaluation")).content.decode()
    assert "ce modèle n’est pas adapté à cette tâche" in html
    assert "Ce que signifie le score" in html


def test_case_page_shows_input_output_and_which_checks_failed(client, starters):
    evaluation = _stored(starters["traduire"], score_cases=[False])
    client.force_login(UserFactory(roles=["agent"]))
    with translation.override("en"):
        detail = client.get(evaluation.get_absolute_url()).content.decode()
        case = client.get(
            reverse("workspace:evaluation_case", args=[evaluation.pk, "case-1"])
        ).content.decode()
        missing = client.get(reverse("workspace:evaluation_case", args=[evaluation.pk, "nope"]))
    assert "Detected language: English (expected: French)." in detail
    assert "Texte d&#x27;entrée du cas." in case
    assert "The model wrote English." in case
    assert "AI-generated" in case
    assert "Detected language: English (expected: French)." in case
    assert missing.status_code == 404
    home = client.get(reverse("workspace:home")).content.decode()
    assert f'href="{reverse("workspace:evaluation")}"' in home


@pytest.mark.model
def test_the_bundled_model_is_evaluated_end_to_end_and_its_score_shown(client, node, starters):
    """The real SmolLM2 on one case: the output is checked, stored, shown, and on the record."""
    system = publish_record(starters["questions-sur-une-collection"])
    table = evaluate(assistant="questions-sur-une-collection", limit=1)
    evaluation = Evaluation.objects.get()
    (detail,) = evaluation.details
    assert detail["error"] == ""
    assert detail["output"]
    assert detail["completion_tokens"] > 0
    assert [c["kind"] for c in detail["checks"]] == [
        "must_contain",
        "language",
        "citations",
        "length",
    ]
    assert evaluation.checks_total == 4
    assert evaluation.score == round(100 * evaluation.checks_passed / 4, 1)
    assert evaluation.energy_wh > 0
    assert f"{evaluation.score:.1f}" in table
    record = UsageRecord.objects.get()
    assert record.purpose == "evaluation:questions-sur-une-collection"
    assert SystemEvaluation.objects.get(system=system).score == evaluation.score
    client.force_login(UserFactory(roles=["agent"]))
    html = client.get(reverse("workspace:evaluation")).content.decode()
    assert evaluation.get_absolute_url() in html
