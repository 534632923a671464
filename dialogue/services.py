"""Writes of staff dialogue. Every civic write appends an audit row in its transaction, except
survey answers: those are anonymous, and an audit row would name their author."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from accounts.services import audit_record
from core.errors import Conflict, InvalidInput, NotAllowed
from core.text import text_normalise
from dialogue.models import (
    AgendaItem,
    AuditAction,
    Body,
    FollowUpSurvey,
    Meeting,
    Membership,
    Opinion,
    Stance,
    SurveyAnswer,
    SurveyParticipation,
    SurveyRound,
    Visibility,
)
from dialogue.policies import require_member, require_staff, user_can_start_survey
from dialogue.targets import REGISTER_RECORD, target_kinds, target_resolve

# How long a follow-up round stays open once opened.
ROUND_DAYS = 30
LIKERT_RANGE = range(1, 6)


def _require_admin(actor: User) -> None:
    if not (actor.is_authenticated and actor.is_superuser):
        raise NotAllowed(_("Only administrators set up staff bodies."))


def target_check(*, kind: str, ref: str) -> dict:
    """The target as its app shows it, or a readable refusal (unknown kind, unknown id)."""
    if kind not in target_kinds():
        raise InvalidInput(_("Choose what the opinion is about."))
    target = target_resolve(kind=kind, ref=ref)
    if target is None:
        raise InvalidInput(
            _("Nothing published of the kind “%(kind)s” has the id “%(ref)s”.")
            % {"kind": target_kinds()[kind].label, "ref": (ref or "")[:120]}
        )
    return target


def body_create(*, actor: User, slug: str, name: str, kind: str, description: str = "") -> Body:
    _require_admin(actor)
    with transaction.atomic():
        body = Body(slug=slug, name=name, kind=kind, description=description)
        body.full_clean()
        body.save()
        audit_record(
            actor=actor,
            action=AuditAction.BODY_CREATE,
            target_type=Body,
            target_id=body.slug,
            summary=body.name,
        )
    return body


def body_member_add(*, actor: User, body: Body, user: User) -> Membership:
    _require_admin(actor)
    if not user_has_role(user=user, role=Role.STAFF_REPRESENTATIVE):
        raise InvalidInput(
            _("Only people holding the staff representative role can sit in a body.")
        )
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(body=body, user=user)
        if created:
            audit_record(
                actor=actor,
                action=AuditAction.MEMBER_ADD,
                target_type=Body,
                target_id=body.slug,
                data={"user": user.pk},
            )
    return membership


def meeting_create(
    *, actor: User, body: Body, title: str, date: datetime.date, items: list[dict]
) -> Meeting:
    """A meeting and its agenda; each item may link a register record or a use case by its
    public id, checked against the app that owns it."""
    require_member(actor, body)
    if not items:
        raise InvalidInput(_("Give the meeting at least one agenda item."))
    for n, item in enumerate(items, start=1):
        if item.get("target_kind") or item.get("target_ref"):
            try:
                target_check(kind=item.get("target_kind", ""), ref=item.get("target_ref", ""))
            except InvalidInput as exc:
                raise InvalidInput(
                    _("Agenda item %(n)s: %(error)s") % {"n": n, "error": exc.message}
                ) from exc
    with transaction.atomic():
        meeting = Meeting.objects.create(body=body, title=title, date=date, created_by=actor)
        AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=meeting,
                position=n,
                title=item["title"].strip(),
                target_kind=item.get("target_kind", "") if item.get("target_ref") else "",
                target_ref=(item.get("target_ref") or "").strip(),
            )
            for n, item in enumerate(items, start=1)
        )
        audit_record(
            actor=actor,
            action=AuditAction.MEETING_CREATE,
            target_type=Meeting,
            target_id=meeting.pk,
            summary=f"{body.name} {date.isoformat()}",
        )
    return meeting


def meeting_minutes_publish(
    *, actor: User, meeting: Meeting, minutes: str, visibility: str
) -> Meeting:
    require_member(actor, meeting.body)
    if visibility not in Visibility.values:
        raise InvalidInput(_("Choose who may read the minutes."))
    if not (minutes or "").strip():
        raise InvalidInput(_("Write the minutes before publishing them."))
    with transaction.atomic():
        meeting.minutes = minutes
        meeting.minutes_visibility = visibility
        meeting.minutes_published_at = timezone.now()
        meeting.save(update_fields=["minutes", "minutes_visibility", "minutes_published_at"])
        audit_record(
            actor=actor,
            action=AuditAction.MINUTES_PUBLISH,
            target_type=Meeting,
            target_id=meeting.pk,
            data={"visibility": visibility},
        )
    return meeting


def opinion_file(
    *,
    actor: User,
    body: Body,
    target_kind: str,
    target_ref: str,
    stance: str,
    reasons: str,
    given_on: datetime.date,
    meeting: Meeting | None = None,
) -> Opinion:
    """A body's formal opinion, filed by one of its members; public at once."""
    require_member(actor, body)
    if stance not in Stance.values:
        raise InvalidInput(_("Choose the body's opinion."))
    if not (reasons or "").strip():
        raise InvalidInput(_("Give the reasons for the opinion."))
    if given_on > timezone.localdate():
        raise InvalidInput(_("The date of the opinion cannot be in the future."))
    if meeting is not None and meeting.body_id != body.pk:
        raise InvalidInput(_("This meeting is not one of this body's."))
    target_ref = (target_ref or "").strip()
    target_check(kind=target_kind, ref=target_ref)
    with transaction.atomic():
        opinion = Opinion(
            body=body,
            target_kind=target_kind,
            target_ref=target_ref,
            stance=stance,
            reasons=reasons,
            given_on=given_on,
            meeting=meeting,
            filed_by=actor,
        )
        opinion.save()
        audit_record(
            actor=actor,
            action=AuditAction.OPINION_FILE,
            target_type=Opinion,
            target_id=opinion.pk,
            summary=f"{body.name}: {opinion.get_stance_display()}",
            data={"kind": target_kind, "ref": target_ref, "stance": stance},
        )
    return opinion


# --- Follow-up surveys ---------------------------------------------------------------------


def quarter_of(day: datetime.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def survey_round_open(*, survey: FollowUpSurvey, today: datetime.date | None = None) -> SurveyRound:
    """This quarter's round of `survey` (opened now if it does not exist yet)."""
    today = today or timezone.localdate()
    round_, created = SurveyRound.objects.get_or_create(
        survey=survey,
        period=quarter_of(today),
        defaults={"opens_on": today, "closes_on": today + datetime.timedelta(days=ROUND_DAYS)},
    )
    if created:
        audit_record(
            actor=None,
            action=AuditAction.ROUND_OPEN,
            target_type=FollowUpSurvey,
            target_id=survey.record_ref,
            summary=round_.period,
        )
    return round_


def follow_up_survey_start(*, actor: User, record_ref: str) -> FollowUpSurvey:
    """Start the quarterly follow-up of a deployed system (register status "in use")."""
    if not user_can_start_survey(user=actor):
        raise NotAllowed(
            _("Only staff body members and register editors start a follow-up survey.")
        )
    target = target_check(kind=REGISTER_RECORD, ref=record_ref)
    if not target.get("in_use"):
        raise InvalidInput(_("A follow-up survey is for a system in use: this one is not."))
    with transaction.atomic():
        survey, created = FollowUpSurvey.objects.get_or_create(
            record_ref=target["ref"], defaults={"started_by": actor}
        )
        if not created and survey.active:
            raise Conflict(_("This system already has a follow-up survey."))
        if not survey.active:
            survey.active = True
            survey.save(update_fields=["active"])
        audit_record(
            actor=actor,
            action=AuditAction.SURVEY_START,
            target_type=FollowUpSurvey,
            target_id=survey.record_ref,
        )
        survey_round_open(survey=survey)
    return survey


def survey_rounds_open_due(*, today: datetime.date | None = None) -> int:
    """Open this quarter's round of every active survey whose system is still in use (beat)."""
    opened = 0
    for survey in FollowUpSurvey.objects.filter(active=True):
        target = target_resolve(kind=REGISTER_RECORD, ref=survey.record_ref)
        if target is None or not target.get("in_use"):
            continue
        with transaction.atomic():
            before = survey.rounds.count()
            survey_round_open(survey=survey, today=today)
            opened += survey.rounds.count() - before
    return opened


def survey_answer_submit(
    *,
    user: User,
    round: SurveyRound,
    workload: int,
    meaning: int,
    training: int,
    incidents: int,
    comment: str = "",
) -> None:
    """Record one anonymous answer. The participation row (who) and the answer (what) are
    written in one transaction but share nothing: no foreign key, no time, no ordered id."""
    require_staff(user)
    if not round.is_open():
        raise Conflict(_("This survey round is closed."))
    values = {
        "workload": workload,
        "meaning": meaning,
        "training": training,
        "incidents": incidents,
    }
    if any(value not in LIKERT_RANGE for value in values.values()):
        raise InvalidInput(_("Answer every question with a value from 1 to 5."))
    try:
        with transaction.atomic():
            SurveyParticipation.objects.create(round=round, user=user)
            SurveyAnswer.objects.create(
                round=round, comment=text_normalise(comment or ""), **values
            )
    except IntegrityError as exc:
        raise Conflict(_("You have already answered this round.")) from exc
