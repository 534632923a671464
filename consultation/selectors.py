"""Reads shared by views, API, exports and other apps (observatory reads
`consultation_indicators()` only)."""

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count, Exists, F, FilteredRelation, Max, OuterRef, Q, Sum, Window
from django.db.models.functions import Lower, RowNumber, Trim, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext

from accounts.models import AgeBracket
from accounts.territories import territory_choices, territory_label
from consultation import majority
from consultation.audience import readable_q
from consultation.models import (
    GRADE_MERIT,
    GRADES_BEST_FIRST,
    Alignment,
    Appeal,
    AppealStatus,
    Audience,
    Ballot,
    BallotChannel,
    Comment,
    Commitment,
    CommitmentStatus,
    Consultation,
    DecisionAction,
    Frequency,
    Grade,
    ModerationDecision,
    ModerationState,
    NotificationPreference,
    OfficialAnswer,
    PaperBatch,
    PaperBatchCount,
    PaperBatchStatus,
    Phase,
    Report,
    ReportReason,
    ReportStatus,
    UseCase,
    UserBlock,
)
from core.aggregates import count_by_month
from register.selectors import (
    system_link_choices,
    system_public_summary,
    system_record_state,
    system_records_published,
)

# --- Register link (read through the register's selectors) ---------------------------------


def register_summary(*, slug: str) -> dict | None:
    if not slug:
        return None
    return system_public_summary(slug=slug)


def register_choices() -> list[tuple[str, str]]:
    return list(system_link_choices())


# --- Consultations and use cases ----------------------------------------------------------


def consultation_list(*, user):
    """The consultations this person may read (staff consultations only to their audience)."""
    return (
        Consultation.objects.filter(readable_q(user=user))
        .annotate(
            use_case_count=Count(
                "use_cases", filter=Q(use_cases__moderation_state=ModerationState.APPROVED)
            )
        )
        .order_by("-voting_starts_at", "-id")
    )


def public_use_cases():
    return UseCase.objects.filter(moderation_state=ModerationState.APPROVED)


def consultation_use_cases(*, consultation: Consultation):
    return (
        public_use_cases()
        .filter(consultation=consultation)
        .select_related("official_answer")
        .annotate(comment_count=Count("comments", filter=Q(comments__is_hidden=False)))
        .order_by("title", "id")
    )


def user_is_blocked(*, user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_consultation_blocked", None)
    if cached is None:
        cached = (
            UserBlock.objects.filter(user=user)
            .filter(Q(until__isnull=True) | Q(until__gt=timezone.now()))
            .exists()
        )
        user._consultation_blocked = cached
    return cached


def user_ballots(*, user, use_case_ids) -> dict[int, str]:
    if not user.is_authenticated:
        return {}
    return dict(
        Ballot.objects.filter(voter=user, use_case_id__in=list(use_case_ids)).values_list(
            "use_case_id", "grade"
        )
    )


def use_case_participant_ids(*, use_case: UseCase) -> set[int]:
    """People to tell about the answer: the proposer, voters and commenters."""
    ids = set(Ballot.objects.filter(use_case=use_case).values_list("voter_id", flat=True))
    ids |= set(Comment.objects.filter(use_case=use_case).values_list("author_id", flat=True))
    if use_case.proposer_id:
        ids.add(use_case.proposer_id)
    return ids


WORD_RE = re.compile(r"[\wÀ-ÿ]{4,}", re.UNICODE)


def use_case_similar(
    *, text: str, user=None, exclude_pk: int | None = None, limit: int = 5
) -> list:
    """Existing use cases close to a new proposal, among those `user` may read: French
    full-text on PostgreSQL, word matching ranked by overlap elsewhere."""
    words = list(dict.fromkeys(w.lower() for w in WORD_RE.findall(text or "")))[:12]
    if not words:
        return []
    qs = public_use_cases().filter(
        readable_q(user=user or AnonymousUser(), prefix="consultation__")
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("title", weight="A", config="french") + SearchVector(
            "summary", "problem", "proposed_ai", weight="B", config="french"
        )
        query = None
        for word in words:
            term = SearchQuery(word, config="french")
            query = term if query is None else query | term
        return list(
            qs.annotate(rank=SearchRank(vector, query))
            .filter(rank__gt=0.01)
            .order_by("-rank", "-id")[:limit]
        )
    condition = Q()
    for word in words:
        condition |= Q(title__icontains=word) | Q(summary__icontains=word)
    candidates = list(qs.filter(condition)[:50])

    def overlap(uc):
        haystack = f"{uc.title} {uc.summary}".lower()
        return sum(1 for w in words if w in haystack)

    candidates.sort(key=lambda uc: (-overlap(uc), -uc.pk))
    return [uc for uc in candidates if overlap(uc) >= min(2, len(words))][:limit]


# --- Comments --------------------------------------------------------------------------------

SORTS = {
    "recent": ["-created_at", "-id"],
    "supported": ["-score", "-created_at"],
    "for": ["-score", "-created_at"],
    "against": ["-score", "-created_at"],
}


COMMENTS_PER_PAGE = 20  # top-level comments per page of a use case's debate


def comment_page_number(*, comment: Comment, per_page: int = COMMENTS_PER_PAGE) -> int:
    """The page of the debate (default order, most recent first) that shows `comment`: its
    thread's top-level comment's page. One count query."""
    root_id = comment.root_id or comment.pk
    root = comment if root_id == comment.pk else Comment.objects.only("created_at").get(pk=root_id)
    newer = Comment.objects.filter(use_case_id=comment.use_case_id, depth=1).filter(
        Q(created_at__gt=root.created_at) | Q(created_at=root.created_at, id__gt=root_id)
    )
    return newer.count() // per_page + 1


def comment_threads(*, use_case: UseCase, sort: str = "recent"):
    """Top-level comments to paginate; `comment_tree` then loads their replies in one query."""
    qs = Comment.objects.filter(use_case=use_case, depth=1).select_related(
        "author", "use_case__consultation"
    )
    if sort == "for":
        qs = qs.filter(alignment=Alignment.FOR)
    elif sort == "against":
        qs = qs.filter(alignment=Alignment.AGAINST)
    return qs.order_by(*SORTS.get(sort, SORTS["recent"]))


def comment_tree(*, roots: list[Comment], user=None) -> list[Comment]:
    """Attach `children` to each root (depth ≤ 3) and `my_vote` for the viewer."""
    if not roots:
        return []
    replies = list(
        Comment.objects.filter(root_id__in=[r.pk for r in roots], depth__gt=1)
        .select_related("author", "use_case__consultation")
        .order_by("created_at", "id")
    )
    by_id = {c.pk: c for c in [*roots, *replies]}
    for c in by_id.values():
        c.children = []
        c.my_vote = 0
    for reply in replies:
        parent = by_id.get(reply.parent_id)
        if parent is not None:
            parent.children.append(reply)
    if user is not None and user.is_authenticated:
        from consultation.models import CommentVote

        for comment_id, value in CommentVote.objects.filter(
            voter=user, comment_id__in=list(by_id)
        ).values_list("comment_id", "value"):
            by_id[comment_id].my_vote = value
    return roots


# --- Results (SQL aggregates only) ---------------------------------------------------------


def grade_counts(*, use_case_filter: Q) -> dict[int, list[int]]:
    """{use_case_id: counts by merit (index 0 = reject … 6 = excellent)} in one GROUP BY."""
    profiles: dict[int, list[int]] = defaultdict(lambda: [0] * len(GRADES_BEST_FIRST))
    rows = (
        Ballot.objects.filter(use_case_filter)
        .values("use_case_id", "grade")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        if row["grade"] in GRADE_MERIT:
            profiles[row["use_case_id"]][GRADE_MERIT[row["grade"]]] = row["n"]
    return profiles


def _merit_to_grade(merit: int | None) -> str | None:
    if merit is None:
        return None
    return GRADES_BEST_FIRST[len(GRADES_BEST_FIRST) - 1 - merit]


def consultation_results(*, consultation: Consultation) -> list[dict]:
    use_cases = list(
        public_use_cases()
        .filter(consultation=consultation)
        .select_related("official_answer")
        .order_by("pk")
    )
    online = grade_counts(use_case_filter=Q(use_case__consultation=consultation))
    by_channel = {
        BallotChannel.ONLINE.value: online,
        **paper_grade_counts(consultation=consultation),
    }
    rows = results_from_profiles(use_cases=use_cases, profiles=profiles_merge(by_channel.values()))
    channel_breakdown_attach(rows=rows, by_channel=by_channel)
    return rows


# --- Paper and counter ballots (counted in batches, four-eyes) -------------------------------


def paper_grade_counts(
    *, consultation: Consultation | None = None, use_case_ids: Iterable[int] | None = None
) -> dict[str, dict[int, list[int]]]:
    """{channel: {use_case_id: counts by merit}} of the confirmed batches of one consultation's
    use cases, or of the use cases `use_case_ids`, in one GROUP BY.

    Only a batch's confirmed entry counts (two officers' entries agreed); refused batches and
    the other entries never do."""
    scope = (
        Q(use_case__consultation=consultation)
        if consultation is not None
        else Q(use_case_id__in=list(use_case_ids or ()))
    )
    result: dict[str, dict[int, list[int]]] = {
        channel: defaultdict(lambda: [0] * len(GRADES_BEST_FIRST))
        for channel in (BallotChannel.PAPER.value, BallotChannel.COUNTER.value)
    }
    rows = (
        PaperBatchCount.objects.filter(
            scope,
            entry__batch__status=PaperBatchStatus.CONFIRMED,
            entry__batch__confirmed_entry=F("entry"),
        )
        .values("entry__batch__channel", "use_case_id", "grade")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in rows:
        if row["grade"] in GRADE_MERIT and row["entry__batch__channel"] in result:
            channel = result[row["entry__batch__channel"]]
            channel[row["use_case_id"]][GRADE_MERIT[row["grade"]]] += row["n"]
    return result


def profiles_merge(profiles: Iterable[dict[int, list[int]]]) -> dict[int, list[int]]:
    """Add grade counts of several channels: majority judgment works on the sum."""
    merged: dict[int, list[int]] = defaultdict(lambda: [0] * len(GRADES_BEST_FIRST))
    for by_use_case in profiles:
        for use_case_id, counts in by_use_case.items():
            merged[use_case_id] = [a + b for a, b in zip(merged[use_case_id], counts, strict=True)]
    return merged


def channel_breakdown_attach(*, rows: list[dict], by_channel: dict) -> None:
    """Each result row gets `channels`: ballots per grade for online, paper and counter, whose
    sums are the row's own counts."""
    zero = [0] * len(GRADES_BEST_FIRST)
    for row in rows:
        pk = row["use_case"].pk
        row["channels"] = []
        for channel, profiles in by_channel.items():
            counts = profiles.get(pk, zero)
            row["channels"].append(
                {
                    "channel": channel,
                    "label": BallotChannel(channel).label,
                    "ballots": sum(counts),
                    "counts": [counts[GRADE_MERIT[grade]] for grade in GRADES_BEST_FIRST],
                }
            )


def paper_batches(*, consultation: Consultation):
    return (
        PaperBatch.objects.filter(consultation=consultation)
        .annotate(entry_count=Count("entries"))
        .order_by("label")
    )


def paper_batch_differences(*, batch: PaperBatch) -> list[str]:
    """Titles of the use cases on which a refused batch's entries disagree (not the figures:
    the next officer counts without seeing them)."""
    by_entry: dict[int, dict] = defaultdict(dict)
    for entry_id, use_case_id, grade, n in PaperBatchCount.objects.filter(
        entry__batch=batch
    ).values_list("entry_id", "use_case_id", "grade", "count"):
        by_entry[entry_id][(use_case_id, grade)] = n
    for entry_id in batch.entries.values_list("pk", flat=True):
        by_entry.setdefault(entry_id, {})
    keys = {key for counts in by_entry.values() for key in counts}
    differing = {
        use_case_id
        for use_case_id, grade in keys
        if len({counts.get((use_case_id, grade), 0) for counts in by_entry.values()}) > 1
    }
    return list(
        UseCase.objects.filter(pk__in=differing).order_by("title").values_list("title", flat=True)
    )


def results_from_profiles(*, use_cases: list[UseCase], profiles: dict) -> list[dict]:
    zero = [0] * len(GRADES_BEST_FIRST)
    by_id = {uc.pk: uc for uc in use_cases}
    ranking = majority.rank({pk: profiles.get(pk, zero) for pk in by_id})
    rows = []
    for pk, rank in ranking:
        counts = profiles.get(pk, zero)
        total = sum(counts)
        median = _merit_to_grade(majority.median_merit(counts))
        distribution = []
        for grade in GRADES_BEST_FIRST:
            n = counts[GRADE_MERIT[grade]]
            distribution.append(
                {
                    "grade": grade,
                    "label": Grade(grade).label,
                    "count": n,
                    "share": (n / total) if total else 0.0,
                }
            )
        gauge = majority.gauge(counts)
        rows.append(
            {
                "use_case": by_id[pk],
                "rank": rank,
                "median_grade": median,
                "median_label": Grade(median).label if median else "",
                "grade_counts": {d["grade"]: d["count"] for d in distribution},
                "distribution": distribution,
                "ballots": total,
                "above_share": float(sum(counts[GRADE_MERIT[median] + 1 :]) / total)
                if median
                else 0.0,
                "below_share": float(sum(counts[: GRADE_MERIT[median]]) / total) if median else 0.0,
                "gauge_sign": "+" if gauge and gauge[1] > 0 else ("−" if gauge else ""),
            }
        )
    return rows


def consultation_voter_count(*, consultation: Consultation) -> int:
    return (
        Ballot.objects.filter(use_case__consultation=consultation)
        .values("voter_id")
        .distinct()
        .count()
    )


def consultation_comment_counts(*, consultation: Consultation) -> dict:
    """Comments in the consultation's debates and how many people wrote them (one query)."""
    return Comment.objects.filter(use_case__consultation=consultation).aggregate(
        total=Count("id"), authors=Count("author_id", distinct=True)
    )


def notification_frequency(*, user) -> str:
    """How often `user` wants to be told (immediately by default)."""
    pref = NotificationPreference.objects.filter(user=user).first()
    return pref.frequency if pref else Frequency.IMMEDIATELY


def consultation_participation_by_day(*, consultation: Consultation) -> list[dict]:
    rows = (
        Ballot.objects.filter(use_case__consultation=consultation)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(ballots=Count("id"), voters=Count("voter_id", distinct=True))
        .order_by("day")
    )
    total = 0
    out = []
    for row in rows:
        total += row["ballots"]
        out.append({**row, "cumulative": total})
    return out


def participation_territory_label() -> str:
    """What the city calls the territories its participation statistics are broken down by."""
    return territory_label()


def consultation_participation_by_group(*, consultation: Consultation, field: str) -> dict:
    """Distinct voters per self-declared group, groups under the threshold withheld."""
    labels = dict(territory_choices() if field == "arrondissement" else AgeBracket.choices)
    minimum = settings.CONSULTATION_MIN_GROUP_SIZE
    rows = (
        Ballot.objects.filter(use_case__consultation=consultation)
        .values(key=F(f"voter__{field}"))
        .annotate(n=Count("voter_id", distinct=True))
        .order_by("key")
    )
    shown, withheld = [], 0
    for row in rows:
        if row["key"] and row["key"] in labels and row["n"] >= minimum:
            shown.append({"key": row["key"], "label": str(labels[row["key"]]), "count": row["n"]})
        else:
            withheld += row["n"]
    order = list(labels)
    shown.sort(key=lambda r: order.index(r["key"]))
    return {"groups": shown, "withheld": withheld, "minimum": minimum}


def consultation_results_by_department(*, consultation: Consultation) -> dict:
    """A staff consultation's median grade per use case in each department of its voters.

    Only departments with at least CONSULTATION_MIN_GROUP_SIZE voters are shown; smaller ones
    (and voters who gave no department) are pooled as "other departments". When that pool is
    itself too small but not empty, the smallest shown department joins it, until it is large
    enough: otherwise its figures could be worked out from the total by subtraction. Grades
    are counted in SQL, as for the overall results.
    """
    minimum = settings.CONSULTATION_MIN_GROUP_SIZE
    ballots = Ballot.objects.filter(
        use_case__consultation=consultation,
        use_case__moderation_state=ModerationState.APPROVED,
    )
    department = Lower(Trim("voter__department"))
    sizes = (
        ballots.values(key=department)
        .annotate(voters=Count("voter_id", distinct=True), name=Max("voter__department"))
        .order_by("voters", "key")
    )
    groups = [{"key": r["key"], "name": r["name"].strip(), "voters": r["voters"]} for r in sizes]
    shown = [g for g in groups if g["key"] and g["voters"] >= minimum]
    pooled = [g for g in groups if g not in shown]
    while shown and 0 < sum(g["voters"] for g in pooled) < minimum:
        pooled.append(shown.pop(0))  # the smallest shown department
    pooled_voters = sum(g["voters"] for g in pooled)
    # Each shown department is its own group; the pool is one group, if it is large enough.
    columns = [{"name": g["name"], "voters": g["voters"], "keys": {g["key"]}} for g in shown[::-1]]
    if pooled_voters >= minimum:
        keys = {g["key"] for g in pooled}
        columns.append(
            {"name": gettext("Other departments"), "voters": pooled_voters, "keys": keys}
        )
    column_of = {key: index for index, column in enumerate(columns) for key in column["keys"]}
    zero = [0] * len(GRADES_BEST_FIRST)
    profiles: dict[tuple[int, int], list[int]] = defaultdict(lambda: list(zero))
    rows = ballots.values("use_case_id", "grade", key=department).annotate(n=Count("id"))
    for row in rows.order_by():
        index = column_of.get(row["key"])
        if index is not None and row["grade"] in GRADE_MERIT:
            profiles[(index, row["use_case_id"])][GRADE_MERIT[row["grade"]]] += row["n"]
    use_cases = list(public_use_cases().filter(consultation=consultation).order_by("title", "pk"))
    result_groups = []
    for index, column in enumerate(columns):
        medians = []
        for use_case in use_cases:
            counts = profiles.get((index, use_case.pk), zero)
            grade = _merit_to_grade(majority.median_merit(counts))
            medians.append(
                {
                    "use_case": use_case,
                    "median_grade": grade,
                    "median_label": Grade(grade).label if grade else "",
                    "ballots": sum(counts),
                }
            )
        result_groups.append(
            {"name": column["name"], "voters": column["voters"], "medians": medians}
        )
    shown_voters = sum(g["voters"] for g in result_groups)
    return {
        "minimum": minimum,
        "use_cases": use_cases,
        "groups": result_groups,
        "withheld": sum(g["voters"] for g in groups) - shown_voters,
    }


def top_arguments(*, consultation: Consultation, per_side: int = 3) -> dict:
    """{use_case_id: {"for": [...], "against": [...]}}: most supported visible comments."""
    ranked = (
        Comment.objects.filter(
            use_case__consultation=consultation,
            alignment__in=[Alignment.FOR, Alignment.AGAINST],
            is_hidden=False,
            pending_review=False,
        )
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("use_case_id"), F("alignment")],
                order_by=[F("score").desc(), F("created_at").asc()],
            )
        )
        .filter(position__lte=per_side)
        .select_related("author")
    )
    out: dict = defaultdict(lambda: {"for": [], "against": []})
    for comment in ranked:
        out[comment.use_case_id][comment.alignment].append(comment)
    return out


# --- Moderation --------------------------------------------------------------------------------


def moderation_queue():
    """Comments with open reports or hidden pending review, most reported first."""
    return (
        Comment.objects.filter(Q(reports__status=ReportStatus.OPEN) | Q(pending_review=True))
        .annotate(
            open_reports=Count(
                "reports", filter=Q(reports__status=ReportStatus.OPEN), distinct=True
            )
        )
        .select_related("author", "use_case__consultation")
        .order_by("-pending_review", "-open_reports", "created_at")
        .distinct()
    )


def moderation_statistics() -> dict:
    reports = Report.objects.aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status=ReportStatus.OPEN)),
        upheld=Count("id", filter=Q(status=ReportStatus.UPHELD)),
        dismissed=Count("id", filter=Q(status=ReportStatus.DISMISSED)),
    )
    labels = dict(ReportReason.choices)
    by_reason = [
        {"key": r["reason"], "label": str(labels.get(r["reason"], r["reason"])), "count": r["n"]}
        for r in Report.objects.values("reason").annotate(n=Count("id")).order_by("-n", "reason")
    ]
    action_labels = dict(DecisionAction.choices)
    decisions = [
        {"key": d["action"], "label": str(action_labels[d["action"]]), "count": d["n"]}
        for d in ModerationDecision.objects.values("action")
        .annotate(n=Count("id"))
        .order_by("action")
    ]
    appeals = Appeal.objects.aggregate(
        total=Count("id"),
        accepted=Count("id", filter=Q(status=AppealStatus.ACCEPTED)),
        rejected=Count("id", filter=Q(status=AppealStatus.REJECTED)),
        pending=Count("id", filter=Q(status=AppealStatus.PENDING)),
    )
    comments = Comment.objects.aggregate(
        total=Count("id"),
        hidden=Count("id", filter=Q(is_hidden=True)),
        pending=Count("id", filter=Q(pending_review=True)),
    )
    blocks = UserBlock.objects.filter(Q(until__isnull=True) | Q(until__gt=timezone.now())).count()
    proposals = UseCase.objects.exclude(proposer__isnull=True).aggregate(
        pending=Count("id", filter=Q(moderation_state=ModerationState.PENDING)),
        refused=Count("id", filter=Q(moderation_state=ModerationState.REJECTED)),
    )
    return {
        "reports": reports,
        "by_reason": by_reason,
        "decisions": decisions,
        "appeals": appeals,
        "comments": comments,
        "active_blocks": blocks,
        "proposals": proposals,
    }


# --- Indicators (contract with the observatory) -------------------------------------------------


def consultation_indicators() -> dict:
    today = timezone.localdate()
    from accounts.models import User

    participants = User.objects.filter(
        Exists(Ballot.objects.filter(voter_id=OuterRef("pk")))
        | Exists(Comment.objects.filter(author_id=OuterRef("pk")))
    ).count()
    commitments = Commitment.objects.aggregate(
        total=Count("id"),
        kept=Count("id", filter=Q(status=CommitmentStatus.KEPT)),
        overdue=Count("id", filter=Q(status=CommitmentStatus.PENDING, deadline__lt=today)),
        pending=Count("id", filter=Q(status=CommitmentStatus.PENDING, deadline__gte=today)),
    )
    return {
        "consultations": Consultation.objects.count(),
        "use_cases": public_use_cases().count(),
        "participants": participants,
        "ballots": Ballot.objects.count(),
        "comments": Comment.objects.count(),
        "answers_published": OfficialAnswer.objects.count(),
        "commitments": {k: int(v or 0) for k, v in commitments.items()},
        "ballots_by_month": count_by_month(Ballot.objects.all(), "created_at"),
    }


def pending_appeals():
    return Appeal.objects.filter(status=AppealStatus.PENDING).select_related(
        "comment", "comment__author", "comment__use_case"
    )


def pending_proposals():
    return UseCase.objects.filter(moderation_state=ModerationState.PENDING).select_related(
        "proposer", "consultation"
    )


def latest_ballot_time(*, consultation: Consultation):
    return Ballot.objects.filter(use_case__consultation=consultation).aggregate(
        t=Max("updated_at")
    )["t"]


# --- "My activity" (declared in apps.py, shown by accounts) -----------------------------------


def _local_date(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def activity_ballots(*, user, offset: int, limit: int) -> tuple[list[dict], int]:
    """My grades, and whether voting is still open to change them."""
    qs = (
        Ballot.objects.filter(voter=user)
        .select_related("use_case__consultation")
        .order_by("-updated_at", "-id")
    )
    rows = []
    for ballot in qs[offset : offset + limit]:
        use_case = ballot.use_case
        consultation = use_case.consultation
        if consultation is not None and consultation.current_phase == Phase.VOTING:
            detail = gettext("Voting is open until %(date)s: you may still change it.") % {
                "date": _local_date(consultation.voting_ends_at)
            }
        else:
            detail = gettext("Voting is closed: it can no longer be changed.")
        rows.append(
            {
                "title": use_case.title,
                "url": use_case.get_absolute_url() + "#vote",
                "status": Grade(ballot.grade).label,
                "date": ballot.updated_at,
                "detail": detail,
            }
        )
    return rows, qs.count()


def activity_comments(*, user, offset: int, limit: int) -> tuple[list[dict], int]:
    """My comments and their moderation state."""
    qs = (
        Comment.objects.filter(author=user)
        .select_related("use_case")
        .order_by("-created_at", "-id")
    )
    rows = []
    for comment in qs[offset : offset + limit]:
        if comment.is_hidden:
            status = gettext("Hidden by the moderators")
            detail = gettext("Reason: %(reason)s") % {"reason": comment.hidden_reason}
        elif comment.pending_review:
            status = gettext("Hidden pending a moderator's review")
            detail = ""
        else:
            status, detail = gettext("Visible"), ""
        rows.append(
            {
                "title": comment.use_case.title,
                "url": comment.get_absolute_url(),
                "status": status,
                "date": comment.created_at,
                "detail": detail,
                "excerpt": Truncator(comment.body).chars(140),
            }
        )
    return rows, qs.count()


def activity_proposals(*, user, offset: int, limit: int) -> tuple[list[dict], int]:
    """The use cases I proposed: moderation state, then status."""
    qs = (
        UseCase.objects.filter(proposer=user)
        .select_related("official_answer")
        .order_by("-created_at", "-id")
    )
    rows = []
    for use_case in qs[offset : offset + limit]:
        detail = ""
        if use_case.moderation_state == ModerationState.REJECTED:
            detail = gettext("Reason: %(reason)s") % {"reason": use_case.moderation_reason}
        rows.append(
            {
                "title": use_case.title,
                "url": use_case.get_absolute_url(),
                "status": use_case.status_label
                if use_case.is_public
                else use_case.get_moderation_state_display(),
                "date": use_case.created_at,
                "detail": detail,
            }
        )
    return rows, qs.count()


# --- Synthesis: consensus and division from the votes -------------------------------------

#: Supporters graded the use case Good or better; opponents Passable or worse.
SUPPORTER_GRADES = [g for g in GRADES_BEST_FIRST if GRADE_MERIT[g] >= GRADE_MERIT["good"]]
OPPONENT_GRADES = [g for g in GRADES_BEST_FIRST if GRADE_MERIT[g] <= GRADE_MERIT["passable"]]
BRIDGING_MIN_VOTES = 3  # per group
BRIDGING_MIN_APPROVAL = 0.6  # in both groups
DIVISIVE_MIN_GAP = 0.5  # difference between the groups' approval


def _citable_comments():
    return Comment.objects.filter(is_hidden=False, pending_review=False)


def synthesis_visible_comments(*, use_case: UseCase):
    """The comments a synthesis may cite: visible ones of this use case only."""
    return _citable_comments().filter(use_case=use_case)


def comment_vote_groups(*, use_case: UseCase) -> list[dict]:
    """Per visible comment: up and down votes among the use case's supporters and opponents
    (by their ballot). One aggregate query: votes are never loaded in Python."""
    from consultation.models import CommentVote

    # The voter's ballot on this use case, joined once (a correlated subquery would be repeated
    # in each of the four counts' FILTER clauses: three times slower on 100,000 votes).
    rows = (
        CommentVote.objects.filter(
            comment__use_case_id=use_case.pk,
            comment__is_hidden=False,
            comment__pending_review=False,
        )
        .annotate(
            ballot=FilteredRelation(
                "voter__ballots", condition=Q(voter__ballots__use_case_id=use_case.pk)
            )
        )
        .values("comment_id")
        .annotate(
            supporters_up=Count("id", filter=Q(value=1, ballot__grade__in=SUPPORTER_GRADES)),
            supporters_down=Count("id", filter=Q(value=-1, ballot__grade__in=SUPPORTER_GRADES)),
            opponents_up=Count("id", filter=Q(value=1, ballot__grade__in=OPPONENT_GRADES)),
            opponents_down=Count("id", filter=Q(value=-1, ballot__grade__in=OPPONENT_GRADES)),
        )
        .order_by("comment_id")
    )
    return list(rows)


def _approval(up: int, down: int) -> float | None:
    total = up + down
    return up / total if total else None


def consensus_and_division(*, use_case: UseCase, limit: int = 5) -> dict:
    """Bridging comments (approved by supporters and opponents alike, as in Polis and
    Community Notes) and divisive ones (approved by one side, rejected by the other), with
    their figures. Computed from votes, never by the model."""
    bridging, divisive = [], []
    for row in comment_vote_groups(use_case=use_case):
        s_votes = row["supporters_up"] + row["supporters_down"]
        o_votes = row["opponents_up"] + row["opponents_down"]
        if s_votes < BRIDGING_MIN_VOTES or o_votes < BRIDGING_MIN_VOTES:
            continue
        s_rate = _approval(row["supporters_up"], row["supporters_down"])
        o_rate = _approval(row["opponents_up"], row["opponents_down"])
        item = {**row, "supporters_approval": s_rate, "opponents_approval": o_rate}
        if min(s_rate, o_rate) >= BRIDGING_MIN_APPROVAL:
            bridging.append({**item, "score": min(s_rate, o_rate)})
        elif abs(s_rate - o_rate) >= DIVISIVE_MIN_GAP:
            divisive.append({**item, "score": abs(s_rate - o_rate)})
    bridging.sort(key=lambda r: (-r["score"], r["comment_id"]))
    divisive.sort(key=lambda r: (-r["score"], r["comment_id"]))
    bridging, divisive = bridging[:limit], divisive[:limit]
    comments = Comment.objects.in_bulk([r["comment_id"] for r in bridging + divisive])
    for row in bridging + divisive:
        row["comment"] = comments[row["comment_id"]]
        row["supporters_pct"] = round(100 * row["supporters_approval"])
        row["opponents_pct"] = round(100 * row["opponents_approval"])
    supporters = Ballot.objects.filter(use_case=use_case, grade__in=SUPPORTER_GRADES).count()
    opponents = Ballot.objects.filter(use_case=use_case, grade__in=OPPONENT_GRADES).count()
    return {
        "bridging": bridging,
        "divisive": divisive,
        "supporters": supporters,
        "opponents": opponents,
        "min_votes": BRIDGING_MIN_VOTES,
    }


def synthesis_latest_published(*, use_case: UseCase):
    from consultation.models import Synthesis, SynthesisStatus

    return (
        Synthesis.objects.filter(use_case=use_case, status=SynthesisStatus.PUBLISHED)
        .select_related("reviewed_by")
        .order_by("-published_at", "-id")
        .first()
    )


def synthesis_review_queue():
    """Drafts awaiting review and published syntheses with open flags, for the reviewers."""
    from consultation.models import Synthesis, SynthesisFlagStatus, SynthesisStatus

    # Published, with visible comments newer than those it was drafted from: "to be updated".
    newer_comments = _citable_comments().filter(
        use_case=OuterRef("use_case"), pk__gt=OuterRef("last_comment_id")
    )
    return (
        Synthesis.objects.annotate(has_newer_comments=Exists(newer_comments))
        .filter(
            Q(status=SynthesisStatus.DRAFT)
            | Q(flags__status=SynthesisFlagStatus.OPEN)
            | Q(status=SynthesisStatus.PUBLISHED, has_newer_comments=True)
        )
        .select_related("use_case")
        .annotate(open_flags=Count("flags", filter=Q(flags__status=SynthesisFlagStatus.OPEN)))
        .distinct()
        .order_by("-created_at")
    )


def synthesis_flags_open():
    """Residents' open "my view is misrepresented" flags, oldest first (the reviewers' queue)."""
    from consultation.models import SynthesisFlag, SynthesisFlagStatus

    return (
        SynthesisFlag.objects.filter(status=SynthesisFlagStatus.OPEN)
        .select_related("synthesis__use_case")
        .order_by("created_at", "id")
    )


def synthesis_flags_resolved():
    """Resolved flags, latest first, with who resolved them, when, and their reply."""
    from consultation.models import SynthesisFlag, SynthesisFlagStatus

    return (
        SynthesisFlag.objects.filter(status=SynthesisFlagStatus.RESOLVED)
        .select_related("synthesis__use_case", "resolved_by")
        .order_by("-resolved_at", "-id")
    )


def synthesis_summaries(*, use_case_ids: list[int]) -> dict[int, dict]:
    """{use case id: {"synthesis", "sentences"}} of the latest signed-off synthesis of each
    (one query): the officials' dashboard, its PDF and the answer form show it as context."""
    from consultation.models import Synthesis, SynthesisStatus

    out: dict[int, dict] = {}
    for synthesis in Synthesis.objects.filter(
        use_case_id__in=use_case_ids, status=SynthesisStatus.PUBLISHED
    ).order_by("use_case_id", "-published_at", "-id"):
        if synthesis.use_case_id in out:
            continue
        sentences = [
            s["text"]
            for theme in synthesis.published.get("themes", [])
            for s in theme["parts"].get("summary", [])
        ]
        out[synthesis.use_case_id] = {"synthesis": synthesis, "sentences": sentences}
    return out


# --- Research data (observatory's data portal reads these; it pseudonymises and suppresses) ----


def _publicly_readable(prefix: str):
    """Data of consultations everyone may read: a staff consultation that is not transparent
    is a 404 to outsiders, and so stays out of exports and research datasets."""
    return readable_q(user=AnonymousUser(), prefix=prefix)


def research_ballots():
    """Every ballot with its voter's internal id and self-declared groups, for the observatory to
    pseudonymise (the ids never leave it). An iterator of dicts, in a stable order."""
    return (
        Ballot.objects.filter(_publicly_readable("use_case__consultation__"))
        .order_by("pk")
        .values(
            "voter_id",
            "grade",
            "created_at",
            "updated_at",
            use_case_ref=F("use_case_id"),
            consultation_slug=F("use_case__consultation__slug"),
            arrondissement=F("voter__arrondissement"),
            age_bracket=F("voter__age_bracket"),
        )
        .iterator(chunk_size=2000)
    )


def research_comments():
    """Visible comments (the ones anyone can read on the site) with internal ids for the
    observatory to pseudonymise. An iterator of dicts, in a stable order."""
    return (
        Comment.objects.filter(is_hidden=False, pending_review=False)
        .filter(_publicly_readable("use_case__consultation__"))
        .order_by("pk")
        .values(
            "id",
            "parent_id",
            "author_id",
            "depth",
            "alignment",
            "body",
            "upvotes",
            "downvotes",
            "created_at",
            use_case_ref=F("use_case_id"),
            consultation_slug=F("use_case__consultation__slug"),
        )
        .iterator(chunk_size=2000)
    )


# --- The shared library (read by the library app) -----------------------------------------


def library_outcomes(*, use_case_ids: list[int] | None = None) -> list[dict]:
    """The city's use cases with a known outcome, for the shared library: public ones whose
    vote has closed or that have an official answer, with their dossier, result (merit
    profile, median grade, rank), answer and commitments. A bounded number of queries
    whatever the count: one for the use cases, three per consultation for the ranking
    (its use cases, online and paper grade counts by SQL aggregate), one for the
    commitments."""
    now = timezone.now()
    qs = (
        public_use_cases()
        # Shared with everyone: a staff consultation's use cases only if the public reads it.
        .filter(_publicly_readable("consultation__"))
        .filter(Q(official_answer__isnull=False) | Q(consultation__voting_ends_at__lte=now))
        .select_related("consultation", "official_answer")
        .order_by("pk")
    )
    if use_case_ids is not None:
        qs = qs.filter(pk__in=use_case_ids)
    use_cases = list(qs)
    results: dict[int, dict] = {}
    by_consultation: dict[int, list[UseCase]] = defaultdict(list)
    for use_case in use_cases:
        if use_case.consultation_id:
            by_consultation[use_case.consultation_id].append(use_case)
    for cases in by_consultation.values():
        # The rank is among every use case of the consultation, not only those asked for, and
        # counts every channel (online, paper, counter), as the results page does.
        for row in consultation_results(consultation=cases[0].consultation):
            results[row["use_case"].pk] = row
    # Commitments as the public sees them: the automatic register commitment kept or overdue
    # by itself, and the latest progress percentage.
    commitments = {
        use_case_id: [
            {
                "text": c["text"],
                "deadline": c["deadline"],
                "status": c["status"],
                "done_at": c["done_at"],
                "overdue": c["is_overdue"],
                "progress": c["percent"],
            }
            for c in rows
        ]
        for use_case_id, rows in commitments_for_use_cases(
            use_case_ids=[uc.pk for uc in use_cases]
        ).items()
    }
    rows = []
    for use_case in use_cases:
        answer = use_case.official_answer if hasattr(use_case, "official_answer") else None
        result = results.get(use_case.pk)
        rows.append(
            {
                "use_case_id": use_case.pk,
                "url": use_case.get_absolute_url(),
                "dossier": use_case.dossier(),
                "consultation": use_case.consultation.title if use_case.consultation else "",
                "voting_ends_at": use_case.consultation.voting_ends_at
                if use_case.consultation
                else None,
                "rank": result["rank"] if result and result["ballots"] else None,
                "median_grade": (result["median_grade"] or "") if result else "",
                "merit_profile": {
                    grade: (result["grade_counts"][grade] if result else 0)
                    for grade in GRADES_BEST_FIRST
                },
                "ballots": result["ballots"] if result else 0,
                "decision": answer.decision if answer else "",
                "decision_justification": answer.justification if answer else "",
                "decided_at": answer.published_at if answer else None,
                "decided_by": answer.author_title if answer else "",
                "register_slug": (answer.register_slug if answer else "") or use_case.register_slug,
                "commitments": commitments.get(use_case.pk, []),
                "updated_at": max([use_case.updated_at] + ([answer.updated_at] if answer else [])),
            }
        )
    return rows


def grade_choices() -> list[tuple[str, str]]:
    """The majority-judgment grades, best first, with their labels."""
    return list(Grade.choices)


def commitment_status_choices() -> list[tuple[str, str]]:
    return list(CommitmentStatus.choices)


# --- The closed loop: the vote's median, commitments and their progress ------------------------


def use_case_median_grade(*, use_case: UseCase) -> str | None:
    """The median grade of a use case's ballots, every channel counted (GROUP BY queries), or
    None without ballots."""
    channels = [grade_counts(use_case_filter=Q(use_case=use_case))]
    if use_case.consultation_id:  # paper and counter ballots count as much as online ones
        channels += paper_grade_counts(consultation=use_case.consultation).values()
    counts = profiles_merge(channels).get(use_case.pk)
    return _merit_to_grade(majority.median_merit(counts)) if counts and sum(counts) else None


def commitments_for_use_cases(
    *, use_case_ids: list[int], today: date | None = None
) -> dict[int, list[dict]]:
    """{use case id: its commitments}, each with its status as the public sees it and its
    progress (dated notes, latest percentage), in three queries whatever the number.

    The automatic commitment "register record published before going live" is kept on the day
    its record was first published and turns overdue by itself once its deadline passes with
    the record still unpublished: nobody has to update it. The library reads this selector.
    """
    from consultation.models import CommitmentKind, CommitmentProgress

    commitments = list(
        Commitment.objects.filter(answer__use_case_id__in=use_case_ids)
        .select_related("answer")
        .order_by("deadline", "id")
    )
    if not commitments:
        return {}
    published = system_records_published(
        slugs=[c.register_slug for c in commitments if c.kind == CommitmentKind.REGISTER_RECORD]
    )
    progress: dict[int, list] = defaultdict(list)
    for row in CommitmentProgress.objects.filter(commitment__in=commitments).order_by(
        "created_at", "id"
    ):
        progress[row.commitment_id].append(row)
    today = today or timezone.localdate()
    result: dict[int, list[dict]] = defaultdict(list)
    for c in commitments:
        status, done_at = c.status, c.done_at
        if c.kind == CommitmentKind.REGISTER_RECORD and c.status == CommitmentStatus.PENDING:
            first = published.get(c.register_slug)
            if first is not None:
                status, done_at = CommitmentStatus.KEPT, timezone.localdate(first)
        updates = progress.get(c.pk, [])
        latest = updates[-1].percent if updates else None
        if status == CommitmentStatus.KEPT:
            latest = 100
        result[c.answer.use_case_id].append(
            {
                "commitment": c,
                "pk": c.pk,
                "text": c.text,
                "kind": c.kind,
                "deadline": c.deadline,
                "status": status,
                "status_label": CommitmentStatus(status).label,
                "done_at": done_at,
                "is_overdue": status == CommitmentStatus.PENDING and c.deadline < today,
                "register_slug": c.register_slug,
                "percent": latest,
                "progress": updates,
            }
        )
    return dict(result)


def use_case_commitments(*, use_case: UseCase, today: date | None = None) -> list[dict]:
    return commitments_for_use_cases(use_case_ids=[use_case.pk], today=today).get(use_case.pk, [])


def commitments_overdue_unnotified(*, today: date | None = None):
    """Pending commitments past their deadline whose owners were not told yet (the automatic
    register commitment is checked against its record by the service)."""
    return (
        Commitment.objects.filter(
            status=CommitmentStatus.PENDING,
            deadline__lt=today or timezone.localdate(),
            overdue_notified_at__isnull=True,
        )
        .select_related("answer__use_case", "answer__author")
        .order_by("deadline", "id")
    )


def register_record_state(*, slug: str) -> dict | None:
    """The register record an adopted use case opened, draft or published."""
    return system_record_state(slug=slug)


# --- Staff dialogue (dialogue/targets.py): what its bodies may give an opinion on ----------


def _opinion_target(use_case: UseCase) -> dict:
    return {
        "ref": str(use_case.pk),
        "name": use_case.title,
        "url": use_case.get_absolute_url(),
        "in_use": False,
    }


def opinion_target(*, ref: str) -> dict | None:
    """A published use case by its number, as staff dialogue shows it (None if unknown)."""
    if not ref.isdigit() or len(ref) > 18:
        return None
    use_case = _opinion_targets().filter(pk=int(ref)).first()
    return _opinion_target(use_case) if use_case else None


def opinion_target_suggestions(*, limit: int = 50) -> list[dict]:
    return [_opinion_target(u) for u in _opinion_targets().order_by("-created_at")[:limit]]


def _opinion_targets():
    """A formal opinion is public: it may bear on a use case everyone may read (a staff
    consultation's only if it is transparent), never reveal one that is hidden."""
    return public_use_cases().filter(_publicly_readable("consultation__"))


# --- The governance pipeline (governance/ reads its projects' use cases here) ---------------


def use_case_ids_readable(*, user):
    """The numbers of the published use cases this person may read, as a lazy subquery (a staff
    consultation's only for those it is readable by): pages listing what refers to use cases
    filter on it in SQL."""
    return public_use_cases().filter(readable_q(user=user, prefix="consultation__")).values("pk")


def use_cases_for_governance(*, ids: list[int], user=None) -> dict[int, dict]:
    """{number: the use case as the governance pages show it} among `ids`, in one query; with
    `user`, only those that person may read (None: every use case, for staff services)."""
    qs = UseCase.objects.filter(pk__in=[i for i in ids if i]).select_related("consultation")
    if user is not None:
        qs = qs.filter(pk__in=use_case_ids_readable(user=user))
    out = {}
    for use_case in qs:
        consultation = use_case.consultation
        out[use_case.pk] = {
            "id": use_case.pk,
            "title": use_case.title,
            "summary": use_case.summary,
            "department": use_case.department,
            "url": use_case.get_absolute_url(),
            "is_public": use_case.is_public,
            "status": use_case.status,
            "status_label": str(use_case.get_status_display()),
            "consultation": {
                "title": consultation.title,
                "url": consultation.get_absolute_url(),
                "results_url": reverse("consultation:results", kwargs={"slug": consultation.slug}),
                "results_public": consultation.results_public,
                "public": consultation.audience == Audience.PUBLIC or consultation.transparent,
            }
            if consultation
            else None,
        }
    return out


def use_cases_ranked(*, ids: list[int]) -> dict[int, dict]:
    """{number: rank, median grade and ballots} of the use cases `ids`, ranked against each
    other by majority judgment on every channel's grade counts (online, paper, counter): SQL
    aggregates, two queries whatever the number (online ballots; confirmed paper and counter
    batches).
    A use case without ballots ranks after every graded one."""
    ids = [i for i in ids if i]
    if not ids:
        return {}
    profiles = profiles_merge(
        [
            grade_counts(use_case_filter=Q(use_case_id__in=ids)),
            *paper_grade_counts(use_case_ids=ids).values(),
        ]
    )
    zero = [0] * len(GRADES_BEST_FIRST)
    out = {}
    for pk, rank in majority.rank({pk: profiles.get(pk, zero) for pk in ids}):
        counts = profiles.get(pk, zero)
        median = _merit_to_grade(majority.median_merit(counts))
        out[pk] = {
            "rank": rank,
            "ballots": sum(counts),
            "median_grade": median or "",
            "median_label": str(Grade(median).label) if median else "",
        }
    return out
