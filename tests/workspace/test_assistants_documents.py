"""Assistants over documents and collections: summaries whose parts cite their page ranges
(map-reduce over sections), extraction rows citing their passage, questions over a collection
(refusal when nothing is found, citations verified by the kernel)."""

import pytest

from inference_bridge.models import UsageRecord
from tests.factories import UserFactory
from tests.workspace.conftest import AGENT_DEPARTMENT
from workspace.assistants import services
from workspace.assistants.pipelines import run_events
from workspace.documents.search_index import index_add
from workspace.models import Collection, Document, Passage, RunStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("workspace_settings")]

PAGES = [
    "Le conseil municipal a voté le budget de la piscine Pontoise. Les travaux commencent en mars.",
    "La piscine Jean Taris accueille les nageurs pendant les travaux de la piscine Pontoise.",
    "Les abonnements de la piscine Pontoise sont prolongés de deux mois sans frais.",
    "La réouverture de la piscine Pontoise est prévue le 2 mai 2026 après les travaux.",
]


@pytest.fixture
def agent(db):
    return UserFactory(roles=["agent"], department=AGENT_DEPARTMENT)


def make_document(owner, pages=PAGES, title="Travaux de la piscine Pontoise"):
    document = Document.objects.create(
        owner=owner, title=title, filename="piscine.pdf", kind="pdf", status="ready"
    )
    passages = [
        Passage.objects.create(
            document=document,
            position=n,
            page=n,
            label=f"p. {n}",
            text=text,
            word_count=len(text.split()),
        )
        for n, text in enumerate(pages, start=1)
    ]
    index_add((p.pk, p.text) for p in passages)  # as the extraction does
    return document


def run_to_end(run):
    events = list(run_events(run))
    run.refresh_from_db()
    return run, events


def test_summary_map_reduce_parts_cite_their_page_ranges(
    node, agent, starters, crafted_model, settings
):
    settings.WORKSPACE_SECTION_MAX_CHARS = 200  # two pages a part: two parts
    crafted_model("Les travaux de la piscine Pontoise commencent en mars [1].")
    document = make_document(agent)
    run = services.run_start(
        user=agent, assistant=starters["resumer-un-document"], document=document
    )
    run, events = run_to_end(run)
    assert run.status == RunStatus.DONE
    assert [p["label"] for p in run.result["parts"]] == ["pp. 1–2", "pp. 3–4"]
    for part in run.result["parts"]:
        assert part["url"].endswith(f"#page-{part['page_from']}")
        for sentence in part["sentences"]:
            assert [s["label"] for s in sentence["sources"]] == [part["label"]]
    # The reduce step cites the parts (page ranges), not the raw pages.
    overall = run.result["overall"]
    assert overall["sentences"]
    assert {s["label"] for x in overall["sentences"] for s in x["sources"]} <= {
        "pp. 1–2",
        "pp. 3–4",
    }
    assert run.progress_done == run.progress_total == 3
    assert UsageRecord.objects.filter(purpose="assistant:resumer-un-document").count() == 3
    assert [name for name, _ in events].count("part_end") == 3


def test_qa_refuses_when_nothing_relevant_is_found(node, agent, starters):
    collection = Collection.objects.create(owner=agent, title="Piscines")
    collection.documents.add(make_document(agent))
    run = services.run_start(
        user=agent,
        assistant=starters["questions-sur-une-collection"],
        collection=collection,
        text="Quel est le tarif du stationnement résidentiel ?",
    )
    run, events = run_to_end(run)
    assert run.result["refused"] is True
    assert ("refused", {"message": run.result["answer"]}) in events
    assert run.output == run.result["answer"]
    assert not UsageRecord.objects.exists()  # the model was not asked


def test_qa_over_a_shared_collection_keeps_only_verified_citations(
    node, agent, starters, crafted_model
):
    owner = UserFactory(roles=["agent"], department=AGENT_DEPARTMENT)
    collection = Collection.objects.create(
        owner=owner, title="Piscines", shared_department=AGENT_DEPARTMENT
    )
    collection.documents.add(make_document(owner))
    crafted_model(
        "Les abonnements sont prolongés de deux mois sans frais [1]. "
        "La piscine sera « fermée pour toujours et démolie » [1]. "
        "Le stade ouvre demain [9]."
    )
    run = services.run_start(
        user=agent,
        assistant=starters["questions-sur-une-collection"],
        collection=collection,
        text="Les abonnements de la piscine Pontoise sont-ils prolongés ?",
    )
    run, _events = run_to_end(run)
    (part,) = run.result["parts"]
    assert [s["text"] for s in part["sentences"]] == [
        "Les abonnements sont prolongés de deux mois sans frais."
    ]
    (source,) = part["sentences"][0]["sources"]
    assert source["label"].startswith("Travaux de la piscine Pontoise, p. ")
    assert "#page-" in source["url"]
    assert run.dropped_count == 2


def test_another_departments_collection_cannot_be_used(agent, starters):
    other = UserFactory(roles=["agent"], department="Culture")
    collection = Collection.objects.create(owner=other, title="Privée", shared_department="Culture")
    with pytest.raises(services.NotAllowed):
        services.run_start(
            user=agent,
            assistant=starters["questions-sur-une-collection"],
            collection=collection,
            text="Question ?",
        )


@pytest.mark.model
def test_summary_of_a_multipage_document_with_the_real_model(node, agent, starters, settings):
    settings.WORKSPACE_SECTION_MAX_CHARS = 200
    document = make_document(agent)
    run = services.run_start(
        user=agent, assistant=starters["resumer-un-document"], document=document
    )
    run, _events = run_to_end(run)
    assert run.status == RunStatus.DONE
    assert [p["label"] for p in run.result["parts"]] == ["pp. 1–2", "pp. 3–4"]
    kept = sum(len(p["sentences"]) for p in run.result["parts"])
    dropped = sum(p["dropped"] for p in run.result["parts"])
    assert run.dropped_count >= dropped
    for part in run.result["parts"]:
        for sentence in part["sentences"]:  # every kept sentence is attributed and checked
            assert sentence["sources"][0]["label"] == part["label"]
    assert kept + dropped > 0


@pytest.mark.model
def test_qa_with_the_real_model_cites_only_retrieved_passages(node, agent, starters):
    collection = Collection.objects.create(owner=agent, title="Piscines")
    collection.documents.add(make_document(agent))
    run = services.run_start(
        user=agent,
        assistant=starters["questions-sur-une-collection"],
        collection=collection,
        text="Quand la piscine Pontoise rouvre-t-elle ?",
    )
    run, _events = run_to_end(run)
    assert run.status == RunStatus.DONE
    pages = {f"p. {n}" for n in range(1, 5)}
    for part in run.result.get("parts", []):
        for sentence in part["sentences"]:
            for source in sentence["sources"]:
                assert source["label"].split(", ")[-1] in pages
