"""Follow-up surveys: anonymous answers, one per person and round, shown from the minimum group."""

import pytest
from django.db import connection
from django.urls import reverse

from accounts.roles import Role
from core.errors import Conflict, InvalidInput, NotAllowed
from dialogue import selectors, services
from dialogue.models import SurveyAnswer, SurveyParticipation
from tests.dialogue.factories import body_with, representative
from tests.factories import UserFactory
from tests.register.factories import published_system

pytestmark = pytest.mark.django_db

ANSWER = {"workload": 4, "meaning": 3, "training": 2, "incidents": 5}


@pytest.fixture
def round_():
    system = published_system(status="in_use")
    member = representative()
    body_with(member)
    survey = services.follow_up_survey_start(actor=member, record_ref=system.slug)
    return survey.rounds.get()


def _agent():
    return UserFactory(roles=[Role.AGENT])


def test_a_survey_is_only_for_a_system_in_use():
    system = published_system(status="pilot")
    member = representative()
    body_with(member)
    with pytest.raises(InvalidInput):
        services.follow_up_survey_start(actor=member, record_ref=system.slug)


def test_a_resident_cannot_start_or_answer(round_):
    resident = UserFactory(roles=[Role.RESIDENT])
    with pytest.raises(NotAllowed):
        services.follow_up_survey_start(actor=resident, record_ref=round_.survey.record_ref)
    with pytest.raises(NotAllowed):
        services.survey_answer_submit(user=resident, round=round_, **ANSWER)
    assert not SurveyAnswer.objects.exists()


def test_no_column_links_an_answer_to_its_author(round_):
    agent = _agent()
    services.survey_answer_submit(user=agent, round=round_, **ANSWER, comment="Trop d'écrans.")
    answer_columns = {f.column for f in SurveyAnswer._meta.concrete_fields}
    assert answer_columns == {
        "id",
        "round_id",
        "workload",
        "meaning",
        "training",
        "incidents",
        "comment",
    }
    participation_columns = {f.column for f in SurveyParticipation._meta.concrete_fields}
    assert participation_columns == {"id", "round_id", "user_id"}
    with connection.cursor() as cursor:
        table = SurveyAnswer._meta.db_table
        columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
    assert not [c for c in columns if "user" in c or "_at" in c]
    # The answer's key is random: no ordering matches it with the participation row.
    assert SurveyAnswer.objects.get().pk.version == 4


def test_a_second_answer_is_refused(round_, client):
    agent = _agent()
    services.survey_answer_submit(user=agent, round=round_, **ANSWER)
    with pytest.raises(Conflict):
        services.survey_answer_submit(user=agent, round=round_, **ANSWER)
    assert SurveyAnswer.objects.count() == 1
    client.force_login(agent)
    response = client.post(
        reverse("dialogue:survey_answer", kwargs={"pk": round_.pk}),
        {k: str(v) for k, v in ANSWER.items()},
    )
    assert response.status_code == 409
    assert SurveyAnswer.objects.count() == 1


def test_bad_answers_are_refused_with_the_input_kept(round_, client):
    agent = _agent()
    with pytest.raises(InvalidInput):
        services.survey_answer_submit(user=agent, round=round_, **{**ANSWER, "workload": 9})
    client.force_login(agent)
    response = client.post(
        reverse("dialogue:survey_answer", kwargs={"pk": round_.pk}),
        {"workload": "9", "meaning": "3", "comment": "gardé"},
    )
    assert response.status_code == 400
    assert "gardé" in response.content.decode()
    assert not SurveyAnswer.objects.exists() and not SurveyParticipation.objects.exists()


def test_aggregates_are_hidden_below_the_minimum_and_shown_at_it(round_, settings, client):
    settings.CONSULTATION_MIN_GROUP_SIZE = 3
    for _n in range(2):
        services.survey_answer_submit(user=_agent(), round=round_, **ANSWER)
    results = selectors.follow_up_results(record_ref=round_.survey.record_ref)
    assert results["rounds"][0]["answers"] == 2
    assert results["rounds"][0]["averages"] is None
    page = client.get(reverse("register:detail", kwargs={"slug": round_.survey.record_ref}))
    assert "follow-up-hidden" in page.content.decode()
    assert selectors.dialogue_indicators()["survey_by_period"] == []

    services.survey_answer_submit(user=_agent(), round=round_, **{**ANSWER, "workload": 1})
    results = selectors.follow_up_results(record_ref=round_.survey.record_ref)
    assert results["rounds"][0]["averages"] == {
        "workload": 3.0,
        "meaning": 3.0,
        "training": 2.0,
        "incidents": 5.0,
    }
    page = client.get(reverse("register:detail", kwargs={"slug": round_.survey.record_ref}))
    assert "follow-up-hidden" not in page.content.decode()
    indicator = selectors.dialogue_indicators()["survey_by_period"]
    assert [(p["period"], p["answers"], p["workload"]) for p in indicator] == [
        (round_.period, 3, 3.0)
    ]


def test_free_text_is_shown_to_members_only_from_the_minimum(round_, settings, client):
    settings.CONSULTATION_MIN_GROUP_SIZE = 2
    services.survey_answer_submit(
        user=_agent(), round=round_, **ANSWER, comment="Écran trop petit."
    )
    assert selectors.round_comments(round=round_) == []
    services.survey_answer_submit(user=_agent(), round=round_, **ANSWER)
    assert selectors.round_comments(round=round_) == ["Écran trop petit."]


def test_quarterly_rounds_open_once_per_quarter(round_):
    import datetime

    next_quarter = round_.opens_on + datetime.timedelta(days=95)
    assert services.survey_rounds_open_due(today=next_quarter) == 1
    assert services.survey_rounds_open_due(today=next_quarter) == 0
    assert round_.survey.rounds.count() == 2


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("resident", 403), ("agent", 200), ("member", 200)],
)
def test_the_survey_pages_matrix(round_, client, who, expected):
    users = {
        "resident": lambda: UserFactory(roles=[Role.RESIDENT]),
        "agent": _agent,
        "member": representative,
    }
    if who != "anonymous":
        client.force_login(users[who]())
    for url in (
        reverse("dialogue:surveys"),
        reverse("dialogue:survey_answer", kwargs={"pk": round_.pk}),
    ):
        assert client.get(url).status_code == expected
