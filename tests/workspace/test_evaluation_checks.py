"""The golden-set checks on crafted outputs: each one passes on a good answer and fails on a bad
one; the golden files shipped in the repository all load."""

import pytest
from django.utils import translation

from inference_bridge.grounding import sources_from
from workspace.evaluation.checks import (
    check_describe,
    check_validate,
    checks_run,
    language_guess,
    refusal_detected,
)
from workspace.evaluation.golden import (
    GoldenSetError,
    golden_set_load,
    golden_set_parse,
    golden_slugs,
)

STARTERS = {
    "resumer-un-document",
    "langage-clair",
    "traduire",
    "brouillon-de-reponse",
    "extraire-decisions",
    "questions-sur-une-collection",
}

SOURCES = sources_from(
    [
        (
            "p1",
            "Le conseil municipal a adopté la nouvelle grille des tarifs de la cantine.",
            "p. 1",
        ),
        ("p2", "La grille s'applique à partir du 1er septembre dans toutes les écoles.", "p. 2"),
    ]
)


def one(check: dict, output: str, **kwargs) -> dict:
    (result,) = checks_run([check], output=output, **kwargs)
    return result


def test_must_contain_passes_when_every_item_is_there_ignoring_case_and_accents():
    check = {"must_contain": ["Tarifs", ["1er septembre", "01/09"]]}
    assert one(check, "Les tarifs changent le 1er Septembre.")["passed"]
    assert one({"must_contain": ["école"]}, "Toutes les ECOLES et l'ecole")["passed"]


def test_must_contain_fails_and_names_what_is_missing():
    result = one({"must_contain": ["tarifs", ["1er septembre", "01/09"]]}, "Les tarifs changent.")
    assert not result["passed"]
    assert result["observed"]["missing"] == ["1er septembre / 01/09"]
    assert "1er septembre" in check_describe(result)


def test_must_contain_matches_whole_words_only():
    assert not one({"must_contain": ["tu"]}, "Le statut de la situation")["passed"]
    assert one({"must_not_contain": ["tu"]}, "Le statut de la situation")["passed"]


def test_must_not_contain_fails_on_a_forbidden_text():
    result = one({"must_not_contain": ["nonobstant", "susvisé"]}, "Nonobstant les travaux…")
    assert not result["passed"]
    assert result["observed"]["found"] == ["nonobstant"]


def test_length_bounds():
    assert one({"length": {"min_words": 3, "max_words": 5}}, "un deux trois quatre")["passed"]
    assert not one({"length": {"min_words": 3}}, "un deux")["passed"]
    assert not one({"length": {"max_words": 3}}, "un deux trois quatre")["passed"]


def test_readability_above_input_passes_for_a_plainer_text_and_fails_for_a_harder_one():
    hard = (
        "L'inscription aux activités périscolaires est subordonnée à la constitution préalable "
        "d'un dossier administratif comportant l'ensemble des pièces justificatives requises."
    )
    plain = "Pour inscrire votre enfant, donnez un dossier. Il faut des papiers. Faites-le vite."
    check = {"readability": {"above_input": True}}
    passed = one(check, plain, input_text=hard)
    assert passed["passed"]
    assert passed["observed"]["score"] > passed["observed"]["input_score"]
    assert not one(check, hard, input_text=plain)["passed"]


def test_readability_minimum():
    assert one({"readability": {"min": 60}}, "Le chat dort. Il fait beau. On va au parc.")["passed"]
    assert not one(
        {"readability": {"min": 60}},
        "Les modalités administratives d'instruction réglementaire conditionnent l'éligibilité.",
    )["passed"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("La mairie est ouverte du lundi au vendredi pour les démarches de l'état civil.", "fr"),
        ("The town hall is open from Monday to Friday for all of the civil status services.", "en"),
        ("Mairie Paris", "und"),
        ("1234 5678 90 11 12", "und"),
    ],
)
def test_language_guess(text, language):
    assert language_guess(text).language == language


def test_language_check_fails_on_an_english_answer_to_a_french_task():
    result = one({"language": "fr"}, "The works will start on Monday and last three weeks.")
    assert not result["passed"]
    assert result["observed"]["detected"] == "en"


def test_citations_pass_when_sentences_cite_given_sources_faithfully():
    output = "Le conseil a adopté une nouvelle grille des tarifs [1]. Elle s'applique en septembre dans les écoles [2]."
    result = one({"citations": True}, output, sources=SOURCES)
    assert result["passed"]
    assert result["observed"]["verified"] == 2


def test_citations_fail_on_a_source_that_was_not_given_or_a_misquote():
    invented = "Le conseil a adopté des tarifs [7]. La grille change tout [9]."
    result = one({"citations": True}, invented, sources=SOURCES)
    assert not result["passed"]
    assert result["observed"]["reasons"] == {"unknown_source": 2}
    misquote = "Le conseil a voté « la gratuité totale de la cantine » [1]."
    assert not one({"citations": True}, misquote, sources=SOURCES)["passed"]
    assert not one({"citations": True}, "Le conseil a adopté des tarifs.", sources=SOURCES)[
        "passed"
    ]


def test_citations_fail_when_too_many_sentences_are_dropped():
    output = (
        "Le conseil a adopté une grille des tarifs [1]. La piscine est fermée [5]. Il pleut [6]."
    )
    check = {"citations": {"min_sentences": 1, "max_dropped_share": 0.5}}
    assert not one(check, output, sources=SOURCES)["passed"]


@pytest.mark.parametrize(
    "text",
    [
        "Les documents ne précisent pas le montant du budget participatif.",
        "Le document ne contient pas cette information.",
        "Je ne sais pas : aucune information sur le tarif.",
        "The sources do not mention the price.",
    ],
)
def test_refusal_is_detected(text):
    assert refusal_detected(text)
    assert one({"refusal": True}, text)["passed"]


def test_an_invented_answer_is_not_a_refusal():
    result = one({"refusal": True}, "Le budget participatif est de 75 millions d'euros [1].")
    assert not result["passed"]
    with translation.override("en"):
        assert (
            check_describe(result)
            == "The answer does not say that the documents do not contain it."
        )


@pytest.mark.parametrize(
    ("check", "problem"),
    [
        ({"must_contain": []}, "non-empty"),
        ({"length": {"words": 3}}, "min_words"),
        ({"language": "de"}, "language"),
        ({"refusal": "yes"}, "true or false"),
        ({"shout": True}, "unknown check kind"),
        ({"language": "fr", "length": {"max_words": 3}}, "one key"),
    ],
)
def test_malformed_checks_are_refused_with_a_reason(check, problem):
    assert problem in check_validate(check)


def test_a_golden_file_with_a_bad_case_is_refused_whole_with_file_and_case():
    raw = """
assistant: langage-clair
cases:
  - key: ok
    input: Bonjour
    checks: [{language: fr}]
  - key: broken
    input: Bonjour
    checks: [{language: klingon}]
"""
    with pytest.raises(GoldenSetError, match=r"test\.yaml, case 'broken': language is one of"):
        golden_set_parse(raw, name="test.yaml")
    with pytest.raises(GoldenSetError, match="citations check needs a document"):
        golden_set_parse(
            "assistant: a\ncases:\n  - key: c\n    input: x\n    checks: [{citations: true}]",
            name="t",
        )
    with pytest.raises(GoldenSetError, match="used twice"):
        golden_set_parse(
            "assistant: a\ncases:\n"
            "  - {key: c, input: x, checks: [{language: fr}]}\n"
            "  - {key: c, input: y, checks: [{language: fr}]}",
            name="t",
        )


def test_the_shipped_golden_sets_cover_every_starter_with_four_to_eight_cases():
    assert set(golden_slugs()) >= STARTERS
    for slug in STARTERS:
        cases = golden_set_load(slug)
        assert 4 <= len(cases) <= 8, slug
        assert all(case.checks for case in cases)
    qa = golden_set_load("questions-sur-une-collection")
    assert any({"refusal": True} in case.checks for case in qa)
    assert any(any("citations" in c for c in case.checks) for case in qa)
