"""The consultation's audit vocabulary: what its services write to the shared audit trail.

The stored values are the strings the trail has always held ("comment.hidden", …), so older
rows and newer ones read alike. The record type is the model's label ("consultation.comment",
"accounts.user"), taken from the record itself so it cannot drift.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEntry, User
from accounts.services import audit_record


class ConsultationAuditAction(models.TextChoices):
    USE_CASE_PROPOSED = "use_case.proposed", _("Use case proposed")
    USE_CASE_EDITED = "use_case.edited", _("Use case edited")
    USE_CASE_APPROVED = "use_case.approved", _("Proposal published by a moderator")
    USE_CASE_REFUSED = "use_case.refused", _("Proposal refused by a moderator")
    COMMENT_AUTO_HIDDEN = "comment.auto_hidden", _("Comment hidden after reports")
    COMMENT_HIDDEN = "comment.hidden", _("Comment hidden by a moderator")
    COMMENT_KEPT = "comment.kept", _("Comment kept by a moderator")
    COMMENT_APPEALED = "comment.appealed", _("Moderation decision appealed")
    APPEAL_ACCEPTED = "appeal.accepted", _("Appeal accepted")
    APPEAL_REJECTED = "appeal.rejected", _("Appeal rejected")
    USER_BLOCKED = "user.blocked", _("Participation suspended")
    USER_UNBLOCKED = "user.unblocked", _("Suspension lifted")
    ANSWER_PUBLISHED = "answer.published", _("Official answer published")
    ANSWER_REVISED = "answer.revised", _("Official answer revised")
    COMMITMENT_UPDATED = "commitment.updated", _("Commitment updated")
    COMMITMENT_PROGRESS = "commitment.progress", _("Progress reported on a commitment")
    REGISTER_DRAFT_OPENED = "use_case.register_draft", _("Register draft opened by an adoption")
    CONSULTATION_CREATED = "consultation.created", _("Consultation created")
    CONSULTATION_EDITED = "consultation.edited", _("Consultation edited")
    CONSULTATION_PHASE = "consultation.phase", _("Consultation moved to its next phase")
    SYNTHESIS_FLAG_RESOLVED = "synthesis_flag.resolved", _("Flag on a synthesis resolved")
    TRANSLATION_REVIEWED = "translation.reviewed", _("Translation reviewed by a person")
    PAPER_BATCH_ENTERED = "paper_batch.entered", _("Paper ballots entered by an officer")
    PAPER_BATCH_CONFIRMED = "paper_batch.confirmed", _("Paper ballots confirmed by two entries")
    PAPER_BATCH_MISMATCH = "paper_batch.mismatch", _("Paper ballot entries differ")


def target_type(record: models.Model) -> str:
    """The model label every consultation audit row names its record with."""
    return record._meta.label_lower


def audit(
    *,
    actor: User | None,
    action: ConsultationAuditAction,
    target: models.Model,
    summary: str = "",
    data: dict | None = None,
) -> AuditEntry:
    """Append one row to the shared trail, inside the caller's transaction."""
    return audit_record(
        actor=actor,
        action=action.value,
        target_type=target_type(target),
        target_id=target.pk,
        summary=summary,
        data=data,
    )
