"""Assistants' pipelines with the real SmolLM2 model, and crafted model texts (only the model's
text is replaced: the grounding kernel's verification runs as in production)."""

import pytest
from django.core.cache import cache

from inference_bridge.backends import Usage
from inference_bridge.models import UsageRecord
from tests.factories import UserFactory
from tests.workspace.conftest import AGENT_DEPARTMENT
from workspace.assistants import pipelines, services
from workspace.assistants.pipelines import run_events
from workspace.assistants.readability import readability
from workspace.models import RunStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("workspace_settings")]

TEXT = (
    "La piscine municipale Pontoise ferme pour travaux du 3 mars au 30 avril 2026. "
    "Les nageurs peuvent aller à la piscine Jean Taris pendant la fermeture. "
    "Les abonnements sont prolongés de deux mois sans frais."
)


@pytest.fixture
def agent(db):
    return UserFactory(roles=["agent"], department=AGENT_DEPARTMENT)


def run_to_end(run):
    events = list(run_events(run))
    run.refresh_from_db()
    return run, events


def test_readability_is_higher_for_short_plain_sentences():
    hard = readability(
        "Conformément aux dispositions réglementaires applicables, l'administration "
        "communale procédera ultérieurement à l'instruction approfondie des demandes."
    )
    easy = readability("La mairie lit votre demande. Elle vous répond vite.")
    assert easy.score > hard.score
    assert (easy.sentences, hard.sentences) == (2, 1)


@pytest.mark.model
def test_plain_language_run_streams_and_shows_readability_before_and_after(node, agent, starters):
    run = services.run_start(user=agent, assistant=starters["langage-clair"], text=TEXT)
    run, events = run_to_end(run)
    names = [name for name, _data in events]
    assert names[0] == "start" and names[-1] == "done"
    assert "delta" in names
    assert run.status == RunStatus.DONE
    assert run.output
    figures = run.result["readability"]
    assert "Kandel" in figures["formula"]
    assert figures["before"] == readability(TEXT).as_dict()
    assert figures["after"] == readability(run.output).as_dict()
    assert figures["after"]["words"] > 0
    record = UsageRecord.objects.get()
    assert record.purpose == "assistant:langage-clair"
    assert record.department == AGENT_DEPARTMENT
    assert run.usage["total_tokens"] == record.prompt_tokens + record.completion_tokens


@pytest.mark.model
def test_summary_of_pasted_text_is_grounded_in_it(node, agent, starters):
    assistant = starters["resumer-un-document"]
    run = services.run_start(user=agent, assistant=assistant, text=TEXT)
    run, events = run_to_end(run)
    assert run.status == RunStatus.DONE
    (part,) = run.result["parts"]
    sentences = [data for name, data in events if name == "sentence"]
    dropped = [data for name, data in events if name == "dropped"]
    assert len(sentences) == len(part["sentences"])
    assert run.dropped_count == len(dropped) == part["dropped"]
    # Every sentence kept shares content with the text (the kernel checked it).
    for sentence in part["sentences"]:
        assert sentence["sources"][0]["label"] == part["label"]


def test_crafted_summary_with_a_misquote_and_a_missing_source_is_corrected(
    node, agent, starters, crafted_model
):
    crafted_model(
        "La piscine Pontoise ferme pour travaux du 3 mars au 30 avril. "
        "Le maire a déclaré « la piscine sera démolie » hier. "
        "Les abonnements sont prolongés [7]. "
        "Les nageurs iront à la piscine Jean Taris."
    )
    run = services.run_start(user=agent, assistant=starters["resumer-un-document"], text=TEXT)
    run, _events = run_to_end(run)
    kept = [s["text"] for s in run.result["parts"][0]["sentences"]]
    assert kept == [
        "La piscine Pontoise ferme pour travaux du 3 mars au 30 avril.",
        "Les nageurs iront à la piscine Jean Taris.",
    ]
    assert run.dropped_count == 2
    assert "démolie" not in run.output and "[7]" not in run.output


def test_crafted_extraction_gives_rows_citing_their_passage(node, agent, starters, crafted_model):
    crafted_model(
        "Décision : la piscine Pontoise ferme pour travaux.\n"
        "Action : les nageurs vont à la piscine Jean Taris.\n"
        "Date : fermeture du 3 mars au 30 avril 2026."
    )
    assistant = starters["extraire-decisions"]
    run = services.run_start(user=agent, assistant=assistant, text=TEXT)
    run, _events = run_to_end(run)
    rows = run.result["rows"]
    assert [r["kind"] for r in rows] == ["decision", "action", "date"]
    assert rows[2]["date"] == "3 mars"
    assert all(r["label"] for r in rows)


def test_a_run_cancelled_before_it_starts_never_generates(node, agent, starters, crafted_model):
    crafted_model("Les nageurs iront à la piscine Jean Taris.")
    run = services.run_start(user=agent, assistant=starters["resumer-un-document"], text=TEXT)
    services.run_cancel(user=agent, run=run)
    assert pipelines.run_execute_by_id(run_id=run.pk) == RunStatus.CANCELLED
    assert not UsageRecord.objects.exists()


def test_a_run_cancelled_between_parts_keeps_the_parts_done(
    node, agent, starters, crafted_model, monkeypatch
):
    crafted_model("Les nageurs iront à la piscine Jean Taris.")
    run = services.run_start(user=agent, assistant=starters["resumer-un-document"], text=TEXT)
    sections = [
        pipelines._TextSection(text=TEXT, page_from=n, page_to=n, label=f"p. {n}")
        for n in (1, 2, 3)
    ]
    monkeypatch.setattr(pipelines, "_sections", lambda _run: sections)
    monkeypatch.setattr(pipelines.CancelToken, "POLL_SECONDS", 0)  # read the stop at once
    for name, _data in run_events(run):
        if name == "part_end":  # the stop button, pressed from another process
            cache.set(pipelines.CancelToken.cache_key(f"wsrun{run.uuid.hex}"), 1)
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED
    assert [p["label"] for p in run.result["parts"]] == ["p. 1"]
    assert run.progress_done == 1 and run.progress_total == 4


def test_pipeline_table_covers_every_task_kind():
    from workspace.models import TaskKind

    assert set(pipelines.PIPELINES) == set(TaskKind.values)


def test_crafted_usage_is_added_to_the_run(node, agent, starters, crafted_model):
    crafted_model(
        "Les abonnements sont prolongés de deux mois.",
        usage=Usage(prompt_tokens=5, completion_tokens=7, duration_s=0.1),
    )
    run = services.run_start(user=agent, assistant=starters["traduire"], text=TEXT)
    run, _events = run_to_end(run)
    assert run.usage["total_tokens"] == 12
