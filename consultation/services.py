"""Writes carrying the consultation's rules: who may do what, in which phase."""

import logging
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_can_participate, user_has_role
from accounts.services import audit_record
from consultation import selectors
from consultation.errors import PhaseClosed
from consultation.models import (
    DECISION_TO_STATUS,
    PHASE_ORDER,
    Alignment,
    Appeal,
    AppealStatus,
    Ballot,
    Comment,
    CommentRevision,
    CommentVote,
    Commitment,
    CommitmentStatus,
    Consultation,
    Decision,
    DecisionAction,
    Frequency,
    Grade,
    ModerationDecision,
    ModerationState,
    Notification,
    NotificationKind,
    NotificationPreference,
    OfficialAnswer,
    Phase,
    Report,
    ReportReason,
    ReportStatus,
    UseCase,
    UseCaseRevision,
    UseCaseStatus,
    UserBlock,
)
from consultation.ratelimit import rate_limit_allow
from consultation.text import render_markdown
from core.errors import InvalidInput, NotAllowed, NotAuthenticated, RateLimited

logger = logging.getLogger(__name__)


# --- Permissions -------------------------------------------------------------------------


def _require_participant(user) -> None:
    if user is None or not user.is_authenticated:
        raise NotAuthenticated()
    if not user_can_participate(user=user):
        raise NotAllowed(
            _("Confirm your email address before taking part."), code="email_not_verified"
        )


def _require_not_blocked(user) -> None:
    if selectors.user_is_blocked(user=user):
        raise NotAllowed(
            _("A moderator has suspended your participation in the debate."), code="blocked"
        )


def _require_role(user, *roles: Role) -> None:
    if user is None or not user.is_authenticated:
        raise NotAuthenticated()
    if not any(user_has_role(user=user, role=r) for r in roles):
        raise NotAllowed()


def _rate(scope: str, user) -> None:
    if not rate_limit_allow(scope=scope, key=user.pk):
        raise RateLimited()


# --- Notifications (outbox + Celery on commit) -------------------------------------------


def _queue_send(ids: list[int]) -> None:
    """Hand the ids to Celery after commit; a broker outage only delays the email (the
    outbox rows stay unsent and the beat task `notifications_retry` sends them later)."""
    if not ids:
        return

    def enqueue():
        from consultation.tasks import notifications_send

        try:
            notifications_send.apply_async(args=[ids], retry=False)
        except Exception:  # broker down: the rows wait in the outbox
            logger.warning("Broker unavailable: %d notification(s) left in the outbox", len(ids))

    transaction.on_commit(enqueue)


def notify(
    *,
    recipient_ids: Iterable[int],
    kind: str,
    subject: str,
    body: str,
    url: str = "",
    exclude_id: int | None = None,
) -> int:
    """Write one outbox row per recipient according to their preference."""
    ids = {i for i in recipient_ids if i is not None and i != exclude_id}
    if not ids:
        return 0
    prefs = dict(
        NotificationPreference.objects.filter(user_id__in=ids).values_list("user_id", "frequency")
    )
    active = set(
        User.objects.filter(pk__in=ids, is_active=True, deleted_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    rows = []
    for user_id in sorted(ids & active):
        frequency = prefs.get(user_id, Frequency.IMMEDIATELY)
        if frequency == Frequency.NEVER:
            continue
        rows.append(
            Notification(
                recipient_id=user_id,
                kind=kind,
                subject=subject[:200],
                body=body,
                url=url,
                digest=frequency == Frequency.DAILY,
            )
        )
    created = Notification.objects.bulk_create(rows, batch_size=1000)
    immediate = [n.pk for n in created if not n.digest and n.pk is not None]
    if len(immediate) < sum(1 for n in created if not n.digest):  # backend without RETURNING
        immediate = list(
            Notification.objects.filter(
                recipient_id__in=[n.recipient_id for n in created if not n.digest],
                sent_at__isnull=True,
                digest=False,
                kind=kind,
            ).values_list("pk", flat=True)
        )
    _queue_send(immediate)
    return len(created)


def notification_preference_set(*, user: User, frequency: str) -> NotificationPreference:
    if frequency not in Frequency.values:
        raise InvalidInput(_("Choose how often you want to be told."))
    pref, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"frequency": frequency}
    )
    return pref


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}"


# --- Ballots -------------------------------------------------------------------------------


@transaction.atomic
def ballot_cast(*, voter: User, use_case: UseCase, grade: str) -> Ballot:
    """Cast or change one grade. One statement (INSERT … ON CONFLICT DO UPDATE) settles
    races: two concurrent requests of one person leave exactly one ballot."""
    _require_participant(voter)
    if grade not in Grade.values:
        raise InvalidInput(
            _("Unknown grade “%(grade)s”. Use one of: %(grades)s.")
            % {"grade": str(grade)[:40], "grades": ", ".join(Grade.values)},
            code="invalid_grade",
        )
    consultation = use_case.consultation
    if consultation is None or not use_case.is_public:
        raise PhaseClosed(_("This use case is not put to the vote."), code="not_in_vote")
    phase = consultation.current_phase
    if phase != Phase.VOTING:
        if PHASE_ORDER.index(phase) > PHASE_ORDER.index(Phase.VOTING):
            raise PhaseClosed(
                _("Voting closed on %(date)s: ballots can no longer be cast or changed.")
                % {
                    "date": timezone.localtime(consultation.voting_ends_at).strftime(
                        "%d/%m/%Y %H:%M"
                    )
                },
                code="voting_closed",
            )
        raise PhaseClosed(
            _("Voting has not opened yet: it opens on %(date)s.")
            % {
                "date": timezone.localtime(consultation.voting_starts_at).strftime("%d/%m/%Y %H:%M")
            },
            code="voting_not_open",
        )
    _rate("ballots", voter)
    now = timezone.now()
    Ballot.objects.bulk_create(
        [Ballot(use_case=use_case, voter=voter, grade=grade, created_at=now, updated_at=now)],
        update_conflicts=True,
        unique_fields=["voter", "use_case"],
        update_fields=["grade", "updated_at"],
    )
    return Ballot.objects.get(voter=voter, use_case=use_case)


def ballot_withdraw(*, voter: User, use_case: UseCase) -> bool:
    _require_participant(voter)
    if use_case.consultation is None or use_case.consultation.current_phase != Phase.VOTING:
        raise PhaseClosed(_("Voting is closed: ballots can no longer be changed."))
    deleted, _rows = Ballot.objects.filter(voter=voter, use_case=use_case).delete()
    return bool(deleted)


# --- Use cases ----------------------------------------------------------------------------


def _clean_dossier(data: dict) -> dict:
    clean = {}
    for name in UseCase.DOSSIER_FIELDS:
        if name in data:
            value = (data[name] or "").strip() if isinstance(data[name], str) else data[name]
            clean[name] = value
    return clean


@transaction.atomic
def use_case_propose(
    *, proposer: User, data: dict, consultation: Consultation | None = None
) -> UseCase:
    """Agents propose at any time (published at once); residents only into a consultation
    that accepts proposals, during information or voting, and after moderation."""
    _require_participant(proposer)
    _require_not_blocked(proposer)
    is_agent = user_has_role(user=proposer, role=Role.AGENT)
    if consultation is not None:
        phase = consultation.current_phase
        if PHASE_ORDER.index(phase) > PHASE_ORDER.index(Phase.VOTING):
            raise PhaseClosed(_("This consultation no longer accepts proposals."))
        if not is_agent:
            if not consultation.accepts_proposals:
                raise NotAllowed(_("This consultation does not accept proposals from residents."))
            if phase not in (Phase.INFORMATION, Phase.VOTING):
                raise PhaseClosed(_("Proposals open with the information phase."))
    elif not is_agent:
        raise NotAllowed(_("Residents propose use cases within a consultation open to proposals."))
    _rate("proposals", proposer)
    fields = _clean_dossier(data)
    if not is_agent:
        fields["register_slug"] = ""
    in_vote = consultation is not None and consultation.current_phase in (
        Phase.INFORMATION,
        Phase.VOTING,
        Phase.ANALYSIS,
    )
    use_case = UseCase.objects.create(
        consultation=consultation,
        proposer=proposer,
        status=UseCaseStatus.IN_CONSULTATION if in_vote else UseCaseStatus.PROPOSED,
        moderation_state=ModerationState.APPROVED if is_agent else ModerationState.PENDING,
        **fields,
    )
    audit_record(
        actor=proposer,
        action="use_case.proposed",
        target_type="consultation.usecase",
        target_id=use_case.pk,
        summary=use_case.title,
    )
    return use_case


def user_can_edit_use_case(*, user, use_case: UseCase) -> bool:
    if not user.is_authenticated:
        return False
    if user_has_role(user=user, role=Role.AGENT):
        return True
    return use_case.proposer_id == user.pk and use_case.moderation_state == ModerationState.PENDING


@transaction.atomic
def use_case_update(
    *, editor: User, use_case: UseCase, data: dict, note: str = ""
) -> UseCaseRevision | None:
    """Apply an edit and keep the before/after of each changed field (public history)."""
    if not user_can_edit_use_case(user=editor, use_case=use_case):
        raise NotAllowed()
    fields = _clean_dossier(data)
    if not user_has_role(user=editor, role=Role.AGENT):
        fields.pop("register_slug", None)
    changes = {}
    for name, value in fields.items():
        before = getattr(use_case, name)
        if before != value:
            changes[name] = {"before": before, "after": value}
            setattr(use_case, name, value)
    if not changes:
        return None
    use_case.updated_at = timezone.now()
    use_case.save(update_fields=[*changes, "updated_at"])
    revision = UseCaseRevision.objects.create(
        use_case=use_case, editor=editor, note=note[:300], changes=changes
    )
    audit_record(
        actor=editor,
        action="use_case.edited",
        target_type="consultation.usecase",
        target_id=use_case.pk,
        summary=note or ", ".join(changes),
        data={"fields": list(changes)},
    )
    return revision


@transaction.atomic
def use_case_moderate(
    *, moderator: User, use_case: UseCase, approve: bool, reason: str = ""
) -> UseCase:
    _require_role(moderator, Role.MODERATOR)
    if not approve and not reason.strip():
        raise InvalidInput(_("Give the reason shown to the person who proposed it."))
    use_case.moderation_state = ModerationState.APPROVED if approve else ModerationState.REJECTED
    use_case.moderation_reason = reason.strip()[:300]
    use_case.save(update_fields=["moderation_state", "moderation_reason"])
    audit_record(
        actor=moderator,
        action="use_case.approved" if approve else "use_case.refused",
        target_type="consultation.usecase",
        target_id=use_case.pk,
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
        url=_absolute(use_case.get_absolute_url()),
    )
    return use_case


# --- Comments -------------------------------------------------------------------------------


def _require_debate_open(use_case: UseCase) -> None:
    if not use_case.is_public:
        raise NotAllowed(_("This use case is not published."))
    consultation = use_case.consultation
    if consultation is not None and consultation.current_phase not in (
        Phase.INFORMATION,
        Phase.VOTING,
    ):
        raise PhaseClosed(
            _("The debate is open during the information and voting phases only."),
            code="debate_closed",
        )


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if len(body) < 2:
        raise InvalidInput(_("Write your comment."), code="empty")
    if len(body) > 5000:
        raise InvalidInput(_("A comment has at most 5,000 characters."), code="too_long")
    return body


@transaction.atomic
def comment_post(
    *,
    author: User,
    use_case: UseCase,
    body: str,
    alignment: str = Alignment.NEUTRAL,
    parent: Comment | None = None,
) -> Comment:
    _require_participant(author)
    _require_not_blocked(author)
    _require_debate_open(use_case)
    body = _clean_body(body)
    if alignment not in Alignment.values:
        raise InvalidInput(_("Choose for, against or neutral."), code="invalid_alignment")
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
    _rate("comments", author)
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
            body=_("%(name)s replied to your comment.") % {"name": author.public_name},
            url=_absolute(comment.get_absolute_url()),
        )
    return comment


@transaction.atomic
def comment_edit(*, author: User, comment: Comment, body: str, alignment: str) -> Comment:
    if not author.is_authenticated or comment.author_id != author.pk:
        raise NotAllowed(_("Only the author may edit a comment."))
    _require_participant(author)
    _require_not_blocked(author)
    _require_debate_open(comment.use_case)
    if comment.is_hidden:
        raise NotAllowed(_("A hidden comment cannot be edited; you may appeal the decision."))
    body = _clean_body(body)
    if alignment not in Alignment.values:
        raise InvalidInput(_("Choose for, against or neutral."), code="invalid_alignment")
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
    _require_participant(voter)
    if value not in (1, -1):
        raise InvalidInput(_("A vote is up or down."))
    if comment.author_id == voter.pk:
        raise NotAllowed(_("You cannot vote on your own comment."))
    if not comment.is_visible:
        raise NotAllowed(_("This comment is hidden."))
    _rate("comments", voter)
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


@transaction.atomic
def comment_report(*, reporter: User, comment: Comment, reason: str, details: str = "") -> Report:
    """Report a comment; past the configured threshold it is hidden pending review."""
    _require_participant(reporter)
    _require_not_blocked(reporter)
    if reason not in ReportReason.values:
        raise InvalidInput(_("Choose a reason."), code="invalid_reason")
    if comment.author_id == reporter.pk:
        raise NotAllowed(_("You cannot report your own comment."))
    if Report.objects.filter(comment=comment, reporter=reporter).exists():
        raise InvalidInput(_("You have already reported this comment."), code="already_reported")
    _rate("reports", reporter)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                comment=comment, reporter=reporter, reason=reason, details=details.strip()[:500]
            )
    except IntegrityError as exc:
        raise InvalidInput(
            _("You have already reported this comment."), code="already_reported"
        ) from exc
    open_reports = Report.objects.filter(comment=comment, status=ReportStatus.OPEN).count()
    threshold = settings.CONSULTATION_AUTO_HIDE_REPORTS
    if threshold and open_reports >= threshold and not comment.pending_review:
        Comment.objects.filter(pk=comment.pk).update(pending_review=True)
        comment.pending_review = True
        audit_record(
            actor=None,
            action="comment.auto_hidden",
            target_type="consultation.comment",
            target_id=comment.pk,
            summary=f"{open_reports} reports",
        )
    return report


@transaction.atomic
def comment_moderate(
    *, moderator: User, comment: Comment, hide: bool, reason: str = ""
) -> ModerationDecision:
    """Hide (with a public reason) or keep a comment; open reports are closed either way
    and the author is told why."""
    _require_role(moderator, Role.MODERATOR)
    reason = reason.strip()
    if hide and not reason:
        raise InvalidInput(_("Give the reason shown in place of the comment."), code="reason")
    if comment.author_id == moderator.pk:
        raise NotAllowed(_("Moderators do not moderate their own comments."))
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
    audit_record(
        actor=moderator,
        action="comment.hidden" if hide else "comment.kept",
        target_type="consultation.comment",
        target_id=comment.pk,
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
            url=_absolute(comment.get_absolute_url()),
        )
    return decision


@transaction.atomic
def appeal_file(*, author: User, comment: Comment, text: str) -> Appeal:
    if not author.is_authenticated or comment.author_id != author.pk:
        raise NotAllowed(_("Only the author may appeal."))
    if not comment.is_hidden:
        raise InvalidInput(_("This comment is not hidden."), code="not_hidden")
    if Appeal.objects.filter(comment=comment).exists():
        raise InvalidInput(_("You have already appealed this decision."), code="already_appealed")
    text = (text or "").strip()
    if len(text) < 10:
        raise InvalidInput(_("Explain in a few words why the decision should change."))
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(comment=comment, text=text[:2000])
    except IntegrityError as exc:
        raise InvalidInput(
            _("You have already appealed this decision."), code="already_appealed"
        ) from exc
    audit_record(
        actor=author,
        action="comment.appealed",
        target_type="consultation.comment",
        target_id=comment.pk,
    )
    return appeal


@transaction.atomic
def appeal_decide(*, reviewer: User, appeal: Appeal, accept: bool, response: str) -> Appeal:
    _require_role(reviewer, Role.MODERATOR)
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
    audit_record(
        actor=reviewer,
        action="appeal.accepted" if accept else "appeal.rejected",
        target_type="consultation.comment",
        target_id=comment.pk,
        summary=response[:255],
    )
    notify(
        recipient_ids=[comment.author_id],
        kind=NotificationKind.MODERATION,
        subject=_("Decision on your appeal"),
        body=(_("Your comment is restored.") if accept else _("The hiding is confirmed."))
        + "\n"
        + appeal.response,
        url=_absolute(comment.get_absolute_url()),
    )
    return appeal


@transaction.atomic
def user_block(
    *, moderator: User, user: User, reason: str, until: datetime | None = None
) -> UserBlock:
    _require_role(moderator, Role.MODERATOR)
    if user.pk == moderator.pk:
        raise NotAllowed(_("You cannot block yourself."))
    if not reason.strip():
        raise InvalidInput(_("Give the reason for the block."), code="reason")
    block, _created = UserBlock.objects.update_or_create(
        user=user, defaults={"moderator": moderator, "reason": reason.strip()[:300], "until": until}
    )
    audit_record(
        actor=moderator,
        action="user.blocked",
        target_type="accounts.user",
        target_id=user.pk,
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
    _require_role(moderator, Role.MODERATOR)
    UserBlock.objects.filter(user=user).delete()
    audit_record(
        actor=moderator, action="user.unblocked", target_type="accounts.user", target_id=user.pk
    )


# --- Official answers -------------------------------------------------------------------------


@transaction.atomic
def answer_publish(
    *,
    author: User,
    use_case: UseCase,
    decision: str,
    justification: str,
    author_title: str,
    commitments: list[dict] | None = None,
    register_slug: str = "",
) -> OfficialAnswer:
    """Publish (or revise) the city's answer; the use case's status follows the decision and
    everyone who took part is told."""
    _require_role(author, Role.ELECTED)
    consultation = use_case.consultation
    if consultation is not None and PHASE_ORDER.index(
        consultation.current_phase
    ) < PHASE_ORDER.index(Phase.ANALYSIS):
        raise PhaseClosed(_("The answer comes after voting closes."), code="voting_open")
    if decision not in Decision.values:
        raise InvalidInput(_("Choose a decision."), code="decision")
    if not (justification or "").strip():
        raise InvalidInput(_("Justify the decision."), code="justification")
    now = timezone.now()
    answer, created = OfficialAnswer.objects.update_or_create(
        use_case=use_case,
        defaults={
            "author": author,
            "author_title": (author_title or author.public_name).strip()[:160],
            "decision": decision,
            "justification": justification.strip(),
            "register_slug": (register_slug or "").strip()[:120],
            "updated_at": now,
        },
    )
    for item in commitments or []:
        text = (item.get("text") or "").strip()
        if not text:
            continue
        if not item.get("deadline"):
            raise InvalidInput(_("Each commitment needs a deadline."), code="deadline")
        Commitment.objects.create(answer=answer, text=text[:300], deadline=item["deadline"])
    use_case.status = DECISION_TO_STATUS[Decision(decision)]
    use_case.updated_at = now
    fields = ["status", "updated_at"]
    if answer.register_slug and not use_case.register_slug:
        use_case.register_slug = answer.register_slug
        fields.append("register_slug")
    use_case.save(update_fields=fields)
    audit_record(
        actor=author,
        action="answer.published" if created else "answer.revised",
        target_type="consultation.usecase",
        target_id=use_case.pk,
        summary=Decision(decision).label,
    )
    if created:
        notify(
            recipient_ids=selectors.use_case_participant_ids(use_case=use_case),
            exclude_id=author.pk,
            kind=NotificationKind.ANSWER,
            subject=_("The city has answered on “%(title)s”") % {"title": use_case.title},
            body=_("Decision: %(decision)s.\n\n%(justification)s")
            % {"decision": Decision(decision).label, "justification": answer.justification},
            url=_absolute(use_case.get_absolute_url()),
        )
    return answer


@transaction.atomic
def commitment_update(*, user: User, commitment: Commitment, status: str) -> Commitment:
    _require_role(user, Role.ELECTED, Role.AGENT)
    if status not in CommitmentStatus.values:
        raise InvalidInput(_("Unknown status."))
    commitment.status = status
    commitment.done_at = timezone.localdate() if status == CommitmentStatus.KEPT else None
    commitment.save(update_fields=["status", "done_at"])
    audit_record(
        actor=user,
        action="commitment.updated",
        target_type="consultation.commitment",
        target_id=commitment.pk,
        summary=status,
    )
    return commitment


# --- Consultations --------------------------------------------------------------------------


@transaction.atomic
def consultation_save(
    *, editor: User, consultation: Consultation, use_case_ids: list[int] | None = None
) -> Consultation:
    """Create or update a consultation (agents); attach the use cases put to the vote."""
    _require_role(editor, Role.AGENT)
    created = consultation.pk is None
    consultation.phase = consultation.phase_at(timezone.now())
    consultation.save()
    if use_case_ids is not None:
        UseCase.objects.filter(consultation=consultation).exclude(pk__in=use_case_ids).update(
            consultation=None
        )
        in_vote = consultation.phase != Phase.UPCOMING
        UseCase.objects.filter(
            pk__in=use_case_ids, moderation_state=ModerationState.APPROVED
        ).filter(models.Q(consultation__isnull=True) | models.Q(consultation=consultation)).update(
            consultation=consultation
        )
        if in_vote:
            UseCase.objects.filter(consultation=consultation, status=UseCaseStatus.PROPOSED).update(
                status=UseCaseStatus.IN_CONSULTATION
            )
    audit_record(
        actor=editor,
        action="consultation.created" if created else "consultation.edited",
        target_type="consultation.consultation",
        target_id=consultation.pk,
        summary=consultation.title,
    )
    return consultation


# --- Phases ----------------------------------------------------------------------------------


def _notify_voting_open(consultation: Consultation) -> None:
    """Tell the people who proposed or debated during the information phase."""
    ids = set(
        Comment.objects.filter(use_case__consultation=consultation).values_list(
            "author_id", flat=True
        )
    )
    ids |= set(
        UseCase.objects.filter(consultation=consultation, proposer__isnull=False).values_list(
            "proposer_id", flat=True
        )
    )
    consultation = Consultation.objects.get(pk=consultation.pk)
    notify(
        recipient_ids=ids,
        kind=NotificationKind.PHASE,
        subject=_("Voting is open: “%(title)s”") % {"title": consultation.title},
        body=_("You may now grade each use case, until %(date)s.")
        % {"date": timezone.localtime(consultation.voting_ends_at).strftime("%d/%m/%Y %H:%M")},
        url=_absolute(consultation.get_absolute_url()),
    )


def consultation_phases_advance(*, now: datetime | None = None) -> list[tuple[str, str, str]]:
    """Move each consultation's stored phase to the one its dates say (idempotent; the beat
    task calls it). Returns (slug, from, to) for each move."""
    now = now or timezone.now()
    moves = []
    for consultation in Consultation.objects.all().only(
        "pk",
        "slug",
        "phase",
        "information_starts_at",
        "voting_starts_at",
        "voting_ends_at",
        "answer_due_at",
    ):
        target = consultation.phase_at(now)
        if target == consultation.phase:
            continue
        with transaction.atomic():
            updated = Consultation.objects.filter(
                pk=consultation.pk, phase=consultation.phase
            ).update(phase=target)
            if not updated:  # another beat moved it first
                continue
            if target in (Phase.INFORMATION, Phase.VOTING):
                UseCase.objects.filter(
                    consultation=consultation, status=UseCaseStatus.PROPOSED
                ).update(status=UseCaseStatus.IN_CONSULTATION)
            if target == Phase.VOTING:
                _notify_voting_open(consultation)
            audit_record(
                actor=None,
                action="consultation.phase",
                target_type="consultation.consultation",
                target_id=consultation.pk,
                summary=f"{consultation.phase} → {target}",
            )
        moves.append((consultation.slug, consultation.phase, target))
    return moves
