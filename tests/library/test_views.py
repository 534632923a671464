"""The library's pages: facets, search, the card's sentence, pagination, bounded queries,
permissions (a matrix of role × action), reuse with provenance."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from consultation.models import ModerationState, UseCase, UseCaseProvenance
from library.federation import partner_library_import
from library.models import Lesson, LibraryCase
from library.services import library_own_cases_refresh
from tests.factories import UserFactory
from tests.library.factories import (
    agent,
    own_adopted_case,
    partner,
    partner_case,
    partner_export,
)

pytestmark = pytest.mark.django_db


def _seed_partners():
    lyon = partner("Lyon", "https://lyon.example/library/library.json")
    nantes = partner("Nantes", "https://nantes.example/library/library.json")
    partner_library_import(
        partner_id=lyon.pk,
        payload=partner_export(
            partner_case("courrier", "Tri automatique du courrier"),
            partner_case(
                "video",
                "Vidéoverbalisation",
                outcome="rejected",
                theme="mobility",
                register_record=None,
                commitments=[],
            ),
        ),
    )
    partner_library_import(
        partner_id=nantes.pk,
        payload=partner_export(
            partner_case("fuites", "Détection des fuites d'eau", theme="water_energy")
        ),
    )
    return lyon, nantes


def _titles(response):
    return [case.title for case in response.context["cases"]]


def test_a_card_reads_like_tested_in_lyon_adopted_median_good_two_of_three_kept(client):
    _seed_partners()
    page = client.get("/en/library/?city=Lyon&outcome=adopted")
    assert page.status_code == 200
    assert _titles(page) == ["Tri automatique du courrier"]
    assert "Tested in Lyon: adopted, median Good, 2 of 3 commitments kept" in page.text
    assert "From partner city Lyon" in page.text
    french = client.get("/library/?city=Lyon&outcome=adopted")
    assert "Testé à Lyon\u202f: adopté, médiane Bien, 2 engagements tenus sur 3" in french.text


def test_facets_filter_and_count_with_the_other_filters_applied(client):
    _seed_partners()
    own_adopted_case(title="Assistant des démarches")
    library_own_cases_refresh()
    page = client.get("/library/?theme=mobility")
    assert _titles(page) == ["Vidéoverbalisation"]
    everything = client.get("/library/")
    assert everything.context["page_obj"].paginator.count == 4
    facets = {name: items for name, _label, items in everything.context["facet_groups"]}
    cities = {item["key"]: item["count"] for item in facets["city"]}
    assert cities["Lyon"] == 2 and cities["Nantes"] == 1 and len(cities) == 3
    outcomes = {item["key"]: item["count"] for item in facets["outcome"]}
    assert outcomes["adopted"] == 3 and outcomes["rejected"] == 1
    risk = {item["key"]: item["count"] for item in facets["risk_level"]}
    assert risk["limited"] == 2 and risk["minimal"] == 1
    by_risk = client.get("/library/?risk_level=minimal")
    assert _titles(by_risk) == ["Assistant des démarches"]


def test_full_text_search_finds_words_of_the_dossier(client):
    _seed_partners()
    assert _titles(client.get("/library/?q=fuites")) == ["Détection des fuites d'eau"]
    # A word of the problem, not the title.
    assert _titles(client.get("/library/?q=Problème Vidéoverbalisation")) == ["Vidéoverbalisation"]
    assert _titles(client.get("/library/?q=introuvablissime")) == []


def test_unknown_filter_values_answer_400_with_a_readable_message(client):
    _seed_partners()
    page = client.get("/en/library/?outcome=nonsense&risk_level=extreme")
    assert page.status_code == 400
    assert "“nonsense” is not one of" in page.text
    assert "“extreme” is not one of" in page.text
    assert page.context["page_obj"].paginator.count == 3  # the filters are ignored, not fatal


def test_withdrawn_cases_leave_the_list_and_their_page(client):
    lyon, _nantes = _seed_partners()
    case = LibraryCase.objects.get(source_id="video")
    partner_library_import(
        partner_id=lyon.pk, payload=partner_export(partner_case("courrier", "Tri"))
    )
    assert "Vidéoverbalisation" not in _titles(client.get("/library/"))
    assert client.get(case.get_absolute_url()).status_code == 404


def test_the_list_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    lyon = partner("Lyon", "https://lyon.example/library/library.json")
    partner_library_import(
        partner_id=lyon.pk,
        payload=partner_export(*[partner_case(f"c{i}", f"Cas {i}") for i in range(45)]),
    )
    with django_assert_max_num_queries(12):
        page = client.get("/library/?page=2")
    assert page.status_code == 200 and len(page.context["cases"]) == 20


def test_own_cases_show_vote_decision_commitments_and_register_record(client):
    use_case = own_adopted_case(title="Tri du courrier")
    library_own_cases_refresh()
    case = LibraryCase.objects.get(use_case_id=use_case.pk)
    assert (case.median_grade, case.rank, case.ballots) == ("good", 1, 5)
    assert (case.outcome, case.commitments_total, case.commitments_kept) == ("adopted", 2, 1)
    assert (case.risk_level, case.theme, case.register_status) == (
        "minimal",
        "administration",
        "in_use",
    )
    page = client.get(f"/en/library/{case.pk}/")
    assert "Median grade: Good (5 ballots)" in page.text
    assert "Adjointe au numérique" in page.text
    assert reverse("consultation:use-case", kwargs={"pk": use_case.pk}) in page.text


def test_a_commitment_kept_reaches_the_library_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    use_case = own_adopted_case(title="Tri du courrier")
    library_own_cases_refresh()
    commitment = use_case.official_answer.commitments.get(status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        commitment.status = "kept"
        commitment.save(update_fields=["status"])
    assert LibraryCase.objects.get(use_case_id=use_case.pk).commitments_kept == 2
    with django_capture_on_commit_callbacks(execute=True):
        UseCase.objects.filter(pk=use_case.pk).update(moderation_state="rejected")
        use_case.refresh_from_db()
        use_case.save(update_fields=["moderation_state"])
    assert not LibraryCase.objects.filter(use_case_id=use_case.pk).exists()


# --- Permissions: role × action ----------------------------------------------------------


LESSON = {"what_worked": "Gain de temps.", "costs": "1 k€", "energy": "", "incidents": ""}


@pytest.mark.parametrize(
    ("who", "lesson_status", "reuse_status"),
    [
        ("visitor", 302, 302),  # sent to the login page
        ("resident", 403, 403),
        ("elected", 403, 403),
        ("agent", 302, 302),  # done, redirected
    ],
)
def test_permission_matrix_for_lessons_and_reuse(client, who, lesson_status, reuse_status):
    own = own_adopted_case(title="Tri du courrier")
    library_own_cases_refresh()
    case = LibraryCase.objects.get(use_case_id=own.pk)
    roles = {"resident": [Role.RESIDENT], "elected": [Role.ELECTED], "agent": [Role.AGENT]}
    if who != "visitor":
        client.force_login(UserFactory(roles=roles[who]))
    lesson = client.post(f"/library/{case.pk}/lessons/", LESSON)
    assert lesson.status_code == lesson_status
    assert Lesson.objects.filter(case=case).count() == (1 if who == "agent" else 0)
    if who == "visitor":
        assert "/accounts/login/" in lesson["Location"]
    before = UseCase.objects.count()
    reuse = client.post(f"/library/{case.pk}/reuse/")
    assert reuse.status_code == reuse_status
    assert UseCase.objects.count() == before + (1 if who == "agent" else 0)


def test_lessons_on_a_partner_case_are_refused_even_to_agents(client):
    _seed_partners()
    case = LibraryCase.objects.get(source_id="fuites")
    client.force_login(agent())
    page = client.get(f"/library/{case.pk}/")
    assert f'action="/library/{case.pk}/lessons/"' not in page.text
    refused = client.post(f"/en/library/{case.pk}/lessons/", LESSON)
    assert refused.status_code == 403
    assert "written by that city" in refused.text
    assert case.lessons.count() == 1  # the partner's own lesson only


def test_an_empty_lesson_is_refused_and_what_was_typed_is_kept(client):
    own = own_adopted_case()
    library_own_cases_refresh()
    case = LibraryCase.objects.get(use_case_id=own.pk)
    client.force_login(agent())
    page = client.post(f"/en/library/{case.pk}/lessons/", {**LESSON, "what_worked": ""})
    assert page.status_code == 400
    assert "There is a problem" in page.text and "1 k€" in page.text
    assert not case.lessons.exists()


def test_reuse_of_a_partner_case_creates_a_draft_whose_provenance_survives(client):
    _seed_partners()
    case = LibraryCase.objects.get(source_id="fuites")
    me = agent()
    client.force_login(me)
    answer = client.post(f"/library/{case.pk}/reuse/")
    draft = UseCase.objects.get(proposer=me)
    assert answer["Location"] == draft.get_absolute_url()
    assert draft.moderation_state == ModerationState.PENDING and draft.consultation is None
    assert draft.title == "Détection des fuites d'eau"
    assert draft.problem == "Problème de Détection des fuites d'eau"
    provenance = draft.provenance
    assert (provenance.source_city, provenance.source_url) == (
        "Nantes",
        "https://partner.example/library/fuites/",
    )
    page = client.get(draft.get_absolute_url())
    assert "Nantes" in page.text and "https://partner.example/library/fuites/" in page.text
    # Kept for good: the partner withdraws and then leaves, the provenance stays.
    case.partner.delete()
    assert not LibraryCase.objects.filter(pk=case.pk).exists()
    assert UseCaseProvenance.objects.get(use_case=draft).source_city == "Nantes"
    assert "https://partner.example/library/fuites/" in client.get(draft.get_absolute_url()).text


def test_the_similar_case_hint_also_shows_partner_cases(client):
    _seed_partners()
    client.force_login(agent())
    page = client.post(
        "/en/consultations/use-cases/propose/",
        {
            "title": "Détection automatique des fuites d'eau",
            "summary": "Repérer les fuites d'eau du réseau",
            "problem": "Les fuites d'eau coûtent cher",
            "proposed_ai": "x",
            "data_used": "x",
            "people_affected": "x",
            "expected_benefits": "x",
            "risks": "x",
            "alternatives": "x",
        },
    )
    assert page.status_code == 200
    assert "Tested by partner cities" in page.text
    assert "Détection des fuites d&#x27;eau" in page.text
    assert "Tested in Nantes: adopted" in page.text
    assert not UseCase.objects.exists()  # shown first: the person decides
