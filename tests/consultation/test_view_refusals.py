"""The one POST → form → service → refusal sequence of the views (`views._common`): a refused
form comes back with the reason, the values kept and the service's status; visitors are
sent to log in; one-click actions go back with a message."""

from datetime import date
from urllib.parse import quote

import pytest
from django.test import Client

from accounts.roles import Role
from consultation import services
from consultation.models import Ballot, Comment, Commitment, Phase, Report, UseCase
from tests.consultation.factories import DOSSIER, UseCaseFactory, consultation_in, use_case_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def logged_in(user=None, **kw):
    client = Client()
    client.force_login(user or UserFactory(**kw))
    return client


def test_a_refused_proposal_shows_the_reason_on_the_same_form_with_values_kept():
    consultation = consultation_in(Phase.ANALYSIS, accepts_proposals=True)
    response = logged_in().post(
        f"/en/consultations/{consultation.slug}/propose/", {**DOSSIER, "confirm_new": "on"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "This consultation no longer accepts proposals." in html
    assert f'value="{DOSSIER["title"]}"' in html
    assert not UseCase.objects.exists()


def test_a_refused_report_keeps_what_was_written():
    author = UserFactory()
    comment = services.comment_post(author=author, use_case=UseCaseFactory(), body="Mine")
    response = logged_in(author).post(
        f"/en/consultations/comments/{comment.pk}/report/",
        {"reason": "insult", "details": "My own words"},
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot report your own comment." in html
    assert "My own words</textarea>" in html
    assert not Report.objects.exists()


def test_a_refusal_tied_to_a_field_is_shown_on_that_field():
    use_case = UseCaseFactory()
    response = logged_in().post(
        f"/en/consultations/use-cases/{use_case.pk}/comments/", {"body": "x", "alignment": "for"}
    )
    assert response.status_code == 422
    assert response.context["comment_form"].errors["body"] == ["Write your comment."]
    assert not Comment.objects.exists()


def test_a_ballot_after_the_close_answers_409_and_says_why():
    use_case = use_case_in(Phase.ANALYSIS)
    response = logged_in().post(
        f"/en/consultations/use-cases/{use_case.pk}/ballot/", {"grade": "good"}
    )
    assert response.status_code == 409
    # The ballot form is no longer on the page: the reason is shown as a message.
    assert "Voting closed on" in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_ballot_is_recorded_and_confirmed():
    use_case = UseCaseFactory()
    client = logged_in()
    response = client.post(
        f"/en/consultations/use-cases/{use_case.pk}/ballot/", {"grade": "good"}, follow=True
    )
    assert response.redirect_chain[-1][0].endswith("#vote")
    assert "Your grade “Good” is recorded." in response.content.decode()
    assert Ballot.objects.get().grade == "good"


def test_visitors_are_sent_to_log_in_and_back_to_the_use_case():
    use_case = UseCaseFactory()
    url = f"/consultations/use-cases/{use_case.pk}/"
    ballot = Client().post(f"/consultations/use-cases/{use_case.pk}/ballot/", {"grade": "good"})
    assert ballot.status_code == 302
    assert ballot["Location"].endswith("?next=" + quote(url + "#vote", safe="/"))
    comment = Client().post(
        f"/consultations/use-cases/{use_case.pk}/comments/", {"body": "Hi", "alignment": "for"}
    )
    assert comment.status_code == 302
    assert comment["Location"].endswith("?next=" + quote(url, safe="/"))
    assert not Ballot.objects.exists() and not Comment.objects.exists()


def test_a_refused_one_click_action_goes_back_with_the_reason():
    author = UserFactory()
    comment = services.comment_post(author=author, use_case=UseCaseFactory(), body="Mine")
    response = logged_in(author).post(
        f"/en/consultations/comments/{comment.pk}/vote/", {"value": "1"}, follow=True
    )
    expected = f"/en/consultations/use-cases/{comment.use_case_id}/#comment-{comment.pk}"
    # Back through the comment's permalink to the debate page that shows it.
    assert [url for url, _ in response.redirect_chain] == [
        f"/en/consultations/comments/{comment.pk}/",
        expected,
    ]
    assert "You cannot vote on your own comment." in response.content.decode()
    comment.refresh_from_db()
    assert comment.score == 0


@pytest.mark.parametrize("role,status", [(Role.RESIDENT, "pending"), (Role.ELECTED, "kept")])
def test_commitment_status_is_changed_by_officials_only(role, status):
    answer = services.answer_publish(
        author=UserFactory(roles=[Role.ELECTED]),
        use_case=use_case_in(Phase.ANALYSIS),
        decision="pilot",
        justification="Why",
        author_title="Deputy mayor",
    )
    commitment = Commitment.objects.create(answer=answer, text="Review", deadline=date(2027, 1, 1))
    response = logged_in(roles=[role]).post(
        f"/consultations/commitments/{commitment.pk}/status/", {"status": "kept"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#answer")
    commitment.refresh_from_db()
    assert commitment.status == status


@pytest.mark.parametrize(
    "phase,accepts,shown",
    [
        (Phase.INFORMATION, True, True),
        (Phase.VOTING, True, True),
        (Phase.ANALYSIS, True, False),
        (Phase.VOTING, False, False),
    ],
)
def test_the_proposal_button_follows_the_policy(phase, accepts, shown):
    consultation = consultation_in(phase, accepts_proposals=accepts)
    response = logged_in().get(f"/en/consultations/{consultation.slug}/")
    assert response.status_code == 200
    assert ("Propose a use case" in response.content.decode()) is shown
    assert response.context["can_propose"] is shown


def test_only_moderators_reach_the_moderation_pages():
    use_case = UseCaseFactory()
    comment = services.comment_post(author=UserFactory(), use_case=use_case, body="Text")
    url = f"/consultations/moderation/comments/{comment.pk}/"
    assert Client().get(url).status_code == 302
    assert logged_in().get(url).status_code == 403
    assert logged_in(roles=[Role.MODERATOR]).get(url).status_code == 200


def test_a_moderation_refusal_comes_back_on_the_form():
    moderator = UserFactory(roles=[Role.MODERATOR])
    comment = services.comment_post(author=moderator, use_case=UseCaseFactory(), body="Mine")
    response = logged_in(moderator).post(
        f"/en/consultations/moderation/comments/{comment.pk}/",
        {"action": "hide", "reason": "Self-moderation"},
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Moderators do not moderate their own comments." in html
    assert 'value="Self-moderation"' in html
    comment.refresh_from_db()
    assert not comment.is_hidden


TRAP = {"website": "http://spam.example"}


def _flashed(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def _trap_cases():
    resident, agent = UserFactory(roles=[Role.RESIDENT]), UserFactory(roles=[Role.AGENT])
    consultation = consultation_in(Phase.INFORMATION, accepts_proposals=True)
    use_case = UseCaseFactory(risks="Erreurs")
    comment = services.comment_post(author=agent, use_case=use_case, body="Un avis")
    edit = {**DOSSIER, "title": use_case.title, "summary": use_case.summary, "risks": "Autres"}
    return [
        # (who, url, data, the state a bot must not change and a person does)
        (
            resident,
            f"/consultations/use-cases/{use_case.pk}/comments/",
            {"body": "Un vrai avis", "alignment": "for"},
            lambda: Comment.objects.filter(author=resident).count(),
        ),
        (
            resident,
            f"/consultations/comments/{comment.pk}/report/",
            {"reason": "spam"},
            lambda: Report.objects.count(),
        ),
        (
            resident,
            f"/consultations/{consultation.slug}/propose/",
            DOSSIER,
            lambda: UseCase.objects.filter(title=DOSSIER["title"]).count(),
        ),
        (
            agent,
            f"/consultations/use-cases/{use_case.pk}/edit/",
            edit,
            lambda: UseCase.objects.get(pk=use_case.pk).risks,
        ),
    ]


def test_a_filled_honeypot_gets_the_real_success_and_saves_nothing():
    for who, url, data, state in _trap_cases():
        before = state()
        bot = logged_in(who).post(url, {**data, **TRAP})
        assert bot.status_code == 302, url
        assert state() == before, url
        real = logged_in(who).post(url, data)
        assert real.status_code == 302, url
        assert state() != before, url
        assert _flashed(bot) == _flashed(real) != [], url
