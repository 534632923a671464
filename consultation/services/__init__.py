"""Writes carrying the consultation's rules, one module per sub-domain (the rules
themselves are stated in `consultation.policies`).

Callers import from here (`from consultation import services; services.ballot_cast(...)`);
the modules are `consultations`, `use_cases`, `ballots`, `debate`, `moderation`, `answers`,
`closed_loop` (adoption → register draft, commitments' progress), `paper_ballots` (counted
paper ballots, four-eyes) and `notifications` (the outbox and its delivery).
"""

from consultation.services.answers import answer_publish, commitment_update
from consultation.services.ballots import ballot_cast, ballot_withdraw, ballots_cast
from consultation.services.closed_loop import (
    answer_adoption_follow_up,
    commitment_progress_add,
    commitments_notify_overdue,
)
from consultation.services.consultations import consultation_phases_advance, consultation_save
from consultation.services.debate import comment_edit, comment_post, comment_vote
from consultation.services.moderation import (
    appeal_decide,
    appeal_file,
    comment_moderate,
    comment_report,
    use_case_moderate,
    user_block,
    user_unblock,
)
from consultation.services.notifications import (
    notification_digests_deliver,
    notification_preference_set,
    notifications_deliver,
    notifications_deliver_stale,
    notify,
)
from consultation.services.paper_ballots import paper_batch_enter
from consultation.services.provenance import use_case_draft_from_library
from consultation.services.synthesis import (
    synthesis_draft,
    synthesis_flag,
    synthesis_flag_resolve,
    synthesis_publish,
    synthesis_request,
)
from consultation.services.translation import (
    translation_produce,
    translation_request,
    translation_review,
)
from consultation.services.use_cases import use_case_propose, use_case_update

__all__ = [
    "paper_batch_enter",
    "answer_adoption_follow_up",
    "answer_publish",
    "appeal_decide",
    "appeal_file",
    "ballot_cast",
    "ballot_withdraw",
    "ballots_cast",
    "comment_edit",
    "comment_moderate",
    "comment_post",
    "comment_report",
    "comment_vote",
    "commitment_progress_add",
    "commitment_update",
    "commitments_notify_overdue",
    "consultation_phases_advance",
    "consultation_save",
    "notification_digests_deliver",
    "notification_preference_set",
    "notifications_deliver",
    "notifications_deliver_stale",
    "notify",
    "synthesis_draft",
    "synthesis_flag",
    "synthesis_flag_resolve",
    "synthesis_publish",
    "synthesis_request",
    "translation_produce",
    "translation_request",
    "translation_review",
    "use_case_moderate",
    "use_case_draft_from_library",
    "use_case_propose",
    "use_case_update",
    "user_block",
    "user_unblock",
]
