"""Reads of the governance pipeline, shared by its pages and the observatory.

A project's page is built from a bounded number of queries whatever its history:
`project_context()` loads its signatures, transitions and refusals once, the use case through the
consultation's selectors, the record through the register's, and the staff bodies' opinions
through staff dialogue's.
"""

from django.db.models import Case, Count, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import audit_entries_for
from consultation.selectors import (
    use_case_ids_readable,
    use_cases_for_governance,
    use_cases_ranked,
)
from dialogue.selectors import opinions_for_target
from governance.models import (
    GATE_SCOPE,
    GATES,
    PASSING_VERDICTS,
    STAGE_ORDER,
    AuditAction,
    BlockingCriterion,
    GateRole,
    GateSignature,
    Project,
    Stage,
    Verdict,
)
from governance.policies import user_is_board, user_is_reviewer
from register.selectors import register_risk_level_choices, systems_governance_facts

# What staff dialogue calls the things its bodies give opinions on (dialogue/targets.py).
OPINION_ON_USE_CASE = "use_case"
OPINION_ON_RECORD = "register_record"
# The register's codes this pipeline reads (the register's export standard keeps them stable).
CHARTER_DOES_NOT_MEET = "does_not_meet"
CHARTER_BLOCKING = {
    "no_biometrics": BlockingCriterion.BIOMETRIC_IDENTIFICATION,
    "equity": BlockingCriterion.DISCRIMINATORY_BIAS,
}
RISK_PROHIBITED = "prohibited"
# Stances of a staff body's opinion, read as a gate's verdict.
STANCE_VERDICT = {
    "favourable": Verdict.FAVOURABLE,
    "reservations": Verdict.CONDITIONS,
    "unfavourable": Verdict.UNFAVOURABLE,
}
#: The stages the public roadmap shows: decided, being built, in service.
ROADMAP_STAGES = [Stage.DECISION, Stage.PILOT, Stage.DEPLOYMENT, Stage.EVALUATION]


def stage_position():
    """The pipeline's order as an SQL expression (to sort projects by stage)."""
    return Case(
        *[When(stage=s, then=Value(i)) for i, s in enumerate(STAGE_ORDER)],
        output_field=IntegerField(),
    )


def projects_readable(*, user):
    """The projects this person may read: the board and the reviewers read them all (they review
    them); everyone else those whose use case they may read, so that a staff consultation the
    public may not read stays a 404, here as in the consultation."""
    qs = Project.objects.all()
    if user_is_board(user=user) or user_is_reviewer(user=user):
        return qs
    return qs.filter(use_case_id__in=use_case_ids_readable(user=user))


def project_readable(*, user, slug: str) -> Project | None:
    return projects_readable(user=user).filter(slug=slug).first()


def projects_list(*, user, stage: str = ""):
    qs = projects_readable(user=user)
    if stage:
        qs = qs.filter(stage=stage)
    return qs.annotate(position=stage_position()).order_by("position", "title", "id")


def risk_label(code: str) -> str:
    return dict(register_risk_level_choices()).get(code, "")


def risk_estimate_choices() -> list[tuple[str, str]]:
    return [("", _("Not known yet"))] + [(k, str(v)) for k, v in register_risk_level_choices()]


# --- One project's gates, blocking criteria and timeline -------------------------------------


def signatures_current(signatures) -> dict[tuple[str, str], GateSignature]:
    """The signature that counts for each (stage, role): the latest one."""
    current: dict[tuple[str, str], GateSignature] = {}
    for signature in sorted(signatures, key=lambda s: (s.signed_at, s.pk), reverse=True):
        current.setdefault((signature.stage, signature.role), signature)
    return current


def _staff_opinion(opinions: list[dict], since=None) -> dict | None:
    """The latest formal opinion of a staff body (on the use case or the record), given on or
    after `since` (the date the project entered its pilot, for the deployment gate)."""
    eligible = [o for o in opinions if since is None or o["given_on"] >= since]
    return max(eligible, key=lambda o: o["given_on"], default=None)


def _entered(transitions, stage: str):
    moments = [t.created_at for t in transitions if t.to_stage == stage]
    return max(moments) if moments else None


def gate_states(
    *, project: Project, stage: str, current: dict, opinions: list[dict], transitions
) -> list[dict]:
    """Each required gate of `stage`: its reviewer, what it looks at and where it stands
    (`verdict` "" while open; `passing` only for a favourable verdict, with or without
    conditions)."""
    rows = []
    for role in GATES.get(Stage(stage), []):
        row = {
            "stage": stage,
            "role": role.value,
            "role_label": role.label,
            "scope": GATE_SCOPE[role],
            "verdict": "",
            "verdict_label": "",
            "passing": False,
            "signature": None,
            "opinion": None,
            "findings": [],
        }
        if role == GateRole.STAFF:
            since = None
            if stage == Stage.DEPLOYMENT:
                entered_pilot = _entered(transitions, Stage.PILOT)
                since = timezone.localdate(entered_pilot) if entered_pilot else None
            opinion = _staff_opinion(opinions, since)
            if opinion is not None:
                verdict = STANCE_VERDICT.get(opinion["stance"], Verdict.UNFAVOURABLE)
                row.update(opinion=opinion, verdict=verdict.value, verdict_label=verdict.label)
        else:
            signature = current.get((stage, role.value))
            if signature is not None:
                row.update(
                    signature=signature,
                    verdict=signature.verdict,
                    verdict_label=signature.get_verdict_display(),
                    findings=[
                        BlockingCriterion(code).label
                        for code in signature.findings or []
                        if code in BlockingCriterion.values
                    ],
                )
        row["passing"] = row["verdict"] in PASSING_VERDICTS
        rows.append(row)
    return rows


def blocking_criteria(*, current: dict, record: dict | None) -> list[dict]:
    """The charter's blocking criteria standing against the project: found by a reviewer on a
    signature that still counts, or stated by the register record's charter assessment and AI
    Act classification."""
    found: dict[str, dict] = {}
    for (_stage, role), signature in sorted(current.items()):
        for code in signature.findings or []:
            if code in BlockingCriterion.values and code not in found:
                found[code] = {
                    "criterion": code,
                    "label": BlockingCriterion(code).label,
                    "source": GateRole(role).label,
                }
    if record:
        for principle, criterion in CHARTER_BLOCKING.items():
            if record["charter"].get(principle) == CHARTER_DOES_NOT_MEET:
                found.setdefault(
                    criterion.value,
                    {
                        "criterion": criterion.value,
                        "label": criterion.label,
                        "source": _("Charter assessment in the register"),
                    },
                )
        if record["risk_level"] == RISK_PROHIBITED:
            criterion = BlockingCriterion.PROHIBITED_PRACTICE
            found.setdefault(
                criterion.value,
                {
                    "criterion": criterion.value,
                    "label": criterion.label,
                    "source": _("AI Act questionnaire in the register"),
                },
            )
    return list(found.values())


def _opinions(project: Project) -> list[dict]:
    opinions = opinions_for_target(kind=OPINION_ON_USE_CASE, ref=project.use_case_id)
    if project.register_slug:
        opinions += opinions_for_target(kind=OPINION_ON_RECORD, ref=project.register_slug)
    return opinions


def project_state(*, project: Project) -> dict:
    """What the rules of the pipeline read: current signatures, transitions, staff opinions and
    the register record (drafts included: a blocking criterion counts before publication)."""
    signatures = list(project.signatures.select_related("signer"))
    transitions = list(project.transitions.all())
    record = None
    if project.register_slug:
        record = systems_governance_facts(slugs=[project.register_slug]).get(project.register_slug)
    current = signatures_current(signatures)
    return {
        "signatures": signatures,
        "current": current,
        "transitions": transitions,
        "opinions": _opinions(project),
        "record": record,
        "blocking": blocking_criteria(current=current, record=record),
    }


def stage_gates(*, project: Project, stage: str, state: dict | None = None) -> list[dict]:
    state = state or project_state(project=project)
    return gate_states(
        project=project,
        stage=stage,
        current=state["current"],
        opinions=state["opinions"],
        transitions=state["transitions"],
    )


def next_stage(stage: str) -> str | None:
    index = STAGE_ORDER.index(stage)
    if stage == Stage.RETIREMENT or index + 1 >= len(STAGE_ORDER):
        return None
    return STAGE_ORDER[index + 1]


def allowed_targets(*, project: Project) -> list[str]:
    """Forward by one stage, or retirement from any stage (stopping is never blocked)."""
    if project.stage == Stage.RETIREMENT:
        return []
    targets = [next_stage(project.stage)]
    if Stage.RETIREMENT not in targets:
        targets.append(Stage.RETIREMENT)
    return [t for t in targets if t]


def _refusals(project: Project) -> list[dict]:
    """Refused entries into a gated stage, from the audit trail (public: the message names the
    gates, never a reviewer's notes)."""
    rows = []
    for entry in audit_entries_for(target_type=Project, target_id=project.pk, limit=200):
        if entry.action != AuditAction.STAGE_REFUSED:
            continue
        data = entry.data or {}

        def labels(key, choices, data=data):
            return ", ".join(
                str(choices(c).label) for c in data.get(key, []) if c in choices.values
            )

        rows.append(
            {
                "stage": data.get("to_stage", ""),
                "at": entry.created_at,
                "missing": labels("missing", GateRole),
                "negative": labels("negative", GateRole),
                "criteria": labels("criteria", BlockingCriterion),
            }
        )
    return rows


def project_context(*, project: Project, user) -> dict:
    """Everything a project's page shows: the timeline of stages with their gates (public part,
    and internal notes only when `user` may read them is decided by the view), blocking
    criteria, the use case and the record as the public may see them."""
    state = project_state(project=project)
    reached = {t.to_stage for t in state["transitions"]} | {Stage.IDEA.value}
    current_index = STAGE_ORDER.index(project.stage)
    refusals = _refusals(project)
    timeline = []
    for index, stage in enumerate(STAGE_ORDER):
        if stage == project.stage:
            status = "current"
        elif stage in reached and index < current_index:
            status = "done"
        elif project.stage == Stage.RETIREMENT or index < current_index:
            status = "skipped"
        else:
            status = "upcoming"
        transition = next((t for t in reversed(state["transitions"]) if t.to_stage == stage), None)
        timeline.append(
            {
                "stage": stage,
                "label": Stage(stage).label,
                "status": status,
                "entered_at": transition.created_at
                if transition
                else (project.created_at if stage == Stage.IDEA else None),
                "note": transition.note if transition else "",
                "gates": stage_gates(project=project, stage=stage, state=state)
                if Stage(stage) in GATES
                else [],
                "refusals": [r for r in refusals if r["stage"] == stage],
            }
        )
    use_case = use_cases_for_governance(ids=[project.use_case_id], user=user).get(
        project.use_case_id
    )
    record = state["record"]
    return {
        "timeline": timeline,
        "blocking": state["blocking"],
        "use_case": use_case,
        "record": record if record and record["published"] else None,
        "record_internal": record,
        "signer_ids": {s.signer_id for s in state["signatures"] if s.signer_id},
        "risk_label": (record or {}).get("risk_level_label") or risk_label(project.risk_estimate),
    }


# --- The board's portfolio and the public roadmap --------------------------------------------


def portfolio(*, user) -> list[dict]:
    """The projects still running (not retired), ranked by the consultation results of their
    use cases (majority judgment across projects), with impact, cost, risk and energy."""
    projects = list(projects_readable(user=user).exclude(stage=Stage.RETIREMENT))
    ids = [p.use_case_id for p in projects]
    ranking = use_cases_ranked(ids=ids)
    use_cases = use_cases_for_governance(ids=ids)
    records = systems_governance_facts(slugs=[p.register_slug for p in projects])
    rows = []
    for project in projects:
        record = records.get(project.register_slug)
        result = ranking.get(project.use_case_id, {})
        rows.append(
            {
                "project": project,
                "use_case": use_cases.get(project.use_case_id),
                "rank": result.get("rank"),
                "ballots": result.get("ballots", 0),
                "median_grade": result.get("median_grade", ""),
                "median_label": result.get("median_label", ""),
                "risk_level": (record or {}).get("risk_level") or project.risk_estimate,
                "risk_label": (record or {}).get("risk_level_label")
                or risk_label(project.risk_estimate),
            }
        )
    rows.sort(key=lambda r: (r["rank"] or 10**9, r["project"].title))
    return rows


def roadmap(*, user) -> list[dict]:
    """What is decided, being built or in service, and why: each project with the use case and
    the consultation result that asked for it (the median grade only where the consultation's
    results are public)."""
    projects = list(
        projects_list(user=user).filter(stage__in=[s.value for s in ROADMAP_STAGES])[:200]
    )
    ids = [p.use_case_id for p in projects]
    use_cases = use_cases_for_governance(ids=ids, user=user)
    ranking = use_cases_ranked(ids=ids)
    rows = []
    for project in projects:
        use_case = use_cases.get(project.use_case_id)
        result = ranking.get(project.use_case_id, {})
        shown = bool(
            use_case and use_case["consultation"] and use_case["consultation"]["results_public"]
        )
        rows.append(
            {
                "project": project,
                "stage_label": project.get_stage_display(),
                "use_case": use_case,
                "median_grade": result.get("median_grade", "") if shown else "",
                "median_label": result.get("median_label", "") if shown else "",
                "ballots": result.get("ballots", 0) if shown else 0,
            }
        )
    return rows


def governance_indicators() -> dict:
    """The observatory's section: projects by stage and the gates' verdicts."""
    by_stage = dict(Project.objects.values_list("stage").annotate(n=Count("id")))
    by_verdict = dict(GateSignature.objects.values_list("verdict").annotate(n=Count("id")))
    return {
        "projects": sum(by_stage.values()),
        "by_stage": [
            {"key": s.value, "label": str(s.label), "count": by_stage.get(s.value, 0)}
            for s in Stage
        ],
        "signatures": sum(by_verdict.values()),
        "by_verdict": [
            {"key": v.value, "label": str(v.label), "count": by_verdict.get(v.value, 0)}
            for v in Verdict
        ],
    }


def signatures_of(*, user) -> list[GateSignature]:
    return list(GateSignature.objects.filter(signer=user).select_related("project"))
