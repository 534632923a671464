from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.models import AuditEntry
from accounts.roles import Role
from consultation import services
from consultation.models import (
    Appeal,
    AppealStatus,
    Comment,
    DecisionAction,
    ModerationDecision,
    ModerationState,
    Notification,
    NotificationKind,
    Report,
    ReportStatus,
    UserBlock,
)
from core.errors import InvalidInput, NotAllowed, NotAuthenticated, RateLimited
from tests.consultation.factories import UseCaseFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def moderator():
    return UserFactory(roles=[Role.MODERATOR])


def comment_by(author=None, body="Some words"):
    return services.comment_post(
        author=author or UserFactory(), use_case=UseCaseFactory(), body=body
    )


def hidden_comment(author):
    comment = comment_by(author)
    services.comment_moderate(moderator=moderator(), comment=comment, hide=True, reason="Insult")
    comment.refresh_from_db()
    return comment


# --- Reports -----------------------------------------------------------------------------------


def test_reports_past_the_threshold_hide_pending_review_and_are_audited(settings):
    settings.CONSULTATION_AUTO_HIDE_REPORTS = 2
    comment = comment_by()
    services.comment_report(reporter=UserFactory(), comment=comment, reason="insult")
    comment.refresh_from_db()
    assert not comment.pending_review
    assert not AuditEntry.objects.filter(action="comment.auto_hidden").exists()
    services.comment_report(reporter=UserFactory(), comment=comment, reason="insult")
    comment.refresh_from_db()
    assert comment.pending_review
    entry = AuditEntry.objects.get(action="comment.auto_hidden")
    assert (entry.actor, entry.target_type, entry.target_id) == (
        None,
        "consultation.comment",
        str(comment.pk),
    )


def test_report_refusals():
    author = UserFactory()
    comment = comment_by(author)
    reporter = UserFactory()
    with pytest.raises(NotAllowed):
        services.comment_report(reporter=author, comment=comment, reason="insult")
    with pytest.raises(InvalidInput) as exc:
        services.comment_report(reporter=reporter, comment=comment, reason="boring")
    assert exc.value.code == "invalid_reason"
    with pytest.raises(NotAuthenticated):
        services.comment_report(reporter=AnonymousUser(), comment=comment, reason="insult")
    services.comment_report(reporter=reporter, comment=comment, reason="insult", details=" x ")
    with pytest.raises(InvalidInput) as exc:
        services.comment_report(reporter=reporter, comment=comment, reason="spam")
    assert exc.value.code == "already_reported"
    report = Report.objects.get()
    assert (report.reason, report.details) == ("insult", "x")


def test_blocked_people_cannot_report():
    person = UserFactory()
    services.user_block(moderator=moderator(), user=person, reason="Spam")
    with pytest.raises(NotAllowed) as exc:
        services.comment_report(reporter=person, comment=comment_by(), reason="insult")
    assert exc.value.code == "blocked"
    assert not Report.objects.exists()


def test_reports_are_rate_limited(settings):
    settings.CONSULTATION_RATE_REPORTS = "1/h"
    reporter = UserFactory()
    services.comment_report(reporter=reporter, comment=comment_by(), reason="insult")
    with pytest.raises(RateLimited):
        services.comment_report(reporter=reporter, comment=comment_by(), reason="insult")
    assert Report.objects.count() == 1


# --- Decisions on comments -----------------------------------------------------------------------


def test_hiding_closes_reports_records_the_decision_and_tells_the_author():
    author = UserFactory()
    comment = comment_by(author)
    services.comment_report(reporter=UserFactory(), comment=comment, reason="insult")
    mod = moderator()
    decision = services.comment_moderate(
        moderator=mod, comment=comment, hide=True, reason=" Insult "
    )
    comment.refresh_from_db()
    assert (comment.is_hidden, comment.hidden_reason) == (True, "Insult")
    assert decision.action == DecisionAction.HIDE
    assert Report.objects.get().status == ReportStatus.UPHELD
    entry = AuditEntry.objects.get(action="comment.hidden")
    assert (entry.actor, entry.summary) == (mod, "Insult")
    notice = Notification.objects.get(recipient=author)
    assert notice.kind == NotificationKind.MODERATION
    assert "Insult" in notice.body


def test_keeping_dismisses_reports_without_telling_the_author():
    author = UserFactory()
    comment = comment_by(author)
    services.comment_report(reporter=UserFactory(), comment=comment, reason="spam")
    services.comment_moderate(moderator=moderator(), comment=comment, hide=False)
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert Report.objects.get().status == ReportStatus.DISMISSED
    assert AuditEntry.objects.filter(action="comment.kept").count() == 1
    assert not Notification.objects.filter(recipient=author).exists()


def test_comment_moderation_refusals():
    mod = moderator()
    comment = comment_by()
    own = comment_by(mod)
    with pytest.raises(NotAllowed):
        services.comment_moderate(moderator=UserFactory(), comment=comment, hide=True, reason="x")
    with pytest.raises(InvalidInput) as exc:
        services.comment_moderate(moderator=mod, comment=comment, hide=True, reason="  ")
    assert exc.value.code == "reason"
    with pytest.raises(NotAllowed):
        services.comment_moderate(moderator=mod, comment=own, hide=True, reason="Mine")
    assert not Comment.objects.filter(is_hidden=True).exists()
    assert not ModerationDecision.objects.exists()


# --- Appeals ---------------------------------------------------------------------------------


def test_the_author_appeals_once_and_it_is_audited():
    author = UserFactory()
    comment = hidden_comment(author)
    appeal = services.appeal_file(author=author, comment=comment, text="It was a quotation.")
    assert appeal.status == AppealStatus.PENDING
    assert AuditEntry.objects.filter(
        action="comment.appealed", actor=author, target_id=str(comment.pk)
    ).exists()
    with pytest.raises(InvalidInput) as exc:
        services.appeal_file(author=author, comment=comment, text="Once more, please review.")
    assert exc.value.code == "already_appealed"
    assert Appeal.objects.count() == 1


def test_appeal_refusals():
    author = UserFactory()
    visible = comment_by(author)
    with pytest.raises(InvalidInput) as exc:
        services.appeal_file(author=author, comment=visible, text="Nothing to appeal here.")
    assert exc.value.code == "not_hidden"
    hidden = hidden_comment(author)
    with pytest.raises(NotAllowed):
        services.appeal_file(author=UserFactory(), comment=hidden, text="Not my comment at all.")
    with pytest.raises(InvalidInput):
        services.appeal_file(author=author, comment=hidden, text="short")
    assert not Appeal.objects.exists()


@pytest.mark.parametrize("accept", [True, False])
def test_appeal_decision_restores_or_confirms_and_tells_the_author(accept):
    author = UserFactory()
    comment = hidden_comment(author)
    appeal = services.appeal_file(author=author, comment=comment, text="It was a quotation.")
    Notification.objects.all().delete()
    reviewer = moderator()
    services.appeal_decide(reviewer=reviewer, appeal=appeal, accept=accept, response="Seen.")
    comment.refresh_from_db()
    appeal.refresh_from_db()
    assert comment.is_hidden is not accept
    assert appeal.status == (AppealStatus.ACCEPTED if accept else AppealStatus.REJECTED)
    assert appeal.reviewer == reviewer
    last = ModerationDecision.objects.latest("id")
    assert last.action == (DecisionAction.RESTORE if accept else DecisionAction.CONFIRM)
    action = "appeal.accepted" if accept else "appeal.rejected"
    assert AuditEntry.objects.filter(action=action, actor=reviewer).count() == 1
    notice = Notification.objects.get()
    assert notice.recipient == author
    assert "Seen." in notice.body


def test_appeal_decision_refusals():
    author = UserFactory()
    appeal = services.appeal_file(
        author=author, comment=hidden_comment(author), text="It was a quotation."
    )
    with pytest.raises(NotAllowed):
        services.appeal_decide(reviewer=UserFactory(), appeal=appeal, accept=True, response="x")
    with pytest.raises(InvalidInput) as exc:
        services.appeal_decide(reviewer=moderator(), appeal=appeal, accept=True, response=" ")
    assert exc.value.code == "response"
    services.appeal_decide(reviewer=moderator(), appeal=appeal, accept=False, response="No.")
    with pytest.raises(InvalidInput):
        services.appeal_decide(reviewer=moderator(), appeal=appeal, accept=True, response="Yes.")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REJECTED


# --- Blocks ----------------------------------------------------------------------------------


def test_block_is_audited_with_the_user_label_and_the_person_is_told():
    mod = moderator()
    person = UserFactory()
    block = services.user_block(moderator=mod, user=person, reason=" Spam ")
    assert block.reason == "Spam"
    entry = AuditEntry.objects.get(action="user.blocked")
    assert (entry.actor, entry.target_type, entry.target_id) == (
        mod,
        "accounts.user",
        str(person.pk),
    )
    assert Notification.objects.get(recipient=person).kind == NotificationKind.MODERATION


def test_unblock_lifts_the_block_and_is_audited():
    mod = moderator()
    person = UserFactory()
    services.user_block(moderator=mod, user=person, reason="Spam")
    services.user_unblock(moderator=mod, user=person)
    assert not UserBlock.objects.exists()
    entry = AuditEntry.objects.get(action="user.unblocked")
    assert entry.target_type == "accounts.user"
    services.comment_post(author=person, use_case=UseCaseFactory(), body="Back again")


def test_an_expired_block_no_longer_blocks():
    person = UserFactory()
    services.user_block(
        moderator=moderator(),
        user=person,
        reason="Cool down",
        until=timezone.now() - timedelta(minutes=1),
    )
    assert services.comment_post(author=person, use_case=UseCaseFactory(), body="Hello").pk


def test_block_refusals():
    mod = moderator()
    person = UserFactory()
    with pytest.raises(NotAllowed):
        services.user_block(moderator=UserFactory(), user=person, reason="Spam")
    with pytest.raises(NotAllowed):
        services.user_block(moderator=mod, user=mod, reason="Spam")
    with pytest.raises(InvalidInput) as exc:
        services.user_block(moderator=mod, user=person, reason=" ")
    assert exc.value.code == "reason"
    with pytest.raises(NotAllowed):
        services.user_unblock(moderator=UserFactory(), user=person)
    assert not UserBlock.objects.exists()


# --- Proposals -----------------------------------------------------------------------------


@pytest.mark.parametrize("approve", [True, False])
def test_proposal_moderation_publishes_or_refuses_and_tells_the_proposer(approve):
    proposer = UserFactory()
    use_case = UseCaseFactory(proposer=proposer, moderation_state=ModerationState.PENDING)
    services.use_case_moderate(
        moderator=moderator(), use_case=use_case, approve=approve, reason="Duplicate"
    )
    use_case.refresh_from_db()
    assert use_case.moderation_state == (
        ModerationState.APPROVED if approve else ModerationState.REJECTED
    )
    action = "use_case.approved" if approve else "use_case.refused"
    assert AuditEntry.objects.filter(action=action, target_id=str(use_case.pk)).count() == 1
    notice = Notification.objects.get(recipient=proposer)
    assert notice.kind == NotificationKind.MODERATION
    assert ("Duplicate" in notice.body) is not approve


def test_proposal_moderation_refusals():
    use_case = UseCaseFactory(moderation_state=ModerationState.PENDING)
    with pytest.raises(NotAllowed):
        services.use_case_moderate(moderator=UserFactory(), use_case=use_case, approve=True)
    with pytest.raises(InvalidInput):
        services.use_case_moderate(moderator=moderator(), use_case=use_case, approve=False)
    use_case.refresh_from_db()
    assert use_case.moderation_state == ModerationState.PENDING


def test_moderation_and_appeal_lifecycle_emails_the_author(
    django_capture_on_commit_callbacks, mailoutbox
):
    author = UserFactory()
    comment = comment_by(author, body="rude words")
    services.comment_report(reporter=UserFactory(), comment=comment, reason="insult")
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_moderate(
            moderator=moderator(), comment=comment, hide=True, reason="Insult"
        )
    assert mailoutbox[-1].to == [author.email]
    assert "Insult" in mailoutbox[-1].body
    appeal = services.appeal_file(
        author=author, comment=comment, text="It was a quote, not an insult."
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_decide(
            reviewer=moderator(), appeal=appeal, accept=True, response="Restored."
        )
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert mailoutbox[-1].to == [author.email]
    assert "Restored." in mailoutbox[-1].body
