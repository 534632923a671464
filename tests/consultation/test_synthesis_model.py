"""The synthesis on the real model (SmolLM2), with the 60-comment fixture debate."""

import pytest
from django.test import Client

from accounts.roles import Role
from consultation.models import Synthesis, SynthesisStatus
from consultation.services.synthesis import sentence_recheck, sentences_of, synthesis_draft_build
from inference_bridge.models import UsageRecord
from tests.consultation.debate_fixture import debate_build
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.model]


@pytest.fixture
def debate(settings):
    from inference_bridge.services import nodes_ensure_default

    settings.INFERENCE_MAX_CONCURRENT = 2
    nodes_ensure_default()
    return debate_build()


def test_a_draft_on_the_real_model_cites_only_visible_comments_of_its_debate(
    debate, socket_guard, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/consultations/use-cases/{debate['use_case'].pk}/synthesis/")
    synthesis = Synthesis.objects.get()
    assert synthesis.status == SynthesisStatus.DRAFT, synthesis.error
    draft = synthesis.draft
    assert len(draft["themes"]) == 3
    own = {c.pk for rows in debate["comments"].values() for c in rows}
    for sentence in sentences_of(draft):
        assert set(sentence["comment_ids"]) <= own
        assert sentence_recheck(use_case=debate["use_case"], sentence=sentence) is None
    print(
        "coverage per theme:",
        [(t["keywords"][:2], t["coverage"], t["dropped"]) for t in draft["themes"]],
        "overall",
        draft["coverage"],
    )
    assert UsageRecord.objects.filter(channel="consultation", purpose="synthesis").exists()
    page = client.get(synthesis.get_absolute_url()).content.decode()
    assert "Synthèse assistée par l’IA" in page
    # drafting on the city's model sent nothing anywhere but the database and cache
    assert socket_guard.refused == []


def test_the_same_inputs_at_temperature_0_give_the_same_draft(debate):
    """Greedy decoding (temperature 0) and seeded themes: the same debate gives the same draft,
    even when the model answered something else in between (its context then holds another
    prompt, so the second draft does not reuse the first one's cached prefix)."""
    from consultation.services.ai import model_run

    first = synthesis_draft_build(use_case=debate["use_case"])
    model_run(
        messages=[{"role": "user", "content": "Traduis en anglais : les sous-titres."}],
        purpose="translation",
        max_tokens=16,
    )
    second = synthesis_draft_build(use_case=debate["use_case"])
    assert sentences_of(first), "the draft has no sentence: nothing was compared"
    assert first["themes"] == second["themes"]
    assert (first["tokens"], first["coverage"], first["dropped_total"]) == (
        second["tokens"],
        second["coverage"],
        second["dropped_total"],
    )
