"""The debate: comments (threaded three levels deep), their edits and their votes."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from consultation import policies
from consultation.models import (
    Alignment,
    Comment,
    CommentRevision,
    CommentVote,
    NotificationKind,
    UseCase,
)
from consultation.ratelimit import rate_limit_check
from consultation.services.notifications import absolute_url, notify
from consultation.text import render_markdown
from core.errors import InvalidInput, NotAllowed

MAX_BODY = 5000


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if len(body) < 2:
        raise InvalidInput(_("Write your comment."), code="empty")
    if len(body) > MAX_BODY:
        raise InvalidInput(_("A comment has at most 5,000 characters."), code="too_long")
    return body


def _check_alignment(alignment: str) -> None:
    if alignment not in Alignment.values:
        raise InvalidInput(_("Choose for, against or neutral."), code="invalid_alignment")


@transaction.atomic
def comment_post(
    *,
    author: User,
    use_case: UseCase,
    body: str,
    alignment: str = Alignment.NEUTRAL,
    parent: Comment | None = None,
) -> Comment:
    """Publish a comment or a reply; the parent's author is told of a reply."""
    policies.participant_check(user=author, consultation=use_case.consultation)
    policies.not_blocked_check(user=author)
    policies.debate_check(use_case=use_case)
    body = _clean_body(body)
    _check_alignment(alignment)
    depth = 1
    if parent is not None:
        if parent.use_case_id != use_case.pk:
            raise InvalidInput(_("This reply does not belong to this use case."))
        if parent.depth >= Comment.MAX_DEPTH:
            raise InvalidInput(
                _("Replies are nested at most three levels deep: reply higher in the thread."),
                code="too_deep",
            )
        depth = parent.depth + 1
    rate_limit_check(scope="comments", user=author)
    comment = Comment.objects.create(
        use_case=use_case,
        author=author,
        parent=parent,
        root=parent.root if parent is not None else None,
        depth=depth,
        alignment=alignment,
        body=body,
        body_html=render_markdown(body),
    )
    if parent is None:
        comment.root = comment
        comment.save(update_fields=["root"])
    else:
        notify(
            recipient_ids=[parent.author_id],
            exclude_id=author.pk,
            kind=NotificationKind.REPLY,
            subject=_("New reply to your comment on “%(title)s”") % {"title": use_case.title},
            body=_("%(name)s replied to your comment.") % {"name": comment.author_name},
            url=absolute_url(comment.get_absolute_url()),
        )
    return comment


@transaction.atomic
def comment_edit(*, author: User, comment: Comment, body: str, alignment: str) -> Comment:
    """Change one's comment while the debate is open; earlier versions stay public."""
    policies.comment_author_check(
        user=author, comment=comment, message=_("Only the author may edit a comment.")
    )
    policies.participant_check(user=author, consultation=comment.use_case.consultation)
    policies.not_blocked_check(user=author)
    policies.debate_check(use_case=comment.use_case)
    if comment.is_hidden:
        raise NotAllowed(_("A hidden comment cannot be edited; you may appeal the decision."))
    body = _clean_body(body)
    _check_alignment(alignment)
    if body == comment.body and alignment == comment.alignment:
        return comment
    CommentRevision.objects.create(comment=comment, body=comment.body, alignment=comment.alignment)
    comment.body = body
    comment.body_html = render_markdown(body)
    comment.alignment = alignment
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "alignment", "edited_at"])
    return comment


@transaction.atomic
def comment_vote(*, voter: User, comment: Comment, value: int) -> int:
    """Up (+1) or down (-1); the same vote again withdraws it. Returns the new score."""
    policies.participant_check(user=voter, consultation=comment.use_case.consultation)
    if value not in (1, -1):
        raise InvalidInput(_("A vote is up or down."))
    policies.comment_vote_check(user=voter, comment=comment)
    rate_limit_check(scope="comments", user=voter)
    existing = CommentVote.objects.select_for_update().filter(comment=comment, voter=voter).first()
    up, down = 0, 0
    if existing is None:
        try:
            with transaction.atomic():
                CommentVote.objects.create(comment=comment, voter=voter, value=value)
        except IntegrityError:
            return Comment.objects.get(pk=comment.pk).score
        up, down = (1, 0) if value == 1 else (0, 1)
    elif existing.value == value:
        existing.delete()
        up, down = (-1, 0) if value == 1 else (0, -1)
    else:
        existing.value = value
        existing.save(update_fields=["value"])
        up, down = (1, -1) if value == 1 else (-1, 1)
    Comment.objects.filter(pk=comment.pk).update(
        upvotes=F("upvotes") + up, downvotes=F("downvotes") + down, score=F("score") + up - down
    )
    return Comment.objects.values_list("score", flat=True).get(pk=comment.pk)
