"""Workspace pages: who may enter (role matrix), runs started from the form, quotas (429 with
Retry-After and the input kept), edit with the original kept, downloads, rating, indicator."""

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation

from inference_bridge.models import UsageRecord
from tests.factories import UserFactory
from tests.workspace.conftest import AGENT_DEPARTMENT
from workspace.assistants.pipelines import run_execute_by_id
from workspace.models import Assistant, Rating, Run, RunStatus
from workspace.selectors import assistant_indicators

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("workspace_settings")]

TEXT = "Les abonnements de la piscine Pontoise sont prolongés de deux mois sans frais."


@pytest.fixture(autouse=True)
def english():
    """Pages in English (/en/…), so that the assertions read the English messages."""
    with translation.override("en"):
        yield


@pytest.fixture
def agent(db):
    return UserFactory(roles=["agent"], department=AGENT_DEPARTMENT)


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


@pytest.mark.parametrize(
    ("roles", "status"),
    [
        (None, 302),
        ([], 403),
        (["resident"], 403),
        (["register_editor"], 403),
        (["moderator"], 403),
        (["agent"], 200),
        (["ai_lead"], 200),
    ],
)
def test_only_agents_and_ai_leads_enter_the_workspace(client, starters, roles, status):
    if roles is not None:
        client.force_login(UserFactory(roles=roles))
    for url in (reverse("workspace:home"), reverse("workspace:assistant", args=["traduire"])):
        response = client.get(url)
        assert response.status_code == status, url
        if status == 302:
            assert "/accounts/login/" in response["Location"]


def test_home_lists_published_assistants_as_cards(agent_client, starters):
    Assistant.objects.filter(slug="traduire").update(live=False)
    response = agent_client.get(reverse("workspace:home"))
    names = [a.name for a in response.context["assistants"]]
    assert "Résumer un document" in names
    assert "Traduire français ↔ anglais" not in names


def test_a_run_belongs_to_its_agent_only(client, agent_client, agent, starters, node):
    agent_client.post(
        reverse("workspace:assistant", args=["traduire"]), {"text": TEXT, "direction": "fr-en"}
    )
    run = Run.objects.get()
    other = UserFactory(roles=["agent"])
    client.force_login(other)
    assert client.get(run.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("workspace:run-rate", args=[run.uuid]), {"rating": "used"}).status_code
        == 404
    )


def test_form_starts_a_run_and_the_no_js_path_generates_it(
    agent_client, starters, node, crafted_model
):
    crafted_model("Subscriptions are extended by two months.")
    response = agent_client.post(
        reverse("workspace:assistant", args=["traduire"]), {"text": TEXT, "direction": "fr-en"}
    )
    run = Run.objects.get()
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    assert run.status == RunStatus.PENDING and run.options == {"direction": "fr-en"}
    page = agent_client.get(run.get_absolute_url())
    assert reverse("workspace:run-execute", args=[run.uuid]) in page.content.decode()
    agent_client.post(reverse("workspace:run-execute", args=[run.uuid]))
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.output == "Subscriptions are extended by two months."
    html = agent_client.get(run.get_absolute_url()).content.decode()
    assert "Subscriptions are extended by two months." in html
    assert "AI-generated" in html  # the label, with the model's name
    assert run.model_name in html


def test_empty_input_is_refused_with_the_form_kept(agent_client, starters):
    response = agent_client.post(
        reverse("workspace:assistant", args=["langage-clair"]), {"text": "  "}
    )
    assert response.status_code == 422
    assert "Paste a text." in response.content.decode()
    assert not Run.objects.exists()


def test_department_quota_answers_429_with_retry_after_and_keeps_the_text(
    agent_client, starters, settings
):
    settings.WORKSPACE_DEPARTMENT_QUOTA = "2/day"
    url = reverse("workspace:assistant", args=["langage-clair"])
    for _ in range(2):
        assert agent_client.post(url, {"text": TEXT}).status_code == 302
    response = agent_client.post(url, {"text": TEXT + " Troisième."})
    assert response.status_code == 429
    assert response["Retry-After"] == "86400"
    html = response.content.decode()
    assert "Your department has used its 2 assistant runs" in html
    assert "Troisième." in html  # what the agent typed is still in the form
    assert Run.objects.count() == 2


def test_quota_is_per_department(client, starters, settings):
    settings.WORKSPACE_DEPARTMENT_QUOTA = "1/day"
    url = reverse("workspace:assistant", args=["langage-clair"])
    for department in ("Sports", "Culture"):
        client.force_login(UserFactory(roles=["agent"], department=department))
        assert client.post(url, {"text": TEXT}).status_code == 302
    client.force_login(UserFactory(roles=["agent"], department="Sports"))
    assert client.post(url, {"text": TEXT}).status_code == 429


def _finished_run(agent_client, crafted_model, slug="brouillon-de-reponse", text=None):
    crafted_model(text or "Madame, votre abonnement est prolongé de deux mois. Cordialement.")
    agent_client.post(reverse("workspace:assistant", args=[slug]), {"text": TEXT})
    run = Run.objects.latest("created_at")
    assert run_execute_by_id(run_id=run.pk) == RunStatus.DONE
    run.refresh_from_db()
    return run


def test_edit_keeps_the_ai_original_and_shows_a_diff(agent_client, starters, node, crafted_model):
    run = _finished_run(agent_client, crafted_model)
    original = run.output
    response = agent_client.post(
        reverse("workspace:run-edit", args=[run.uuid]),
        {"text": original.replace("deux mois", "trois mois")},
    )
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.output == original
    assert "trois mois" in run.edited_output
    html = agent_client.get(run.get_absolute_url()).content.decode()
    assert "[added: </span>trois" in html
    assert "[removed: </span>deux" in html


def test_a_rating_the_service_refuses_shows_on_the_page_with_its_status(agent_client, starters):
    agent_client.post(reverse("workspace:assistant", args=["brouillon-de-reponse"]), {"text": TEXT})
    run = Run.objects.get()  # created, not generated yet
    response = agent_client.post(
        reverse("workspace:run-rate", args=[run.uuid]), {"rating": Rating.USED}
    )
    assert response.status_code == 422
    assert response.context["rate_form"].errors["__all__"] == ["The run is not finished yet."]
    assert "The run is not finished yet." in response.content.decode()
    run.refresh_from_db()
    assert run.rating == ""


def test_downloads_open_in_their_readers(agent_client, starters, node, crafted_model):
    from docx import Document
    from odf import teletype
    from odf.opendocument import load
    from odf.text import P

    run = _finished_run(agent_client, crafted_model)
    base = reverse("workspace:run-download", args=[run.uuid, "docx"])[: -len("docx/")]
    docx = agent_client.get(base + "docx/")
    assert docx["Content-Disposition"].endswith('.docx"')
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert run.output in paragraphs
    assert any("Generated by AI" in p and run.model_name in p for p in paragraphs)
    odt = agent_client.get(base + "odt/")
    assert zipfile.is_zipfile(io.BytesIO(odt.content))
    texts = [teletype.extractText(p) for p in load(io.BytesIO(odt.content)).getElementsByType(P)]
    assert run.output in texts
    md = agent_client.get(base + "md/").content.decode()
    assert md.startswith("# Brouillon de réponse à un usager")
    assert run.output in md
    assert agent_client.get(base + "pdf/").status_code == 404


def test_extraction_downloads_as_a_table(agent_client, starters, node, crafted_model):
    from docx import Document

    run = _finished_run(
        agent_client,
        crafted_model,
        slug="extraire-decisions",
        text="Décision : les abonnements de la piscine sont prolongés de deux mois.",
    )
    assert run.result["rows"][0]["kind"] == "decision"
    docx = agent_client.get(reverse("workspace:run-download", args=[run.uuid, "docx"]))
    (table,) = Document(io.BytesIO(docx.content)).tables
    assert table.cell(1, 0).text == "Decision"
    assert "prolongés de deux mois" in table.cell(1, 1).text


def test_rating_feeds_the_share_used_as_is(agent_client, agent, starters, node, crafted_model):
    runs = [_finished_run(agent_client, crafted_model) for _ in range(3)]
    url = lambda run: reverse("workspace:run-rate", args=[run.uuid])  # noqa: E731
    agent_client.post(url(runs[0]), {"rating": Rating.USED})
    agent_client.post(url(runs[1]), {"rating": Rating.EDITED, "comment": "Trop long."})
    response = agent_client.post(url(runs[2]), {"rating": "wonderful"})
    assert response.status_code == 400
    row = next(
        a for a in assistant_indicators()["assistants"] if a["slug"] == "brouillon-de-reponse"
    )
    assert (row["rated"], row["used"], row["edited"], row["used_share"]) == (2, 1, 1, 0.5)
    runs[1].refresh_from_db()
    assert runs[1].rating_comment == "Trop long."


def test_usage_is_recorded_per_assistant_and_department(
    agent_client, starters, node, crafted_model
):
    _finished_run(agent_client, crafted_model)
    record = UsageRecord.objects.get()
    assert (record.purpose, record.department) == (
        "assistant:brouillon-de-reponse",
        AGENT_DEPARTMENT,
    )
