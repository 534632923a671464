"""Staff consultations: who reads them (404 for everyone else, on pages, API and exports),
who votes and comments, pseudonymous debate, and results by department from the minimum group
size."""

import pytest
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from accounts.roles import Role
from consultation import selectors, services
from consultation.models import Audience, Ballot, Comment, staff_pseudonym
from core.errors import InvalidInput, NotAllowed
from tests.consultation.factories import ConsultationFactory, UseCaseFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DSIN = "Direction des systèmes d'information et du numérique"
CULTURE = "Direction des affaires culturelles"


@pytest.fixture
def people():
    return {
        "anonymous": None,
        "resident": UserFactory(roles=[Role.RESIDENT]),
        "agent_dsin": UserFactory(roles=[Role.AGENT], department=DSIN),
        # Departments are typed by people: case and spaces do not make another department.
        "agent_dsin_typed": UserFactory(roles=[Role.AGENT], department=f"  {DSIN.upper()} "),
        "agent_culture": UserFactory(roles=[Role.AGENT], department=CULTURE),
        "moderator": UserFactory(roles=[Role.MODERATOR]),
        "elected": UserFactory(roles=[Role.ELECTED]),
    }


@pytest.fixture
def consultations():
    return {
        "public": ConsultationFactory(slug="public-one"),
        "staff": ConsultationFactory(slug="all-staff", audience=Audience.STAFF),
        "departments": ConsultationFactory(
            slug="dsin-only", audience=Audience.DEPARTMENTS, audience_departments=[DSIN]
        ),
        "transparent": ConsultationFactory(
            slug="staff-in-the-open", audience=Audience.STAFF, transparent=True
        ),
    }


# Who reads what: True = 200, False = 404.
READS = {
    "public": dict.fromkeys(
        [
            "anonymous",
            "resident",
            "agent_dsin",
            "agent_dsin_typed",
            "agent_culture",
            "moderator",
            "elected",
        ],
        True,
    ),
    "staff": {
        "anonymous": False,
        "resident": False,
        "agent_dsin": True,
        "agent_dsin_typed": True,
        "agent_culture": True,
        "moderator": True,
        "elected": True,
    },
    "departments": {
        "anonymous": False,
        "resident": False,
        "agent_dsin": True,
        "agent_dsin_typed": True,
        "agent_culture": False,
        "moderator": True,
        "elected": True,
    },
    "transparent": dict.fromkeys(
        [
            "anonymous",
            "resident",
            "agent_dsin",
            "agent_dsin_typed",
            "agent_culture",
            "moderator",
            "elected",
        ],
        True,
    ),
}


def _clients(user):
    page, api = Client(), APIClient()
    if user is not None:
        page.force_login(user)
        api.force_authenticate(user)
    return page, api


@pytest.mark.parametrize("kind", list(READS))
def test_a_consultation_outside_ones_audience_is_a_404_on_pages_api_and_exports(
    people, consultations, kind
):
    consultation = consultations[kind]
    use_case = UseCaseFactory(consultation=consultation)
    comment = Comment.objects.create(
        use_case=use_case, author=people["agent_dsin"], body="Avis", body_html="<p>Avis</p>"
    )
    slug = consultation.slug
    for who, expected in READS[kind].items():
        page, api = _clients(people[who])
        urls = [
            f"/consultations/{slug}/",
            f"/consultations/{slug}/results/",
            f"/consultations/{slug}/phases.ics",
            f"/consultations/{slug}/open-data/results.json",
            f"/consultations/{slug}/open-data/ballots.csv",
            f"/consultations/use-cases/{use_case.pk}/",
        ]
        for url in urls:
            status = page.get(url).status_code
            assert (status == 200) is expected, (who, url, status)
        # The permalink redirects to the debate, for those who may read it.
        status = page.get(f"/consultations/comments/{comment.pk}/").status_code
        assert status == (302 if expected else 404), (who, "permalink", status)
        for url in [f"/api/consultations/{slug}/", f"/api/consultations/{slug}/results/"]:
            status = api.get(url).status_code
            assert (status == 200) is expected, (who, url, status)
        listed = [c["slug"] for c in api.get("/api/consultations/").json()["results"]]
        assert (slug in listed) is expected, (who, "API list")
        index = page.get("/consultations/").content.decode()
        assert (f"/consultations/{slug}/" in index) is expected, (who, "index")
        use_cases = page.get("/consultations/use-cases/").content.decode()
        assert (use_case.get_absolute_url() in use_cases) is expected, (who, "use case list")


def test_only_the_audience_votes_and_comments_in_a_transparent_staff_consultation(
    people, consultations
):
    use_case = UseCaseFactory(consultation=consultations["transparent"])
    for who in ["resident", "moderator", "elected"]:
        with pytest.raises(NotAllowed) as refused:
            services.ballot_cast(voter=people[who], use_case=use_case, grade="good")
        assert refused.value.code == "not_in_audience"
        with pytest.raises(NotAllowed):
            services.comment_post(author=people[who], use_case=use_case, body="Mon avis")
    services.ballot_cast(voter=people["agent_culture"], use_case=use_case, grade="good")
    services.comment_post(author=people["agent_culture"], use_case=use_case, body="Mon avis")

    # The API says why, in words a person reads.
    _page, api = _clients(people["resident"])
    response = api.put(f"/api/use-cases/{use_case.pk}/ballot/", {"grade": "good"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_in_audience"
    assert "seuls les agents votent" in response.json()["error"]["message"]
    # The page offers the resident no ballot, and says who is asked.
    page, _api = _clients(people["resident"])
    html = page.get(use_case.get_absolute_url()).content.decode()
    assert "Consultation des agents" in html
    assert 'name="grade"' not in html


def test_a_departments_consultation_asks_those_departments_only(people, consultations):
    use_case = UseCaseFactory(consultation=consultations["departments"])
    with pytest.raises(NotAllowed):
        services.ballot_cast(voter=people["agent_culture"], use_case=use_case, grade="good")
    services.ballot_cast(voter=people["agent_dsin_typed"], use_case=use_case, grade="excellent")
    assert Ballot.objects.filter(use_case=use_case).count() == 1


def test_staff_comments_show_a_pseudonym_to_everyone_even_administrators(people, consultations):
    author = people["agent_dsin"]
    staff_case = UseCaseFactory(consultation=consultations["transparent"])
    public_case = UseCaseFactory(consultation=consultations["public"])
    services.comment_post(author=author, use_case=staff_case, body="Avis interne")
    services.comment_post(author=author, use_case=public_case, body="Avis public")
    pseudonym = staff_pseudonym(user_id=author.pk, consultation_id=staff_case.consultation_id)
    assert pseudonym.startswith("Agent ") and len(pseudonym) == len("Agent ") + 6
    admin = UserFactory(is_superuser=True, is_staff=True)
    for viewer in [None, people["moderator"], admin]:
        page, _api = _clients(viewer)
        html = page.get(staff_case.get_absolute_url()).content.decode()
        assert "Avis interne" in html
        assert pseudonym in html
        assert author.display_name not in html
        assert author.display_name in page.get(public_case.get_absolute_url()).content.decode()
    # The moderation queue, the one place a moderator looks at a comment, keeps the pseudonym.
    comment = Comment.objects.get(use_case=staff_case)
    page, _api = _clients(people["moderator"])
    html = page.get(f"/consultations/moderation/comments/{comment.pk}/").content.decode()
    assert pseudonym in html
    assert author.display_name not in html
    # Another consultation gives the same person another pseudonym: no linking across them.
    other = staff_pseudonym(user_id=author.pk, consultation_id=consultations["staff"].pk)
    assert other != pseudonym


def _agents(department: str, count: int) -> list:
    return [UserFactory(roles=[Role.AGENT], department=department) for _ in range(count)]


def test_results_by_department_show_groups_from_the_minimum_size_only(settings, consultations):
    settings.CONSULTATION_MIN_GROUP_SIZE = 3
    consultation = consultations["staff"]
    first, second = (
        UseCaseFactory(consultation=consultation, title="A"),
        UseCaseFactory(consultation=consultation, title="B"),
    )
    voters = {
        DSIN: _agents(DSIN, 4),
        "Direction des solidarités": _agents("Direction des solidarités", 3),
        CULTURE: _agents(CULTURE, 1),
    }
    for agent in voters[DSIN]:
        services.ballot_cast(voter=agent, use_case=first, grade="excellent")
        services.ballot_cast(voter=agent, use_case=second, grade="reject")
    for agent in [*voters["Direction des solidarités"], *voters[CULTURE]]:
        services.ballot_cast(voter=agent, use_case=first, grade="passable")

    with translation.override("en"):
        result = selectors.consultation_results_by_department(consultation=consultation)

    # Culture (1 voter) is too small alone, and so would be a pool of it alone (1 < 3): the
    # smallest shown department joins the pool, which then has 4 voters.
    assert [(g["name"], g["voters"]) for g in result["groups"]] == [
        (DSIN, 4),
        ("Other departments", 4),
    ]
    assert sum(g["voters"] for g in result["groups"]) + result["withheld"] == 8
    dsin, other = result["groups"]
    assert [m["median_grade"] for m in dsin["medians"]] == ["excellent", "reject"]
    assert [m["median_grade"] for m in other["medians"]] == ["passable", None]
    assert "Direction des solidarités" not in str(result["groups"])

    html = Client().get(f"/consultations/{consultation.slug}/results/")
    assert html.status_code == 404  # a staff consultation, not transparent
    page, _api = _clients(voters[DSIN][0])
    html = page.get(f"/consultations/{consultation.slug}/results/").content.decode()
    assert "Résultats par direction" in html
    assert "Direction des solidarités" not in html


def test_results_by_department_withhold_everything_below_the_minimum(settings, consultations):
    settings.CONSULTATION_MIN_GROUP_SIZE = 5
    use_case = UseCaseFactory(consultation=consultations["staff"])
    for agent in _agents(DSIN, 2) + _agents(CULTURE, 2):
        services.ballot_cast(voter=agent, use_case=use_case, grade="good")
    result = selectors.consultation_results_by_department(consultation=consultations["staff"])
    assert result["groups"] == []
    assert result["withheld"] == 4


def test_the_audience_cannot_change_once_ballots_are_cast(people, consultations):
    consultation = consultations["departments"]
    use_case = UseCaseFactory(consultation=consultation)
    services.ballot_cast(voter=people["agent_dsin"], use_case=use_case, grade="good")
    consultation.audience = Audience.PUBLIC
    with pytest.raises(InvalidInput) as refused:
        services.consultation_save(editor=people["agent_dsin"], consultation=consultation)
    assert refused.value.code == "audience_locked"


def test_the_consultation_form_asks_for_departments_and_keeps_what_was_typed(people):
    page, _api = _clients(people["agent_dsin"])
    data = {
        "title": "Outils des agents",
        "slug": "outils-des-agents",
        "summary": "Votre avis",
        "information_starts_at": "2026-12-01T09:00",
        "voting_starts_at": "2026-12-10T09:00",
        "voting_ends_at": "2026-12-20T09:00",
        "answer_due_at": "2027-01-20T09:00",
        "results_visibility": "after_close",
        "audience": Audience.DEPARTMENTS,
        "departments": "",
    }
    response = page.post("/consultations/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Indiquez au moins une direction" in html
    assert 'value="Outils des agents"' in html

    response = page.post("/consultations/new/", {**data, "departments": f"{DSIN}\n\n {DSIN} "})
    assert response.status_code == 302
    consultation = selectors.Consultation.objects.get(slug="outils-des-agents")
    assert consultation.audience_departments == [DSIN]
