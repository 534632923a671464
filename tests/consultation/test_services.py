import pytest
from django.db import IntegrityError

from accounts.roles import Role
from consultation import services
from consultation.errors import PhaseClosed
from consultation.models import (
    Appeal,
    AppealStatus,
    Ballot,
    Comment,
    ModerationState,
    Notification,
    NotificationPreference,
    Phase,
    UseCaseStatus,
)
from core.errors import InvalidInput, NotAllowed, NotAuthenticated
from tests.consultation.factories import (
    ConsultationFactory,
    UseCaseFactory,
    closed_consultation,
    upcoming_consultation,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_ballot_is_cast_then_changed_and_stays_one_row():
    voter = UserFactory()
    use_case = UseCaseFactory()
    services.ballot_cast(voter=voter, use_case=use_case, grade="good")
    services.ballot_cast(voter=voter, use_case=use_case, grade="reject")
    assert list(Ballot.objects.values_list("grade", flat=True)) == ["reject"]


def test_database_refuses_a_second_ballot_for_the_same_person():
    voter = UserFactory()
    use_case = UseCaseFactory()
    Ballot.objects.create(voter=voter, use_case=use_case, grade="good")
    with pytest.raises(IntegrityError):
        Ballot.objects.create(voter=voter, use_case=use_case, grade="reject")


def test_ballot_after_close_is_refused_clearly():
    use_case = UseCaseFactory(consultation=closed_consultation())
    with pytest.raises(PhaseClosed) as exc:
        services.ballot_cast(voter=UserFactory(), use_case=use_case, grade="good")
    assert exc.value.code == "voting_closed"
    assert exc.value.status == 409


def test_ballot_before_opening_is_refused():
    use_case = UseCaseFactory(consultation=upcoming_consultation())
    with pytest.raises(PhaseClosed):
        services.ballot_cast(voter=UserFactory(), use_case=use_case, grade="good")


def test_ballot_needs_a_verified_email_and_a_known_grade():
    use_case = UseCaseFactory()
    with pytest.raises(NotAllowed):
        services.ballot_cast(voter=UserFactory(verified=False), use_case=use_case, grade="good")
    with pytest.raises(InvalidInput):
        services.ballot_cast(voter=UserFactory(), use_case=use_case, grade="great")


def test_phase_follows_the_dates_and_the_beat_moves_the_stored_phase():
    consultation = upcoming_consultation()
    assert consultation.current_phase == Phase.UPCOMING
    consultation.information_starts_at = consultation.information_starts_at.replace(year=2000)
    consultation.save()
    moves = services.consultation_phases_advance()
    assert moves == [(consultation.slug, Phase.UPCOMING, Phase.INFORMATION)]
    assert services.consultation_phases_advance() == []


def test_comments_are_closed_after_voting():
    use_case = UseCaseFactory(consultation=closed_consultation())
    with pytest.raises(PhaseClosed):
        services.comment_post(author=UserFactory(), use_case=use_case, body="Too late")


def test_threads_stop_at_depth_three():
    use_case = UseCaseFactory()
    a = services.comment_post(author=UserFactory(), use_case=use_case, body="one")
    b = services.comment_post(author=UserFactory(), use_case=use_case, body="two", parent=a)
    c = services.comment_post(author=UserFactory(), use_case=use_case, body="three", parent=b)
    assert (a.depth, b.depth, c.depth) == (1, 2, 3)
    assert c.root_id == a.pk
    with pytest.raises(InvalidInput):
        services.comment_post(author=UserFactory(), use_case=use_case, body="four", parent=c)


def test_xss_in_comment_is_inert():
    use_case = UseCaseFactory()
    comment = services.comment_post(
        author=UserFactory(),
        use_case=use_case,
        body="<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) **ok**",
    )
    assert "<script" not in comment.body_html
    assert "onerror" not in comment.body_html
    assert "javascript:" not in comment.body_html
    assert "<strong>ok</strong>" in comment.body_html


def test_comment_edit_keeps_history():
    author = UserFactory()
    comment = services.comment_post(author=author, use_case=UseCaseFactory(), body="first")
    services.comment_edit(author=author, comment=comment, body="second", alignment="for")
    assert comment.revisions.get().body == "first"
    with pytest.raises(NotAllowed):
        services.comment_edit(author=UserFactory(), comment=comment, body="x y", alignment="for")


def test_votes_toggle_and_count():
    comment = services.comment_post(author=UserFactory(), use_case=UseCaseFactory(), body="hello")
    voter = UserFactory()
    assert services.comment_vote(voter=voter, comment=comment, value=1) == 1
    assert services.comment_vote(voter=voter, comment=comment, value=-1) == -1
    assert services.comment_vote(voter=voter, comment=comment, value=-1) == 0


def test_reports_past_the_threshold_hide_pending_review(settings):
    settings.CONSULTATION_AUTO_HIDE_REPORTS = 2
    comment = services.comment_post(author=UserFactory(), use_case=UseCaseFactory(), body="rude")
    services.comment_report(reporter=UserFactory(), comment=comment, reason="insult")
    comment.refresh_from_db()
    assert not comment.pending_review
    services.comment_report(reporter=UserFactory(), comment=comment, reason="insult")
    comment.refresh_from_db()
    assert comment.pending_review


def test_moderation_and_appeal_lifecycle(django_capture_on_commit_callbacks, mailoutbox):
    author = UserFactory()
    moderator = UserFactory(roles=[Role.MODERATOR])
    reviewer = UserFactory(roles=[Role.MODERATOR])
    comment = services.comment_post(author=author, use_case=UseCaseFactory(), body="rude words")
    services.comment_report(reporter=UserFactory(), comment=comment, reason="insult")
    with pytest.raises(InvalidInput):
        services.comment_moderate(moderator=moderator, comment=comment, hide=True, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_moderate(moderator=moderator, comment=comment, hide=True, reason="Insult")
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Insult"
    assert "Insult" in mailoutbox[-1].body
    appeal = services.appeal_file(
        author=author, comment=comment, text="It was a quote, not an insult."
    )
    with pytest.raises(InvalidInput):
        services.appeal_file(author=author, comment=comment, text="Once more, please review it.")
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_decide(reviewer=reviewer, appeal=appeal, accept=True, response="Restored.")
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert Appeal.objects.get().status == AppealStatus.ACCEPTED
    assert "Restored." in mailoutbox[-1].body


def test_only_moderators_moderate_and_blocked_people_cannot_comment():
    comment = services.comment_post(author=UserFactory(), use_case=UseCaseFactory(), body="text")
    with pytest.raises(NotAllowed):
        services.comment_moderate(moderator=UserFactory(), comment=comment, hide=True, reason="x")
    person = UserFactory()
    services.user_block(moderator=UserFactory(roles=[Role.MODERATOR]), user=person, reason="Spam")
    with pytest.raises(NotAllowed):
        services.comment_post(author=person, use_case=comment.use_case, body="again")


def test_resident_proposal_is_moderated_and_agent_proposal_published():
    consultation = ConsultationFactory(accepts_proposals=True)
    data = {
        f: "text"
        for f in [
            "title",
            "summary",
            "problem",
            "proposed_ai",
            "data_used",
            "people_affected",
            "expected_benefits",
            "risks",
            "alternatives",
        ]
    }
    resident = services.use_case_propose(
        proposer=UserFactory(roles=[Role.RESIDENT]), data=data, consultation=consultation
    )
    assert resident.moderation_state == ModerationState.PENDING
    agent = services.use_case_propose(proposer=UserFactory(roles=[Role.AGENT]), data=data)
    assert agent.moderation_state == ModerationState.APPROVED
    with pytest.raises(NotAllowed):
        services.use_case_propose(
            proposer=UserFactory(), data=data, consultation=ConsultationFactory()
        )


def test_use_case_edit_keeps_before_and_after():
    use_case = UseCaseFactory(risks="old risk")
    agent = UserFactory(roles=[Role.AGENT])
    revision = services.use_case_update(
        editor=agent, use_case=use_case, data={"risks": "new risk"}, note="typo"
    )
    assert revision.changes == {"risks": {"before": "old risk", "after": "new risk"}}


def test_answer_sets_status_and_notifies_participants_on_commit(
    django_capture_on_commit_callbacks, mailoutbox
):
    use_case = UseCaseFactory(consultation=closed_consultation())
    voter, digest_person, silent = UserFactory(), UserFactory(), UserFactory()
    for person in (voter, digest_person, silent):
        Ballot.objects.create(voter=person, use_case=use_case, grade="good")
    NotificationPreference.objects.create(user=digest_person, frequency="daily")
    NotificationPreference.objects.create(user=silent, frequency="never")
    elected = UserFactory(roles=[Role.ELECTED])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.answer_publish(
            author=elected,
            use_case=use_case,
            decision="pilot",
            justification="Six months in two arrondissements.",
            author_title="Deputy mayor",
            commitments=[{"text": "Publish the review", "deadline": "2027-06-01"}],
        )
    assert mailoutbox == []  # nothing leaves before commit
    for callback in callbacks:
        callback()
    use_case.refresh_from_db()
    assert use_case.status == UseCaseStatus.PILOTING
    assert [m.to for m in mailoutbox] == [[voter.email]]
    assert Notification.objects.filter(recipient=digest_person, sent_at__isnull=True).count() == 1
    assert not Notification.objects.filter(recipient=silent).exists()
    from consultation.tasks import notifications_digest

    assert notifications_digest() == 1


def test_answer_is_refused_to_non_elected_and_during_voting():
    with pytest.raises(NotAllowed):
        services.answer_publish(
            author=UserFactory(roles=[Role.AGENT]),
            use_case=UseCaseFactory(consultation=closed_consultation()),
            decision="pilot",
            justification="x",
            author_title="x",
        )
    with pytest.raises(PhaseClosed):
        services.answer_publish(
            author=UserFactory(roles=[Role.ELECTED]),
            use_case=UseCaseFactory(),
            decision="pilot",
            justification="x",
            author_title="x",
        )


def test_anonymous_cannot_vote():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAuthenticated):
        services.ballot_cast(voter=AnonymousUser(), use_case=UseCaseFactory(), grade="good")


def test_reply_notifies_parent_author(django_capture_on_commit_callbacks, mailoutbox):
    parent_author = UserFactory()
    use_case = UseCaseFactory()
    parent = services.comment_post(author=parent_author, use_case=use_case, body="question")
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_post(author=UserFactory(), use_case=use_case, body="answer", parent=parent)
    assert mailoutbox[-1].to == [parent_author.email]
    assert Comment.objects.count() == 2


def test_opening_the_vote_notifies_those_who_debated(
    django_capture_on_commit_callbacks, mailoutbox
):
    from datetime import timedelta

    from django.utils import timezone

    use_case = UseCaseFactory()
    consultation = use_case.consultation
    author = UserFactory()
    services.comment_post(author=author, use_case=use_case, body="Early thoughts")
    consultation.phase = Phase.INFORMATION
    consultation.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_phases_advance(now=timezone.now() + timedelta(seconds=1))
    consultation.refresh_from_db()
    assert consultation.phase == Phase.VOTING
    assert [m.to for m in mailoutbox] == [[author.email]]


def test_beat_schedule_is_plain_data():
    from consultation.schedules import BEAT_SCHEDULE

    assert {v["task"] for v in BEAT_SCHEDULE.values()} == {
        "consultation.phases_advance",
        "consultation.notifications_retry",
        "consultation.notifications_digest",
    }


def test_rate_limits_refuse_comment_floods(settings):
    from core.errors import RateLimited

    settings.CONSULTATION_RATE_COMMENTS = "2/h"
    author = UserFactory()
    use_case = UseCaseFactory()
    services.comment_post(author=author, use_case=use_case, body="one")
    services.comment_post(author=author, use_case=use_case, body="two")
    with pytest.raises(RateLimited):
        services.comment_post(author=author, use_case=use_case, body="three")
    assert Comment.objects.count() == 2
