"""Reads of staff dialogue, shared with the register, the consultations and the observatory."""

from django.conf import settings
from django.db.models import Avg, Count, Prefetch
from django.utils import timezone

from core.prepared import PreparedQuery
from dialogue.models import (
    AgendaItem,
    Body,
    FollowUpSurvey,
    Meeting,
    Membership,
    Opinion,
    Stance,
    SurveyParticipation,
    SurveyRound,
    Visibility,
)
from dialogue.policies import user_is_staff
from dialogue.targets import target_resolve

QUESTIONS = ("workload", "meaning", "training", "incidents")


def min_group_size() -> int:
    """Aggregates of a round are shown only from this many answers (shared with consultations)."""
    return settings.CONSULTATION_MIN_GROUP_SIZE


def bodies_list():
    return Body.objects.annotate(
        member_count=Count("memberships", distinct=True),
        opinion_count=Count("opinions", distinct=True),
    ).order_by("name")


def body_members(*, body: Body) -> list:
    return [
        m.user
        for m in Membership.objects.filter(body=body, user__is_active=True)
        .select_related("user")
        .order_by("user__display_name")
    ]


def meetings_of(*, body: Body):
    return body.meetings.order_by("-date", "-id")


def meeting_detail(*, pk: int) -> Meeting | None:
    return (
        Meeting.objects.select_related("body")
        .prefetch_related(Prefetch("agenda", queryset=AgendaItem.objects.order_by("position")))
        .filter(pk=pk)
        .first()
    )


def minutes_visible(*, meeting: Meeting, user) -> bool:
    """Published minutes, to everyone or (staff-only minutes) to the city's staff."""
    if meeting.minutes_published_at is None:
        return False
    return meeting.minutes_visibility == Visibility.PUBLIC or user_is_staff(user=user)


def agenda_links(*, meeting: Meeting) -> list[dict]:
    """Each agenda item with its linked record as its app shows it (None when unpublished)."""
    return [
        {
            "item": item,
            "target": target_resolve(kind=item.target_kind, ref=item.target_ref)
            if item.target_kind
            else None,
        }
        for item in meeting.agenda.all()
    ]


def opinion_display(opinion: Opinion) -> dict:
    return {
        "body": opinion.body.name,
        "body_slug": opinion.body.slug,
        "body_url": opinion.body.get_absolute_url(),
        "body_kind": opinion.body.kind,
        "body_kind_label": opinion.body.get_kind_display(),
        "stance": opinion.stance,
        "stance_label": opinion.get_stance_display(),
        "reasons": opinion.reasons,
        "given_on": opinion.given_on,
    }


def opinions_for_target(*, kind: str, ref) -> list[dict]:
    """The formal opinions on one record or use case, newest first (shown beside its answer)."""
    rows = Opinion.objects.filter(target_kind=kind, target_ref=str(ref)).select_related("body")
    return [opinion_display(o) for o in rows.order_by("-given_on", "-id")]


# An opinion as the register's exports carry it (`staff_opinions`, standard 1.2), read as plain
# values: no body instance and no URL reversed per opinion.
_EXPORTED_COLUMNS = ("body__name", "body__kind", "stance", "reasons", "given_on")


def _opinion_exported(row: tuple) -> dict:
    body, body_kind, stance, reasons, given_on = row
    return {
        "body": body,
        "body_kind": body_kind,
        "stance": stance,
        "reasons": reasons,
        "given_on": given_on.isoformat(),
    }


def opinions_by_target(*, kind: str) -> dict[str, list[dict]]:
    """Exported opinions per public id, for every target of a kind in one query (exports)."""
    qs = Opinion.objects.filter(target_kind=kind)
    out: dict[str, list[dict]] = {}
    for ref, *row in qs.order_by("target_ref", "-given_on", "-id").values_list(
        "target_ref", *_EXPORTED_COLUMNS
    ):
        out.setdefault(ref, []).append(_opinion_exported(row))
    return out


def _opinions_exported_query(kind, ref):
    return (
        Opinion.objects.filter(target_kind=kind, target_ref=ref)
        .order_by("-given_on", "-id")
        .values_list(*_EXPORTED_COLUMNS)
    )


# A register record's opinions are read on every rendering of its API detail.
_OPINIONS_EXPORTED = PreparedQuery(_opinions_exported_query, kind="\ufffe-kind", ref="\ufffe-ref")


def opinions_exported(*, kind: str, ref) -> list[dict]:
    """The exported opinions on one target, newest first (what `opinions_by_target` gives it)."""
    return [_opinion_exported(row) for row in _OPINIONS_EXPORTED.rows(kind=kind, ref=str(ref))]


def target_has_opinion(*, kind: str, ref) -> bool:
    return Opinion.objects.filter(target_kind=kind, target_ref=str(ref)).exists()


def recent_opinions(*, limit: int = 20) -> list[dict]:
    rows = Opinion.objects.select_related("body").order_by("-given_on", "-id")[:limit]
    out = []
    for opinion in rows:
        row = opinion_display(opinion)
        row["target"] = target_resolve(kind=opinion.target_kind, ref=opinion.target_ref)
        out.append(row)
    return out


# --- Follow-up surveys ---------------------------------------------------------------------


def follow_up_survey(*, record_ref: str) -> FollowUpSurvey | None:
    return FollowUpSurvey.objects.filter(record_ref=record_ref).first()


def round_results(*, rounds) -> list[dict]:
    """Per round: the number of answers and, from the minimum group size only, the mean of
    each question (1–5). Below it nothing but the count: a small group's answers could be
    told apart."""
    minimum = min_group_size()
    stats = (
        SurveyRound.objects.filter(pk__in=[r.pk for r in rounds])
        .annotate(
            answer_count=Count("answers"),
            **{f"avg_{q}": Avg(f"answers__{q}") for q in QUESTIONS},
        )
        .order_by("opens_on", "period")
    )
    out = []
    for row in stats:
        shown = row.answer_count >= minimum
        out.append(
            {
                "round": row,
                "period": row.period,
                "answers": row.answer_count,
                "shown": shown,
                "averages": {q: round(getattr(row, f"avg_{q}"), 1) for q in QUESTIONS}
                if shown
                else None,
            }
        )
    return out


def follow_up_results(*, record_ref: str) -> dict | None:
    """The record's survey over time (oldest round first), or None when it has none."""
    survey = follow_up_survey(record_ref=record_ref)
    if survey is None:
        return None
    return {
        "survey": survey,
        "rounds": round_results(rounds=list(survey.rounds.all())),
        "minimum": min_group_size(),
    }


def round_comments(*, round: SurveyRound) -> list[str]:
    """Free-text answers of a round, only from the minimum group size (random order)."""
    if round.answers.count() < min_group_size():
        return []
    return [c for c in round.answers.exclude(comment="").values_list("comment", flat=True)]


def rounds_open_for(*, user) -> list[SurveyRound]:
    """The open rounds `user` (staff) has not answered yet."""
    if not user_is_staff(user=user):
        return []
    today = timezone.localdate()
    answered = SurveyParticipation.objects.filter(user=user).values("round_id")
    rows = (
        SurveyRound.objects.filter(opens_on__lte=today, closes_on__gte=today, survey__active=True)
        .exclude(pk__in=answered)
        .select_related("survey")
        .order_by("closes_on")
    )
    out = []
    for row in rows:
        row.target = target_resolve(kind="register_record", ref=row.survey.record_ref)
        out.append(row)
    return out


def user_has_answered(*, user, round: SurveyRound) -> bool:
    return SurveyParticipation.objects.filter(user=user, round=round).exists()


def dialogue_indicators() -> dict:
    """The observatory's section: bodies, opinions by stance, the surveys' shown averages by
    period (rounds below the minimum group size are left out of every figure)."""
    by_stance = dict(
        Opinion.objects.values_list("stance").annotate(n=Count("id")).values_list("stance", "n")
    )
    rounds = round_results(rounds=list(SurveyRound.objects.all()))
    periods: dict[str, list[dict]] = {}
    for row in rounds:
        if row["shown"]:
            periods.setdefault(row["period"], []).append(row)
    survey_by_period = []
    for period in sorted(periods):
        rows = periods[period]
        total = sum(r["answers"] for r in rows)
        survey_by_period.append(
            {
                "period": period,
                "answers": total,
                **{
                    q: round(sum(r["averages"][q] * r["answers"] for r in rows) / total, 2)
                    for q in QUESTIONS
                },
            }
        )
    return {
        "bodies": Body.objects.count(),
        "opinions": sum(by_stance.values()),
        "by_stance": [
            {"key": s.value, "label": str(s.label), "count": by_stance.get(s.value, 0)}
            for s in Stance
        ],
        "surveys": FollowUpSurvey.objects.count(),
        "survey_by_period": survey_by_period,
        "min_group_size": min_group_size(),
    }
