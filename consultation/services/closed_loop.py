"""The closed loop from vote to decision to register: what adopting a use case opens (a register
draft and the commitment to publish it before going live), progress on commitments, and the
overdue commitments' reminders. The rule on answers that depart from the vote is in
`consultation.policies` (`answer_departs_from_vote`)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from consultation import policies, selectors
from consultation.audit import ConsultationAuditAction, audit
from consultation.models import (
    Commitment,
    CommitmentKind,
    CommitmentProgress,
    CommitmentStatus,
    NotificationKind,
    OfficialAnswer,
    UseCase,
)
from consultation.services.notifications import absolute_url, notify
from core.errors import InvalidInput
from register.services import system_draft_from_tool

REGISTER_COMMITMENT_TEXT = "Fiche du registre des IA publiée avant la mise en service"


def register_draft_data(*, use_case: UseCase) -> dict:
    """The register fields the dossier fills (in the city's language, as records are); the
    register editors complete the rest (legal basis, oversight, risk questionnaire…)."""
    return {
        "name": use_case.title[:200],
        "short_description": use_case.summary,
        "organisation": settings.CITY_NAME,
        "department": use_case.department[:200],
        "status": "planned",
        "purpose": use_case.problem,
        "expected_impact": use_case.expected_benefits,
        "technical_description": use_case.proposed_ai,
        "live_data": use_case.data_used,
        "people_affected": " ".join(use_case.people_affected.split())[:255],
        "risks_mitigations": use_case.risks,
        "alternatives_considered": use_case.alternatives,
    }


def answer_adoption_follow_up(*, answer: OfficialAnswer, actor: User) -> Commitment | None:
    """An adoption opens the use case's register record as a draft (unless the use case already
    has one) and the commitment to publish it before going live. Idempotent: the commitment is
    unique per answer, so re-saving or revising the answer creates neither twice."""
    if answer.decision not in policies.ADOPTING_DECISIONS:
        return None
    existing = answer.commitments.filter(kind=CommitmentKind.REGISTER_RECORD).first()
    if existing is not None:
        return existing
    use_case = answer.use_case
    slug = use_case.register_slug or answer.register_slug
    if not slug:
        system = system_draft_from_tool(
            actor=actor,
            slug=use_case.title,
            data=register_draft_data(use_case=use_case),
            change_summary=_("Draft opened by the adoption of use case #%(pk)s")
            % {"pk": use_case.pk},
            source="consultation",
        )
        slug = system.slug
        audit(
            actor=actor,
            action=ConsultationAuditAction.REGISTER_DRAFT_OPENED,
            target=use_case,
            summary=slug,
        )
    if use_case.register_slug != slug:
        use_case.register_slug = slug
        use_case.save(update_fields=["register_slug"])
    commitment = Commitment.objects.create(
        answer=answer,
        kind=CommitmentKind.REGISTER_RECORD,
        register_slug=slug,
        text=REGISTER_COMMITMENT_TEXT,
        deadline=timezone.localdate()
        + datetime.timedelta(days=settings.CONSULTATION_REGISTER_DEADLINE_DAYS),
    )
    return commitment


@transaction.atomic
def commitment_progress_add(
    *, user: User, commitment: Commitment, percent, note: str
) -> CommitmentProgress:
    """A dated progress note (0–100 %) on a commitment, shown on the use case's timeline."""
    policies.commitment_progress_check(user=user, commitment=commitment)
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        raise InvalidInput(
            _("Give the progress as a number from 0 to 100."), code="percent"
        ) from None
    if not 0 <= percent <= 100:
        raise InvalidInput(_("Give the progress as a number from 0 to 100."), code="percent")
    note = (note or "").strip()
    if not note:
        raise InvalidInput(_("Say what was done."), code="note")
    if len(note) > 1000:
        raise InvalidInput(_("Keep the note under 1,000 characters."), code="note")
    if commitment.status != CommitmentStatus.PENDING:
        raise InvalidInput(
            _("This commitment is closed (%(status)s).")
            % {"status": commitment.get_status_display()},
            code="status",
        )
    row = CommitmentProgress.objects.create(
        commitment=commitment,
        author=user,
        author_label=user.public_name[:160],
        percent=percent,
        note=note,
    )
    audit(
        actor=user,
        action=ConsultationAuditAction.COMMITMENT_PROGRESS,
        target=commitment,
        summary=f"{percent} %",
    )
    return row


def commitments_notify_overdue(*, now: datetime.datetime | None = None) -> int:
    """Tell each overdue commitment's owners once, through the outbox (the notification
    outbox): the answer's author and the agents of the department that owns the use case. The
    register commitment is checked against its record (a published record keeps it)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    count = 0
    for commitment in selectors.commitments_overdue_unnotified(today=today):
        use_case = commitment.answer.use_case
        rows = selectors.use_case_commitments(use_case=use_case, today=today)
        public = next((r for r in rows if r["pk"] == commitment.pk), None)
        if public is None or not public["is_overdue"]:
            continue
        with transaction.atomic():
            updated = Commitment.objects.filter(
                pk=commitment.pk, overdue_notified_at__isnull=True
            ).update(overdue_notified_at=now)
            if not updated:
                continue
            owners = {commitment.answer.author_id} - {None}
            if use_case.department.strip():
                owners |= set(
                    User.objects.filter(
                        groups__name=Role.AGENT,
                        department__iexact=use_case.department.strip(),
                        is_active=True,
                    ).values_list("pk", flat=True)
                )
            if owners:
                notify(
                    recipient_ids=owners,
                    kind=NotificationKind.COMMITMENT,
                    subject=_("Overdue commitment on “%(title)s”") % {"title": use_case.title},
                    body=_(
                        "The commitment “%(text)s” was due on %(date)s and is shown publicly "
                        "as overdue."
                    )
                    % {"text": commitment.text, "date": commitment.deadline.isoformat()},
                    url=absolute_url(use_case.get_absolute_url() + "#answer"),
                )
            count += 1
    return count
