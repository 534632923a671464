import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from consultation import services
from consultation.errors import PhaseClosed
from consultation.models import (
    Comment,
    CommentRevision,
    CommentVote,
    ModerationState,
    Notification,
    NotificationKind,
    Phase,
)
from core.errors import InvalidInput, NotAllowed, NotAuthenticated, RateLimited
from tests.consultation.factories import UseCaseFactory, move_to, use_case_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def post(author=None, use_case=None, **kw):
    return services.comment_post(
        author=author or UserFactory(),
        use_case=use_case or UseCaseFactory(),
        body=kw.pop("body", "A thought"),
        **kw,
    )


@pytest.mark.parametrize("phase", [Phase.INFORMATION, Phase.VOTING])
def test_debate_is_open_during_information_and_voting(phase):
    comment = post(use_case=use_case_in(phase), alignment="for", body="**Yes**")
    assert comment.root_id == comment.pk and comment.depth == 1
    assert comment.alignment == "for"
    assert comment.body_html == "<p><strong>Yes</strong></p>"


def test_debate_is_open_on_a_use_case_outside_any_consultation():
    assert post(use_case=UseCaseFactory(consultation=None)).pk


@pytest.mark.parametrize("phase", [Phase.UPCOMING, Phase.ANALYSIS, Phase.ANSWER])
def test_debate_is_closed_in_other_phases(phase):
    with pytest.raises(PhaseClosed) as exc:
        post(use_case=use_case_in(phase))
    assert exc.value.code == "debate_closed"
    assert not Comment.objects.exists()


def test_no_debate_on_an_unpublished_proposal():
    with pytest.raises(NotAllowed):
        post(use_case=UseCaseFactory(moderation_state=ModerationState.PENDING))
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "body,alignment,code",
    [
        ("", "for", "empty"),
        (" x ", "for", "empty"),
        ("x" * 5001, "for", "too_long"),
        ("Fine text", "sideways", "invalid_alignment"),
    ],
)
def test_invalid_comments_are_refused(body, alignment, code):
    with pytest.raises(InvalidInput) as exc:
        post(body=body, alignment=alignment)
    assert exc.value.code == code
    assert exc.value.status == 422
    assert not Comment.objects.exists()


def test_comment_needs_a_verified_unblocked_person():
    use_case = UseCaseFactory()
    with pytest.raises(NotAuthenticated):
        post(author=AnonymousUser(), use_case=use_case)
    with pytest.raises(NotAllowed) as exc:
        post(author=UserFactory(verified=False), use_case=use_case)
    assert exc.value.code == "email_not_verified"
    person = UserFactory()
    services.user_block(moderator=UserFactory(roles=[Role.MODERATOR]), user=person, reason="Spam")
    with pytest.raises(NotAllowed) as exc:
        post(author=person, use_case=use_case)
    assert exc.value.code == "blocked"
    assert not Comment.objects.exists()


def test_threads_stop_at_depth_three():
    use_case = UseCaseFactory()
    a = post(use_case=use_case, body="one")
    b = post(use_case=use_case, body="two", parent=a)
    c = post(use_case=use_case, body="three", parent=b)
    assert (a.depth, b.depth, c.depth) == (1, 2, 3)
    assert c.root_id == a.pk
    with pytest.raises(InvalidInput) as exc:
        post(use_case=use_case, body="four", parent=c)
    assert exc.value.code == "too_deep"
    assert Comment.objects.count() == 3


def test_reply_must_belong_to_the_same_use_case():
    parent = post()
    with pytest.raises(InvalidInput):
        post(use_case=UseCaseFactory(), parent=parent)
    assert Comment.objects.count() == 1


def test_xss_in_comment_is_inert():
    comment = post(
        body="<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) **ok**",
    )
    assert "<script" not in comment.body_html
    assert "onerror" not in comment.body_html
    assert "javascript:" not in comment.body_html
    assert "<strong>ok</strong>" in comment.body_html


def test_reply_queues_a_notification_for_the_parent_author_only():
    parent_author = UserFactory()
    use_case = UseCaseFactory()
    parent = post(author=parent_author, use_case=use_case)
    post(author=parent_author, use_case=use_case, parent=parent)  # own thread: no notice
    assert not Notification.objects.exists()
    reply = post(use_case=use_case, parent=parent)
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind) == (parent_author, NotificationKind.REPLY)
    assert notice.url.endswith(reply.get_absolute_url())


def test_comments_are_rate_limited(settings):
    settings.CONSULTATION_RATE_COMMENTS = "2/h"
    author = UserFactory()
    use_case = UseCaseFactory()
    post(author=author, use_case=use_case, body="one")
    post(author=author, use_case=use_case, body="two")
    with pytest.raises(RateLimited):
        post(author=author, use_case=use_case, body="three")
    assert Comment.objects.count() == 2


# --- Edits ---------------------------------------------------------------------------------


def test_comment_edit_keeps_history():
    author = UserFactory()
    comment = post(author=author, body="first")
    services.comment_edit(author=author, comment=comment, body="second", alignment="for")
    comment.refresh_from_db()
    assert (comment.body, comment.alignment) == ("second", "for")
    assert comment.edited_at is not None
    assert comment.revisions.get().body == "first"


def test_an_edit_that_changes_nothing_keeps_no_revision():
    author = UserFactory()
    comment = post(author=author, body="same", alignment="neutral")
    services.comment_edit(author=author, comment=comment, body="same", alignment="neutral")
    assert not CommentRevision.objects.exists()


def test_only_the_author_edits_an_open_visible_comment():
    author = UserFactory()
    comment = post(author=author, body="first")
    with pytest.raises(NotAllowed):
        services.comment_edit(author=UserFactory(), comment=comment, body="x y", alignment="for")
    services.comment_moderate(
        moderator=UserFactory(roles=[Role.MODERATOR]), comment=comment, hide=True, reason="Off"
    )
    with pytest.raises(NotAllowed):
        services.comment_edit(author=author, comment=comment, body="again", alignment="for")
    comment.refresh_from_db()
    assert comment.body == "first"
    assert not CommentRevision.objects.exists()


def test_edits_stop_when_the_debate_closes():
    author = UserFactory()
    comment = post(author=author)
    move_to(comment.use_case.consultation, Phase.ANALYSIS)
    comment = Comment.objects.select_related("use_case__consultation").get(pk=comment.pk)
    with pytest.raises(PhaseClosed):
        services.comment_edit(author=author, comment=comment, body="late", alignment="for")


# --- Votes on comments -----------------------------------------------------------------------


def test_votes_toggle_and_count():
    comment = post()
    voter = UserFactory()
    assert services.comment_vote(voter=voter, comment=comment, value=1) == 1
    assert services.comment_vote(voter=voter, comment=comment, value=-1) == -1
    comment.refresh_from_db()
    assert (comment.upvotes, comment.downvotes) == (0, 1)
    assert services.comment_vote(voter=voter, comment=comment, value=-1) == 0
    assert not CommentVote.objects.exists()


def test_vote_refusals():
    author = UserFactory()
    comment = post(author=author)
    with pytest.raises(NotAllowed):
        services.comment_vote(voter=author, comment=comment, value=1)
    with pytest.raises(InvalidInput):
        services.comment_vote(voter=UserFactory(), comment=comment, value=2)
    with pytest.raises(NotAuthenticated):
        services.comment_vote(voter=AnonymousUser(), comment=comment, value=1)
    Comment.objects.filter(pk=comment.pk).update(pending_review=True)
    comment.refresh_from_db()
    with pytest.raises(NotAllowed):
        services.comment_vote(voter=UserFactory(), comment=comment, value=1)
    assert not CommentVote.objects.exists()
