import pytest

from accounts.roles import Role
from accounts.services import user_data_export, user_delete
from consultation import selectors, services
from consultation.models import Ballot, Comment
from consultation.search import site_search
from tests.consultation.factories import UseCaseFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_indicators_are_zero_on_an_empty_database():
    data = selectors.consultation_indicators()
    assert data["ballots"] == 0 and data["participants"] == 0
    assert data["commitments"] == {"total": 0, "kept": 0, "overdue": 0, "pending": 0}
    assert data["ballots_by_month"] == []


def test_indicators_count_distinct_participants():
    use_case = UseCaseFactory()
    voter, commenter = UserFactory(), UserFactory()
    services.ballot_cast(voter=voter, use_case=use_case, grade="good")
    services.comment_post(author=voter, use_case=use_case, body="both")
    services.comment_post(author=commenter, use_case=use_case, body="only comments")
    data = selectors.consultation_indicators()
    assert data["participants"] == 2
    assert data["ballots"] == 1 and data["comments"] == 2
    assert data["ballots_by_month"][0]["count"] == 1


def test_results_come_from_one_group_by(django_assert_num_queries):
    use_case = UseCaseFactory()
    for g in ["good", "good", "reject", "excellent"]:
        Ballot.objects.create(voter=UserFactory(), use_case=use_case, grade=g)
    with django_assert_num_queries(3):  # use cases + online grade counts + paper batch counts
        ranking = selectors.consultation_results(consultation=use_case.consultation)
    assert ranking[0]["median_grade"] == "good"  # lower middle of reject, good, good, excellent


def test_similar_use_cases_are_suggested():
    UseCaseFactory(title="Transcription des séances du conseil", summary="Sous-titrage automatique")
    UseCaseFactory(title="Piscines", summary="Affluence prévue")
    similar = selectors.use_case_similar(text="Sous-titrage automatique des séances")
    assert [u.title for u in similar] == ["Transcription des séances du conseil"]


def test_site_search_finds_use_cases():
    UseCaseFactory(title="Tri des signalements")
    hits = site_search(query="signalements", limit=5)
    assert hits and hits[0]["url"].startswith("/consultations/use-cases/")


def test_register_link_degrades_without_the_register_app():
    assert selectors.register_summary(slug="unknown") is None
    assert isinstance(selectors.register_choices(), list)


def test_gdpr_export_and_erasure_keep_contributions_and_ballots():
    person = UserFactory(display_name="Camille")
    use_case = UseCaseFactory()
    services.ballot_cast(voter=person, use_case=use_case, grade="good")
    comment = services.comment_post(author=person, use_case=use_case, body="My view")
    services.use_case_propose(
        proposer=UserFactory(roles=[Role.AGENT]), data={"title": "x", "summary": "y"}
    )
    export = user_data_export(user=person)["consultation"]
    assert export["ballots"][0]["grade"] == "good"
    assert export["comments"][0]["body"] == "My view"
    user_delete(user=person)
    assert Ballot.objects.filter(use_case=use_case).count() == 1
    comment = Comment.objects.select_related("author").get(pk=comment.pk)
    assert comment.body == "My view"
    assert comment.author.public_name in ("Deleted account", "Compte supprimé")
