"""Every branch of the AI Act decision (DESIGN §6), as a pure function."""

from register.models import RiskLevel
from register.questionnaire import risk_level_assess

BASE = {
    "is_ai_system": "yes",
    "role": "deployer",
    "prohibited_practice": "no",
    "annex_i_safety_component": "no",
    "annex_iii_area": "",
    "profiling": "no",
    "interacts_with_people": "no",
    "generates_content": "no",
    "publishes_text": "no",
}


def assess(**answers):
    return risk_level_assess(answers={**BASE, **answers})


def test_not_an_ai_system_is_out_of_scope_and_minimal():
    result = assess(is_ai_system="no", prohibited_practice="yes")
    assert result.level == RiskLevel.MINIMAL
    assert result.in_scope is False


def test_art5_practice_is_prohibited_before_anything_else():
    result = assess(prohibited_practice="yes", annex_iii_area="1")
    assert result.level == RiskLevel.PROHIBITED
    assert any("art. 5" in str(r) for r in result.reasons)


def test_annex_i_safety_component_is_high():
    result = assess(annex_i_safety_component="yes")
    assert result.level == RiskLevel.HIGH
    assert result.annex_iii_point == ""
    assert result.obligations


def test_annex_iii_area_without_exception_is_high_with_the_point():
    result = assess(annex_iii_area="5")
    assert result.level == RiskLevel.HIGH
    assert result.annex_iii_point == "5"
    assert any("27" in str(o) for o in result.obligations)


def test_art_6_3_exception_lowers_an_annex_iii_use():
    result = assess(annex_iii_area="3", exception_narrow_procedural=True)
    assert result.level == RiskLevel.MINIMAL
    assert any("6(3)" in str(r) for r in result.reasons)


def test_art_6_3_exception_then_transparency_gives_limited():
    result = assess(annex_iii_area="4", exception_preparatory=True, interacts_with_people="yes")
    assert result.level == RiskLevel.LIMITED


def test_profiling_in_an_annex_iii_area_is_always_high_even_with_an_exception():
    result = assess(annex_iii_area="5", profiling="yes", exception_detects_patterns=True)
    assert result.level == RiskLevel.HIGH
    assert result.annex_iii_point == "5"


def test_each_transparency_trigger_gives_limited():
    for key in ("interacts_with_people", "generates_content", "publishes_text"):
        assert assess(**{key: "yes"}).level == RiskLevel.LIMITED, key


def test_nothing_applies_gives_minimal():
    result = assess()
    assert result.level == RiskLevel.MINIMAL
    assert result.in_scope is True


def test_boolean_answers_are_accepted_as_well_as_strings():
    assert (
        risk_level_assess(answers={"is_ai_system": True, "prohibited_practice": True}).level
        == RiskLevel.PROHIBITED
    )


def test_unknown_annex_area_is_ignored():
    assert assess(annex_iii_area="99").level == RiskLevel.MINIMAL


def test_result_serialises_to_plain_strings():
    data = assess(annex_iii_area="2").as_dict()
    assert data["level"] == "high"
    assert all(isinstance(r, str) for r in data["reasons"])
