"""Grounded generation: the verification every AI feature shares, and its stream."""

import pytest

from inference_bridge.grounding import (
    SentenceStream,
    citations_verify,
    grounded_events,
    grounded_messages,
    sentences_split,
    sources_from,
)

SOURCES = sources_from(
    [
        ("p1", "La piscine Pontoise ferme le 3 mars pour travaux de rénovation.", "p. 1"),
        ("p2", "Les travaux coûtent 2 millions d'euros, financés par la Ville de Paris.", "p. 2"),
        (
            "p3",
            "Les nageurs sont orientés vers la piscine Jean Taris pendant la fermeture.",
            "p. 4",
        ),
    ]
)


def test_a_cited_sentence_is_kept_with_its_sources():
    answer = citations_verify(
        "La piscine Pontoise ferme le 3 mars [1]. Les travaux coûtent 2 millions [2].", SOURCES
    )
    assert [s.text for s in answer.sentences] == [
        "La piscine Pontoise ferme le 3 mars.",
        "Les travaux coûtent 2 millions.",
    ]
    assert [[src.key for src in s.sources] for s in answer.sentences] == [["p1"], ["p2"]]
    assert answer.dropped == []
    assert answer.coverage == pytest.approx(2 / 3)


def test_markers_after_the_full_stop_belong_to_the_sentence_before():
    assert sentences_split("La piscine ferme. [1] Les nageurs vont ailleurs. [3]") == [
        "La piscine ferme [1].",
        "Les nageurs vont ailleurs [3].",
    ]
    answer = citations_verify("La piscine ferme. [1] Les nageurs vont à Jean Taris. [3]", SOURCES)
    assert [[src.number for src in s.sources] for s in answer.sentences] == [[1], [3]]


def test_a_marker_on_the_next_line_starts_the_next_sentence():
    # SmolLM2 often copies the sources as they were listed: "[1] text.\n\n[2] text."
    text = "[1] La piscine ferme.\n\n[2] Les travaux coûtent cher."
    assert sentences_split(text) == ["[1] La piscine ferme.", "[2] Les travaux coûtent cher."]
    answer = citations_verify(text, SOURCES)
    assert [[s.number for s in sentence.sources] for sentence in answer.sentences] == [[1], [2]]


def test_a_copied_source_label_neither_splits_the_sentence_nor_stays_in_it():
    # SmolLM2 copies the listing's "[n] (label) text": "p. 3" is no sentence end, and the label
    # is what the citation link shows already.
    sources = sources_from(
        [("d1", "Les abonnements de la piscine sont prolongés de deux mois.", "Note, p. 3")]
        + [(f"x{n}", "Autre chose.", f"p. {n}") for n in (1, 2)]
    )
    text = "[1] (Note, p. 3) Les abonnements de la piscine sont prolongés de deux mois.\n\nFin ?"
    assert sentences_split(text)[0] == (
        "[1] (Note, p. 3) Les abonnements de la piscine sont prolongés de deux mois."
    )
    answer = citations_verify(text, sources)
    assert [(s.text, [src.key for src in s.sources]) for s in answer.sentences] == [
        ("Les abonnements de la piscine sont prolongés de deux mois.", ["d1"])
    ]
    assert sentences_split("Voir M. Dupont, art. 4. Puis la suite.") == [
        "Voir M. Dupont, art. 4.",
        "Puis la suite.",
    ]


def test_marker_forms_ranges_and_lists():
    answer = citations_verify("Les travaux de la piscine coûtent cher [1, 2].", SOURCES)
    assert [s.number for s in answer.sentences[0].sources] == [1, 2]
    answer = citations_verify("Piscine fermée, nageurs orientés [1-3].", SOURCES)
    assert [s.number for s in answer.sentences[0].sources] == [1, 2, 3]
    answer = citations_verify("La piscine ferme [Source 1].", SOURCES)
    assert [s.number for s in answer.sentences[0].sources] == [1]


def test_sentence_without_citation_is_dropped_and_counted():
    answer = citations_verify("La piscine ferme [1]. Le maire est content.", SOURCES)
    assert [s.text for s in answer.sentences] == ["La piscine ferme."]
    assert [(d.text, d.reason) for d in answer.dropped] == [
        ("Le maire est content.", "no_citation")
    ]


def test_citing_a_source_that_was_not_given_is_dropped():
    answer = citations_verify("La piscine ferme le 3 mars [7].", SOURCES)
    assert answer.sentences == []
    assert answer.dropped[0].reason == "unknown_source"


def test_a_misquote_is_dropped_and_a_verbatim_quote_kept():
    kept = citations_verify("La Ville indique « financés par la Ville de Paris » [2].", SOURCES)
    assert kept.sentences[0].quotes == ["financés par la Ville de Paris"]
    misquoted = citations_verify("La Ville indique « financés par l'État » [2].", SOURCES)
    assert misquoted.sentences == []
    assert misquoted.dropped[0].reason == "misquote"
    # a verbatim quote from another source than the one cited is a misquote too
    elsewhere = citations_verify("On lit « orientés vers la piscine Jean Taris » [1].", SOURCES)
    assert elsewhere.dropped[0].reason == "misquote"


def test_quotes_compare_spacing_apostrophes_and_case_as_a_reader_would():
    answer = citations_verify("Ils parlent de « 2   MILLIONS d’euros » [2].", SOURCES)
    assert len(answer.sentences) == 1


def test_a_sentence_sharing_no_content_with_its_source_is_unsupported():
    answer = citations_verify("Le climat change vite sur la planète [1].", SOURCES)
    assert answer.dropped[0].reason == "unsupported"


def test_with_a_single_source_an_unmarked_sentence_is_attributed_to_it():
    one = SOURCES[:1]
    answer = citations_verify("La piscine Pontoise ferme pour rénovation.", one)
    assert answer.sentences[0].attributed is True
    assert answer.sentences[0].sources == one
    # …but still checked: a claim with no word in common is not attributed
    assert citations_verify("Le climat change vite.", one).dropped[0].reason == "unsupported"


def test_prompt_numbers_the_sources_and_states_the_rules():
    messages = grounded_messages(instructions="Résume.", request="Résumé :", sources=SOURCES)
    assert messages[0]["role"] == "system"
    assert "[1, 3]" in messages[0]["content"]
    assert "[2] (p. 2) Les travaux coûtent" in messages[1]["content"]


def test_sentence_stream_holds_a_sentence_until_its_marker_may_have_arrived():
    stream = SentenceStream()
    assert stream.feed("La piscine ferme") == []
    assert stream.feed(". ") == []  # "[1]" may still come
    assert stream.feed("[1] Les nageurs") == ["La piscine ferme [1]."]
    assert stream.feed(" vont ailleurs.") == []
    assert stream.flush() == ["Les nageurs vont ailleurs."]


def test_grounded_events_replace_deltas_by_checked_sentences():
    text = "La piscine Pontoise ferme le 3 mars [1]. Le maire est ravi. Les travaux coûtent 2 millions [2]."
    events = [("node", {"node": "x"})]
    events += [("delta", {"text": text[i : i + 7]}) for i in range(0, len(text), 7)]
    events += [("usage", {"completion_tokens": 30})]
    out = list(grounded_events(iter(events), SOURCES))
    names = [name for name, _data in out]
    assert "delta" not in names
    assert names == ["node", "sentence", "dropped", "sentence", "usage", "grounded"]
    summary = out[-1][1]
    assert [s["text"] for s in summary["sentences"]] == [
        "La piscine Pontoise ferme le 3 mars.",
        "Les travaux coûtent 2 millions.",
    ]
    assert summary["dropped"] == [{"text": "Le maire est ravi.", "reason": "no_citation"}]
    assert summary["raw"] == text


def test_grounded_events_end_without_summary_after_an_error():
    events = [("delta", {"text": "La piscine ferme [1]. Et"}), ("error", {"code": "x"})]
    names = [name for name, _data in grounded_events(iter(events), SOURCES)]
    assert names == ["sentence", "error"]


@pytest.mark.django_db
@pytest.mark.model
def test_a_service_generation_on_the_real_model_is_grounded_and_in_the_ledger(settings):
    from inference_bridge.generation import build_params, job_events, job_for_service
    from inference_bridge.models import Channel, UsageRecord
    from inference_bridge.services import nodes_ensure_default

    nodes_ensure_default()
    job = job_for_service(
        messages=grounded_messages(
            instructions="Summarise the sources in two sentences.",
            request="Summary:",
            sources=SOURCES,
        ),
        model_alias=settings.INFERENCE_DEFAULT_MODEL,
        channel=Channel.WORKSPACE,
        purpose="assistant:summary",
        department="Sports",
        params=build_params(max_tokens=60, temperature=0),
    )
    out = list(grounded_events(job_events(job), SOURCES))
    names = [name for name, _data in out]
    assert names[0] == "node"
    assert names[-2:] == ["usage", "grounded"]
    summary = out[-1][1]
    assert summary["raw"]  # the model wrote something
    # every sentence the model wrote is either shown verified or counted as dropped
    assert len(summary["sentences"]) + len(summary["dropped"]) == len(
        sentences_split(summary["raw"])
    )
    for sentence in summary["sentences"]:
        assert sentence["sources"], sentence
    record = UsageRecord.objects.get()
    assert (record.channel, record.purpose, record.department) == (
        "workspace",
        "assistant:summary",
        "Sports",
    )


@pytest.mark.django_db
def test_a_service_generation_for_an_unknown_model_is_refused():
    from inference_bridge.errors import ModelNotFound
    from inference_bridge.generation import job_for_service
    from inference_bridge.models import Channel
    from inference_bridge.services import nodes_ensure_default

    nodes_ensure_default()
    with pytest.raises(ModelNotFound):
        job_for_service(
            messages=[{"role": "user", "content": "Bonjour"}],
            model_alias="no-such-model",
            channel=Channel.WORKSPACE,
            purpose="test",
        )
