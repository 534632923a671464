"""Writes on the register, by sub-domain: `systems` (identity, retirement, readers' error
reports), `versions` (drafts and four-eyes publishing), `recourse` (requests for a human
review) `counter` (requests recorded on someone's behalf, their receipt and letter)
and `recourse_followup` (their emails, reminders and purge, run by tasks), `reviews`
(overdue review and evaluation reminders), `oversight` (evaluations of deployed systems,
hidden-algorithm declarations, incidents). Every write to a civic record appends an audit row in the same transaction; a refused
write raises a `core.errors.ApplicationError`.

The public names stay importable from `register.services` for the other apps and the views.
"""

from register.policies import user_can_edit_register, user_can_handle_recourse
from register.questionnaire import RiskResult, risk_level_assess
from register.services.counter import (
    ASSISTED_CHANNELS,
    recourse_letter_pdf,
    recourse_receipt_pdf,
    recourse_request_record,
)
from register.services.evaluations import system_evaluation_record
from register.services.oversight import (
    DECLARATION_FIELDS,
    declaration_close,
    declaration_create,
    declaration_to_draft,
    deployment_evaluation_record,
    incident_close,
    incident_mark_reported,
    incident_record,
    survey_periods,
    system_affects_people,
)
from register.services.recourse import (
    REFERENCE_ALPHABET,
    add_months,
    lookup_rate_limited,
    recourse_default_due_date,
    recourse_rate_limited,
    recourse_request_add_note,
    recourse_request_answer,
    recourse_request_assign,
    recourse_request_open,
    recourse_request_set_due_date,
    recourse_request_set_status,
)
from register.services.recourse_followup import (
    recourse_acknowledgement_enqueue,
    recourse_answer_enqueue,
    recourse_request_anonymise,
    recourse_requests_purge,
    recourse_requests_remind_overdue,
)
from register.services.reviews import (
    systems_remind_evaluation_overdue,
    systems_remind_review_overdue,
)
from register.services.systems import (
    RESERVED_SLUGS,
    error_report_create,
    error_report_mark_handled,
    feedback_rate_limited,
    system_create,
    system_draft_from_tool,
    system_retire,
    system_tool_key_set,
)
from register.services.versions import (
    CONTENT_FIELDS,
    CORE_FIELDS,
    system_assessment_save,
    system_charter_save,
    system_latest_version,
    system_version_publish,
    system_version_save,
    version_discard,
    version_missing_core_fields,
)

__all__ = [
    "ASSISTED_CHANNELS",
    "recourse_letter_pdf",
    "recourse_receipt_pdf",
    "recourse_request_record",
    "CONTENT_FIELDS",
    "CORE_FIELDS",
    "REFERENCE_ALPHABET",
    "RESERVED_SLUGS",
    "RiskResult",
    "add_months",
    "error_report_create",
    "error_report_mark_handled",
    "feedback_rate_limited",
    "lookup_rate_limited",
    "recourse_default_due_date",
    "recourse_rate_limited",
    "recourse_request_add_note",
    "recourse_request_anonymise",
    "recourse_request_answer",
    "recourse_request_assign",
    "recourse_request_open",
    "recourse_request_set_due_date",
    "recourse_request_set_status",
    "recourse_requests_purge",
    "recourse_requests_remind_overdue",
    "recourse_acknowledgement_enqueue",
    "recourse_answer_enqueue",
    "risk_level_assess",
    "system_assessment_save",
    "system_charter_save",
    "system_create",
    "system_draft_from_tool",
    "system_evaluation_record",
    "system_latest_version",
    "system_retire",
    "system_tool_key_set",
    "systems_remind_review_overdue",
    "systems_remind_evaluation_overdue",
    "DECLARATION_FIELDS",
    "declaration_close",
    "declaration_create",
    "declaration_to_draft",
    "deployment_evaluation_record",
    "incident_close",
    "incident_mark_reported",
    "incident_record",
    "survey_periods",
    "system_affects_people",
    "system_version_publish",
    "system_version_save",
    "user_can_edit_register",
    "user_can_handle_recourse",
    "version_discard",
    "version_missing_core_fields",
]
