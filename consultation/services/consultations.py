"""Consultations: their creation by agents and the phase moves the beat makes on their dates."""

from datetime import datetime

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from consultation import policies
from consultation.audit import ConsultationAuditAction, audit
from consultation.models import (
    Audience,
    Ballot,
    Comment,
    Consultation,
    ModerationState,
    NotificationKind,
    Phase,
    UseCase,
    UseCaseStatus,
)
from consultation.services.notifications import absolute_url, notify
from core.errors import InvalidInput


@transaction.atomic
def consultation_save(
    *, editor: User, consultation: Consultation, use_case_ids: list[int] | None = None
) -> Consultation:
    """Create or update a consultation (agents); attach the use cases put to the vote."""
    policies.consultation_edit_check(user=editor)
    created = consultation.pk is None
    _audience_check(consultation)
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
    audit(
        actor=editor,
        action=ConsultationAuditAction.CONSULTATION_CREATED
        if created
        else ConsultationAuditAction.CONSULTATION_EDITED,
        target=consultation,
        summary=consultation.title,
    )
    return consultation


def _audience_check(consultation: Consultation) -> None:
    """A consultation asks one audience for its whole life: once someone has voted, changing
    who may vote would change what the result means."""
    if consultation.audience == Audience.PUBLIC:
        consultation.transparent = False
        consultation.audience_departments = []
    elif consultation.audience == Audience.DEPARTMENTS and not consultation.audience_departments:
        raise InvalidInput(_("Name at least one department, or choose another audience."))
    if consultation.pk is None:
        return
    before = Consultation.objects.filter(pk=consultation.pk).values("audience").first()
    changed = before is not None and before["audience"] != consultation.audience
    if changed and Ballot.objects.filter(use_case__consultation=consultation).exists():
        raise InvalidInput(
            _("Ballots have been cast: the consultation's audience can no longer change."),
            code="audience_locked",
        )


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
        url=absolute_url(consultation.get_absolute_url()),
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
            if target == Phase.ANALYSIS:
                from consultation.services.synthesis import syntheses_on_debate_close

                syntheses_on_debate_close(consultation=consultation)
            audit(
                actor=None,
                action=ConsultationAuditAction.CONSULTATION_PHASE,
                target=consultation,
                summary=f"{consultation.phase} → {target}",
            )
        moves.append((consultation.slug, consultation.phase, target))
    return moves
