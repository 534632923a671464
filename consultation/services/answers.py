"""The city's official answer to a use case, and the commitments it makes."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from consultation import policies, selectors
from consultation.audit import ConsultationAuditAction, audit
from consultation.models import (
    DECISION_TO_STATUS,
    Commitment,
    CommitmentStatus,
    Decision,
    NotificationKind,
    OfficialAnswer,
    UseCase,
)
from consultation.services.closed_loop import answer_adoption_follow_up
from consultation.services.notifications import absolute_url, notify
from core.errors import InvalidInput


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
    departure_justification: str = "",
) -> OfficialAnswer:
    """Publish (or revise) the city's answer; the use case's status follows the decision and
    everyone who took part is told. An answer that departs from the vote's median grade needs
    its written justification (`policies.answer_departs_from_vote`); an adoption opens the
    register draft and its commitment (`closed_loop.answer_adoption_follow_up`)."""
    policies.answer_check(user=author, use_case=use_case)
    if decision not in Decision.values:
        raise InvalidInput(_("Choose a decision."), code="decision")
    if not (justification or "").strip():
        raise InvalidInput(_("Justify the decision."), code="justification")
    median_grade = selectors.use_case_median_grade(use_case=use_case)
    policies.answer_departure_check(
        decision=decision,
        median_grade=median_grade,
        departure_justification=departure_justification,
    )
    departs = policies.answer_departs_from_vote(decision=decision, median_grade=median_grade)
    departure_justification = departure_justification.strip() if departs else ""
    now = timezone.now()
    answer, created = OfficialAnswer.objects.update_or_create(
        use_case=use_case,
        defaults={
            "author": author,
            "author_title": (author_title or author.public_name).strip()[:160],
            "decision": decision,
            "justification": justification.strip(),
            "register_slug": (register_slug or "").strip()[:120],
            "departure_justification": departure_justification,
            "median_grade": median_grade or "",
            "updated_at": now,
        },
        create_defaults={
            "author": author,
            "author_title": (author_title or author.public_name).strip()[:160],
            "decision": decision,
            "justification": justification.strip(),
            "register_slug": (register_slug or "").strip()[:120],
            "departure_justification": departure_justification,
            "median_grade": median_grade or "",
            "published_at": now,
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
    answer_adoption_follow_up(answer=answer, actor=author)
    audit(
        actor=author,
        action=ConsultationAuditAction.ANSWER_PUBLISHED
        if created
        else ConsultationAuditAction.ANSWER_REVISED,
        target=use_case,
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
            url=absolute_url(use_case.get_absolute_url()),
        )
    return answer


@transaction.atomic
def commitment_update(*, user: User, commitment: Commitment, status: str) -> Commitment:
    """Follow a commitment up in public: in progress, kept or abandoned."""
    policies.commitment_update_check(user=user)
    if status not in CommitmentStatus.values:
        raise InvalidInput(_("Unknown status."))
    commitment.status = status
    commitment.done_at = timezone.localdate() if status == CommitmentStatus.KEPT else None
    commitment.save(update_fields=["status", "done_at"])
    audit(
        actor=user,
        action=ConsultationAuditAction.COMMITMENT_UPDATED,
        target=commitment,
        summary=status,
    )
    return commitment
