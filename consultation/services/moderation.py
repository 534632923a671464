"""Moderation, transparently: reports, decisions with a public reason, one appeal per
decision reviewed by another moderator, blocks, and the review of residents' proposals."""

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from consultation import policies
from consultation.audit import ConsultationAuditAction, audit
from consultation.models import (
    Appeal,
    AppealStatus,
    Comment,
    DecisionAction,
    ModerationDecision,
    ModerationState,
    NotificationKind,
    Report,
    ReportReason,
    ReportStatus,
    UseCase,
    UserBlock,
)
from consultation.ratelimit import rate_limit_check
from consultation.services.notifications import absolute_url, notify
from core.errors import InvalidInput, NotAllowed


def _already_reported() -> InvalidInput:
    return InvalidInput(_("You have already reported this comment."), code="already_reported")


def _already_appealed() -> InvalidInput:
    return InvalidInput(_("You have already appealed this decision."), code="already_appealed")


@transaction.atomic
def comment_report(*, reporter: User, comment: Comment, reason: str, details: str = "") -> Report:
    """Report a comment; past the configured threshold it is hidden pending review."""
    policies.participant_check(user=reporter, consultation=comment.use_case.consultation)
    policies.not_blocked_check(user=reporter)
    if reason not in ReportReason.values:
        raise InvalidInput(_("Choose a reason."), code="invalid_reason")
    policies.comment_report_check(user=reporter, comment=comment)
    if Report.objects.filter(comment=comment, reporter=reporter).exists():
        raise _already_reported()
    rate_limit_check(scope="reports", user=reporter)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                comment=comment, reporter=reporter, reason=reason, details=details.strip()[:500]
            )
    except IntegrityError as exc:
        raise _already_reported() from exc
    open_reports = Report.objects.filter(comment=comment, status=ReportStatus.OPEN).count()
    threshold = settings.CONSULTATION_AUTO_HIDE_REPORTS
    if threshold and open_reports >= threshold and not comment.pending_review:
        Comment.objects.filter(pk=comment.pk).update(pending_review=True)
        comment.pending_review = True
        audit(
            actor=None,
            action=ConsultationAuditAction.COMMENT_AUTO_HIDDEN,
            target=comment,
            summary=f"{open_reports} reports",
        )
    return report


@transaction.atomic
def comment_moderate(
    *, moderator: User, comment: Comment, hide: bool, reason: str = ""
) -> ModerationDecision:
    """Hide (with a public reason) or keep a comment; open reports are closed either way
    and the author is told why."""
    policies.moderation_check(user=moderator)
    reason = reason.strip()
    if hide and not reason:
        raise InvalidInput(_("Give the reason shown in place of the comment."), code="reason")
    policies.comment_moderate_check(user=moderator, comment=comment)
    comment.is_hidden = hide
    comment.hidden_reason = reason[:300] if hide else ""
    comment.pending_review = False
    comment.save(update_fields=["is_hidden", "hidden_reason", "pending_review"])
    Report.objects.filter(comment=comment, status=ReportStatus.OPEN).update(
        status=ReportStatus.UPHELD if hide else ReportStatus.DISMISSED
    )
    decision = ModerationDecision.objects.create(
        comment=comment,
        moderator=moderator,
        action=DecisionAction.HIDE if hide else DecisionAction.KEEP,
        reason=reason[:300],
    )
    audit(
        actor=moderator,
        action=ConsultationAuditAction.COMMENT_HIDDEN
        if hide
        else ConsultationAuditAction.COMMENT_KEPT,
        target=comment,
        summary=reason[:255],
    )
    if hide:
        notify(
            recipient_ids=[comment.author_id],
            kind=NotificationKind.MODERATION,
            subject=_("Your comment on “%(title)s” was hidden") % {"title": comment.use_case.title},
            body=_(
                "A moderator hid your comment. Reason: %(reason)s\n"
                "You may appeal this decision once, from the comment's page."
            )
            % {"reason": comment.hidden_reason},
            url=absolute_url(comment.get_absolute_url()),
        )
    return decision


@transaction.atomic
def appeal_file(*, author: User, comment: Comment, text: str) -> Appeal:
    """The author of a hidden comment may appeal once."""
    policies.comment_author_check(
        user=author, comment=comment, message=_("Only the author may appeal.")
    )
    if not comment.is_hidden:
        raise InvalidInput(_("This comment is not hidden."), code="not_hidden")
    if Appeal.objects.filter(comment=comment).exists():
        raise _already_appealed()
    text = (text or "").strip()
    if len(text) < 10:
        raise InvalidInput(_("Explain in a few words why the decision should change."))
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(comment=comment, text=text[:2000])
    except IntegrityError as exc:
        raise _already_appealed() from exc
    audit(actor=author, action=ConsultationAuditAction.COMMENT_APPEALED, target=comment)
    return appeal


@transaction.atomic
def appeal_decide(*, reviewer: User, appeal: Appeal, accept: bool, response: str) -> Appeal:
    """Restore the comment or confirm the hiding; the author is told either way."""
    policies.moderation_check(user=reviewer)
    if appeal.status != AppealStatus.PENDING:
        raise InvalidInput(_("This appeal has already been decided."))
    response = (response or "").strip()
    if not response:
        raise InvalidInput(_("Answer the author."), code="response")
    comment = appeal.comment
    appeal.status = AppealStatus.ACCEPTED if accept else AppealStatus.REJECTED
    appeal.response = response[:500]
    appeal.reviewer = reviewer
    appeal.decided_at = timezone.now()
    appeal.save(update_fields=["status", "response", "reviewer", "decided_at"])
    if accept:
        comment.is_hidden = False
        comment.hidden_reason = ""
        comment.save(update_fields=["is_hidden", "hidden_reason"])
    ModerationDecision.objects.create(
        comment=comment,
        moderator=reviewer,
        action=DecisionAction.RESTORE if accept else DecisionAction.CONFIRM,
        reason=response[:300],
    )
    audit(
        actor=reviewer,
        action=ConsultationAuditAction.APPEAL_ACCEPTED
        if accept
        else ConsultationAuditAction.APPEAL_REJECTED,
        target=comment,
        summary=response[:255],
    )
    notify(
        recipient_ids=[comment.author_id],
        kind=NotificationKind.MODERATION,
        subject=_("Decision on your appeal"),
        body=(_("Your comment is restored.") if accept else _("The hiding is confirmed."))
        + "\n"
        + appeal.response,
        url=absolute_url(comment.get_absolute_url()),
    )
    return appeal


@transaction.atomic
def user_block(
    *, moderator: User, user: User, reason: str, until: datetime | None = None
) -> UserBlock:
    """Suspend someone's participation in the debate (they still read and vote)."""
    policies.moderation_check(user=moderator)
    if user.pk == moderator.pk:
        raise NotAllowed(_("You cannot block yourself."))
    if not reason.strip():
        raise InvalidInput(_("Give the reason for the block."), code="reason")
    block, _created = UserBlock.objects.update_or_create(
        user=user, defaults={"moderator": moderator, "reason": reason.strip()[:300], "until": until}
    )
    audit(
        actor=moderator,
        action=ConsultationAuditAction.USER_BLOCKED,
        target=user,
        summary=reason[:255],
    )
    notify(
        recipient_ids=[user.pk],
        kind=NotificationKind.MODERATION,
        subject=_("Your participation in the debate is suspended"),
        body=_("Reason: %(reason)s") % {"reason": block.reason},
    )
    return block


@transaction.atomic
def user_unblock(*, moderator: User, user: User) -> None:
    policies.moderation_check(user=moderator)
    UserBlock.objects.filter(user=user).delete()
    audit(actor=moderator, action=ConsultationAuditAction.USER_UNBLOCKED, target=user)


@transaction.atomic
def use_case_moderate(
    *, moderator: User, use_case: UseCase, approve: bool, reason: str = ""
) -> UseCase:
    """Publish or refuse a resident's proposal; the proposer is told, with the reason."""
    policies.moderation_check(user=moderator)
    if not approve and not reason.strip():
        raise InvalidInput(_("Give the reason shown to the person who proposed it."))
    use_case.moderation_state = ModerationState.APPROVED if approve else ModerationState.REJECTED
    use_case.moderation_reason = reason.strip()[:300]
    fields = ["moderation_state", "moderation_reason"]
    if approve and use_case.consultation_id is not None and use_case.joined_vote_at is None:
        use_case.joined_vote_at = timezone.now()  # it joins the vote now, not when proposed
        fields.append("joined_vote_at")
    use_case.save(update_fields=fields)
    audit(
        actor=moderator,
        action=ConsultationAuditAction.USE_CASE_APPROVED
        if approve
        else ConsultationAuditAction.USE_CASE_REFUSED,
        target=use_case,
        summary=reason[:255],
    )
    if approve:
        subject = _("Your proposal “%(title)s” is published") % {"title": use_case.title}
        body = _("Your proposal has been published and can now be discussed.")
    else:
        subject = _("Your proposal “%(title)s” was not published") % {"title": use_case.title}
        body = _("A moderator did not publish your proposal. Reason: %(reason)s") % {
            "reason": use_case.moderation_reason
        }
    notify(
        recipient_ids=[use_case.proposer_id],
        kind=NotificationKind.MODERATION,
        subject=subject,
        body=body,
        url=absolute_url(use_case.get_absolute_url()),
    )
    return use_case
