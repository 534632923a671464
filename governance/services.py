"""Writes of the governance pipeline: projects, gate signatures and stage transitions. Each
writes its audit row in its transaction; a refused entry into a gated stage is audited too
(it is part of the project's public timeline)."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import audit_record
from consultation.selectors import use_cases_for_governance
from core.errors import Conflict, InvalidInput
from governance.models import (
    GATES,
    STAGE_ORDER,
    AuditAction,
    BlockingCriterion,
    GateRole,
    GateSignature,
    Project,
    Stage,
    Transition,
    Verdict,
)
from governance.policies import require_board, require_signer
from governance.selectors import allowed_targets, project_state, stage_gates
from register.selectors import register_risk_level_choices, systems_governance_facts

EDITABLE_FIELDS = (
    "title",
    "need",
    "department",
    "expected_impact",
    "cost_estimate",
    "energy_estimate",
    "risk_estimate",
    "register_slug",
)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "projet"
    slug, n = base, 2
    while Project.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _fields_check(fields: dict) -> None:
    for name in ("title", "need", "department"):
        if name in fields and not (fields[name] or "").strip():
            raise InvalidInput(_("This field is required."), code=name)
    risk = fields.get("risk_estimate") or ""
    if risk and risk not in dict(register_risk_level_choices()):
        raise InvalidInput(_("Choose a risk level from the list."), code="risk_estimate")
    slug = (fields.get("register_slug") or "").strip()
    if slug and slug not in systems_governance_facts(slugs=[slug]):
        raise InvalidInput(
            _("The register has no record of the city with the id “%(slug)s”.")
            % {"slug": slug[:120]},
            code="register_slug",
        )


def project_create(*, actor: User, use_case_id: int, **fields) -> Project:
    """A project from a consultation use case (one project per use case), at the idea stage."""
    require_board(actor)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown field: %(name)s") % {"name": ", ".join(sorted(unknown))})
    # The board reads every project, a staff consultation's too: any published use case.
    use_case = use_cases_for_governance(ids=[use_case_id]).get(use_case_id)
    if use_case is None or not use_case["is_public"]:
        raise InvalidInput(
            _("No published use case has the number %(n)s.") % {"n": use_case_id},
            code="use_case_id",
        )
    if Project.objects.filter(use_case_id=use_case_id).exists():
        raise Conflict(
            _("Use case %(n)s already has its project.") % {"n": use_case_id},
            code="use_case_id",
        )
    fields.setdefault("title", use_case["title"])
    fields.setdefault("department", use_case["department"])
    fields["register_slug"] = (fields.get("register_slug") or "").strip()
    _fields_check(fields)
    with transaction.atomic():
        project = Project(
            slug=_unique_slug(fields["title"]),
            use_case_id=use_case_id,
            created_by=actor,
            **fields,
        )
        project.save()
        audit_record(
            actor=actor,
            action=AuditAction.PROJECT_CREATE,
            target_type=Project,
            target_id=project.pk,
            summary=project.title,
            data={"use_case": use_case_id},
        )
    return project


def project_update(*, actor: User, project: Project, **fields) -> Project:
    """The board keeps the portfolio's figures and links the register record once it exists."""
    require_board(actor)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown field: %(name)s") % {"name": ", ".join(sorted(unknown))})
    if "register_slug" in fields:
        fields["register_slug"] = (fields["register_slug"] or "").strip()
    _fields_check(fields)
    changed = [name for name, value in fields.items() if getattr(project, name) != value]
    if not changed:
        return project
    with transaction.atomic():
        for name in changed:
            setattr(project, name, fields[name])
        project.updated_at = timezone.now()
        project.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.PROJECT_EDIT,
            target_type=Project,
            target_id=project.pk,
            summary=project.title,
            data={"fields": changed},
        )
    return project


def gate_sign(
    *,
    actor: User,
    project: Project,
    stage: str,
    role: str,
    verdict: str,
    public_reasons: str,
    internal_notes: str = "",
    findings: list[str] | tuple = (),
) -> GateSignature:
    """A reviewer signs the gate of their own role: a verdict with its public reasons, notes for
    the other reviewers and the board, and any blocking criterion of the charter they found.
    Signing again replaces the verdict (the latest signature counts) until the project has
    entered the stage."""
    if stage not in STAGE_ORDER or Stage(stage) not in GATES:
        raise InvalidInput(_("This stage has no gate to sign."), code="stage")
    if role not in GateRole.values or GateRole(role) not in GATES[Stage(stage)]:
        raise InvalidInput(_("This stage has no gate for this reviewer."), code="role")
    require_signer(actor, project, role)
    if verdict not in Verdict.values:
        raise InvalidInput(_("Choose a verdict."), code="verdict")
    public_reasons = (public_reasons or "").strip()
    if not public_reasons:
        raise InvalidInput(_("Give the public reasons for your verdict."), code="public_reasons")
    findings = list(dict.fromkeys(findings or ()))
    if any(code not in BlockingCriterion.values for code in findings):
        raise InvalidInput(_("Choose blocking criteria from the list."), code="findings")
    if findings and verdict != Verdict.UNFAVOURABLE:
        raise InvalidInput(
            _("A blocking criterion of the charter calls for an unfavourable verdict."),
            code="verdict",
        )
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if locked.stage == Stage.RETIREMENT:
            raise Conflict(_("This project is retired: its gates are closed."), code="retired")
        if STAGE_ORDER.index(locked.stage) >= STAGE_ORDER.index(stage):
            raise Conflict(
                _("The project has already entered the stage “%(stage)s”: its gates are closed.")
                % {"stage": Stage(stage).label},
                code="gate_closed",
            )
        signature = GateSignature.objects.create(
            project=locked,
            stage=stage,
            role=role,
            verdict=verdict,
            public_reasons=public_reasons,
            internal_notes=internal_notes or "",
            findings=findings,
            signer=actor,
            signer_name=actor.public_name[:160],
            signer_service=(actor.department or "")[:160],
        )
        audit_record(
            actor=actor,
            action=AuditAction.GATE_SIGN,
            target_type=Project,
            target_id=project.pk,
            summary=f"{Stage(stage).label} / {GateRole(role).label}: {signature.get_verdict_display()}",
            data={"stage": stage, "role": role, "verdict": verdict, "findings": findings},
        )
    return signature


def _names(rows: list[dict]) -> str:
    return ", ".join(str(row["role_label"]) for row in rows)


def transition_refusal(*, project: Project, to_stage: str) -> Conflict | None:
    """Why the project may not enter `to_stage` now (None when it may): not the next stage, a
    blocking criterion of the charter, or a required gate unsigned or unfavourable."""
    if to_stage not in allowed_targets(project=project):
        return Conflict(
            _(
                "A project moves forward one stage at a time (or retires): it cannot go from "
                "“%(from)s” to “%(to)s”."
            )
            % {
                "from": Stage(project.stage).label,
                "to": Stage(to_stage).label if to_stage in STAGE_ORDER else to_stage,
            },
            code="stage_order",
        )
    if to_stage == Stage.RETIREMENT:
        return None
    state = project_state(project=project)
    if state["blocking"]:
        refusal = Conflict(
            _("The charter stops this project outright: %(criteria)s.")
            % {
                "criteria": "; ".join(
                    f"{row['label']} ({row['source']})" for row in state["blocking"]
                )
            },
            code="charter_blocking",
        )
        refusal.details = {"criteria": [row["criterion"] for row in state["blocking"]]}
        return refusal
    gates = stage_gates(project=project, stage=to_stage, state=state)
    missing = [g for g in gates if not g["verdict"]]
    negative = [g for g in gates if g["verdict"] and not g["passing"]]
    if missing or negative:
        parts = []
        if missing:
            parts.append(_("not signed yet: %(names)s") % {"names": _names(missing)})
        if negative:
            parts.append(_("unfavourable: %(names)s") % {"names": _names(negative)})
        refusal = Conflict(
            _("The project cannot enter the stage “%(stage)s” until its gates pass — %(gates)s.")
            % {"stage": Stage(to_stage).label, "gates": "; ".join(parts)},
            code="gates_missing",
        )
        refusal.details = {
            "missing": [g["role"] for g in missing],
            "negative": [g["role"] for g in negative],
        }
        return refusal
    return None


def project_advance(*, actor: User, project: Project, to_stage: str, note: str = "") -> Transition:
    """The board moves a project to its next stage, or retires it (with a reason). A refusal is
    audited and raised as a 409 naming the gates or criteria in the way."""
    require_board(actor)
    note = (note or "").strip()
    if to_stage == Stage.RETIREMENT and not note:
        raise InvalidInput(_("Say why the project is retired."), code="note")
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        refusal = transition_refusal(project=locked, to_stage=to_stage)
        if refusal is None:
            transition = Transition.objects.create(
                project=locked,
                from_stage=locked.stage,
                to_stage=to_stage,
                actor=actor,
                note=note,
            )
            locked.stage = to_stage
            locked.stage_changed_at = transition.created_at
            locked.updated_at = transition.created_at
            locked.save(update_fields=["stage", "stage_changed_at", "updated_at"])
            audit_record(
                actor=actor,
                action=AuditAction.STAGE_ADVANCE,
                target_type=Project,
                target_id=project.pk,
                summary=f"{Stage(transition.from_stage).label} → {Stage(to_stage).label}",
                data={"from_stage": transition.from_stage, "to_stage": to_stage},
            )
    if refusal is not None:
        if refusal.code in ("gates_missing", "charter_blocking"):
            audit_record(
                actor=actor,
                action=AuditAction.STAGE_REFUSED,
                target_type=Project,
                target_id=project.pk,
                summary=refusal.message[:255],
                data={"to_stage": to_stage, "code": refusal.code, **refusal.details},
            )
        raise refusal
    project.refresh_from_db()
    return transition
