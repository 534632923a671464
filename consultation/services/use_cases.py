"""Use cases: proposals by agents and residents, and edits that keep a public history."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from consultation import policies
from consultation.audit import ConsultationAuditAction, audit
from consultation.models import (
    Consultation,
    ModerationState,
    UseCase,
    UseCaseRevision,
    UseCaseStatus,
)
from consultation.ratelimit import rate_limit_check
from core.text import text_normalise


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
    """Agents' proposals are published at once; residents' wait for a moderator."""
    policies.participant_check(user=proposer, consultation=consultation)
    policies.not_blocked_check(user=proposer)
    policies.proposal_check(user=proposer, consultation=consultation)
    rate_limit_check(scope="proposals", user=proposer)
    fields = _clean_dossier(data)
    if not policies.register_link_allowed(user=proposer):
        fields["register_slug"] = ""
    in_vote = (
        consultation is not None and consultation.current_phase in policies.IN_CONSULTATION_PHASES
    )
    pending = policies.proposal_needs_moderation(user=proposer, consultation=consultation)
    use_case = UseCase.objects.create(
        consultation=consultation,
        proposer=proposer,
        status=UseCaseStatus.IN_CONSULTATION if in_vote else UseCaseStatus.PROPOSED,
        moderation_state=ModerationState.PENDING if pending else ModerationState.APPROVED,
        joined_vote_at=None if pending or consultation is None else timezone.now(),
        **fields,
    )
    audit(
        actor=proposer,
        action=ConsultationAuditAction.USE_CASE_PROPOSED,
        target=use_case,
        summary=use_case.title,
    )
    return use_case


@transaction.atomic
def use_case_update(
    *, editor: User, use_case: UseCase, data: dict, note: str = ""
) -> UseCaseRevision | None:
    """Apply an edit and keep the before/after of each changed field (public history)."""
    policies.use_case_edit_check(user=editor, use_case=use_case)
    fields = _clean_dossier(data)
    if not policies.register_link_allowed(user=editor):
        fields.pop("register_slug", None)
    changes = {}
    for name, value in fields.items():
        # Compare normalised text: a form saved again with "\r\n" line endings is no change.
        before, value = text_normalise(getattr(use_case, name)), text_normalise(value)
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
    audit(
        actor=editor,
        action=ConsultationAuditAction.USE_CASE_EDITED,
        target=use_case,
        summary=note or ", ".join(changes),
        data={"fields": list(changes)},
    )
    return revision
