"""The pipeline's rules: each reviewer signs their own gate only; a missing or unfavourable gate
keeps a project out of consultation, pilot and deployment; the charter's blocking criteria stop
it outright; every signature and transition is in the audit trail."""

import pytest
from django.utils import timezone, translation

from accounts.models import AuditEntry
from core.errors import Conflict, InvalidInput, NotAllowed
from dialogue import services as dialogue_services
from governance import services
from governance.models import AuditAction, GateRole, Project, Stage, Verdict
from tests.dialogue.factories import body_with, representative
from tests.governance.factories import (
    advance,
    at_stage,
    board,
    department_agent,
    dpo,
    it_reviewer,
    legal,
    project,
    sign,
    sign_stage,
    signers,
)
from tests.register.factories import published_system

pytestmark = pytest.mark.django_db

GATED = Stage.CONSULTATION


@pytest.fixture(autouse=True)
def _english():
    """Refusals are read in English here (their French is checked on the pages)."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "make_signer, own_role",
    [(it_reviewer, "it"), (dpo, "dpo"), (legal, "legal"), (department_agent, "department")],
)
def test_each_reviewer_signs_their_own_gate_and_no_other(make_signer, own_role):
    p = at_stage(Stage.QUALIFICATION)
    signer = make_signer()
    signature = sign(p, GATED, own_role, signer)
    assert signature.role == own_role and signature.signer == signer
    for role in ["it", "dpo", "legal", "department"]:
        if role == own_role:
            continue
        with pytest.raises(NotAllowed):
            sign(p, GATED, role, signer)


def test_an_agent_of_another_department_does_not_sign_the_owning_departments_gate():
    p = at_stage(Stage.QUALIFICATION)
    with pytest.raises(NotAllowed):
        sign(p, GATED, "department", department_agent("Direction des finances"))
    # Departments are matched as people type them: case and spaces do not matter.
    sign(p, GATED, "department", department_agent("  direction de la PROPRETÉ   et de l'eau "))


def test_the_staff_bodies_gate_is_never_signed_by_a_person():
    p = at_stage(Stage.DECISION)
    with pytest.raises(NotAllowed, match="formal opinion"):
        sign(p, Stage.PILOT, "staff", representative())


def test_entering_consultation_is_refused_while_the_dpo_gate_is_open():
    p = at_stage(Stage.QUALIFICATION)
    sign_stage(p, GATED, skip={"dpo"})
    with pytest.raises(Conflict) as refused:
        advance(p, GATED)
    assert refused.value.status == 409
    assert refused.value.code == "gates_missing"
    assert "not signed yet: Data protection officer" in refused.value.message
    p.refresh_from_db()
    assert p.stage == Stage.QUALIFICATION

    sign(p, GATED, "dpo", dpo())
    advance(p, GATED)
    p.refresh_from_db()
    assert p.stage == Stage.CONSULTATION


def test_an_unfavourable_gate_blocks_and_conditions_pass():
    p = at_stage(Stage.QUALIFICATION)
    people = sign_stage(p, GATED)
    sign(p, GATED, "it", people["it"], Verdict.UNFAVOURABLE)
    with pytest.raises(Conflict) as refused:
        advance(p, GATED)
    assert "unfavourable: IT department" in refused.value.message
    assert "not signed yet" not in refused.value.message
    # Signing again replaces the verdict: the latest signature counts.
    sign(p, GATED, "it", people["it"], Verdict.CONDITIONS)
    advance(p, GATED)
    assert Project.objects.get(pk=p.pk).stage == Stage.CONSULTATION


def test_a_blocking_criterion_found_by_a_reviewer_stops_the_project_outright():
    p = at_stage(Stage.QUALIFICATION)
    people = sign_stage(p, GATED)
    sign(p, GATED, "dpo", people["dpo"], Verdict.UNFAVOURABLE, findings=["facial_recognition"])
    with pytest.raises(Conflict) as refused:
        advance(p, GATED)
    assert refused.value.code == "charter_blocking"
    assert "Facial recognition" in refused.value.message


def test_a_blocking_criterion_calls_for_an_unfavourable_verdict():
    p = at_stage(Stage.QUALIFICATION)
    with pytest.raises(InvalidInput):
        sign(p, GATED, "legal", legal(), Verdict.FAVOURABLE, findings=["discriminatory_bias"])
    with pytest.raises(InvalidInput):
        sign(p, GATED, "legal", legal(), Verdict.UNFAVOURABLE, findings=["not_a_criterion"])


@pytest.mark.parametrize(
    "charter, risk, criterion",
    [
        ({"no_biometrics": "does_not_meet"}, "minimal", "Biometric identification"),
        ({"equity": "does_not_meet"}, "minimal", "Discriminatory bias found"),
        ({}, "prohibited", "Practice prohibited by the AI Act"),
    ],
)
def test_the_register_records_charter_assessment_stops_the_project_whatever_its_gates(
    charter, risk, criterion
):
    rows = [
        {"principle": principle, "rating": rating, "justification": "Évalué."}
        for principle, rating in charter.items()
    ]
    system = published_system(charter=rows or None, risk_level=risk)
    p = project(register_slug=system.slug)
    sign_stage(p, GATED)
    with pytest.raises(Conflict) as refused:
        advance(p, Stage.QUALIFICATION)
    assert refused.value.code == "charter_blocking"
    assert criterion in refused.value.message
    # Stopping is never blocked: the project can always be retired.
    advance(p, Stage.RETIREMENT, note="Contraire à la charte.")
    assert Project.objects.get(pk=p.pk).stage == Stage.RETIREMENT


def test_a_project_moves_one_stage_at_a_time_and_retires_with_a_reason():
    p = project()
    with pytest.raises(Conflict) as refused:
        advance(p, Stage.CONSULTATION)
    assert refused.value.code == "stage_order"
    with pytest.raises(InvalidInput):
        advance(p, Stage.RETIREMENT)
    advance(p, Stage.RETIREMENT, note="Besoin couvert autrement.")
    with pytest.raises(Conflict):
        advance(Project.objects.get(pk=p.pk), Stage.QUALIFICATION)


def test_gates_close_once_the_stage_is_entered():
    p = at_stage(Stage.CONSULTATION)
    with pytest.raises(Conflict) as refused:
        sign(p, GATED, "it", it_reviewer())
    assert refused.value.code == "gate_closed"


def test_only_the_board_moves_a_project():
    p = at_stage(Stage.QUALIFICATION)
    for person in [it_reviewer(), dpo(), legal(), department_agent()]:
        with pytest.raises(NotAllowed):
            advance(p, Stage.RETIREMENT, actor=person, note="Non.")
    with pytest.raises(NotAllowed):
        project(actor=it_reviewer())


def _opinion(p, stance="favourable", given_on=None):
    member = representative()
    body = body_with(member)
    return dialogue_services.opinion_file(
        actor=member,
        body=body,
        target_kind="use_case",
        target_ref=str(p.use_case_id),
        stance=stance,
        reasons="Avis du comité.",
        given_on=given_on or timezone.localdate(),
    )


def test_the_pilot_needs_a_staff_bodys_formal_opinion_and_an_unfavourable_one_blocks():
    p = at_stage(Stage.DECISION)
    sign_stage(p, Stage.PILOT)
    with pytest.raises(Conflict) as refused:
        advance(p, Stage.PILOT)
    assert "not signed yet: Staff bodies" in refused.value.message
    _opinion(p, "unfavourable")
    with pytest.raises(Conflict) as refused:
        advance(p, Stage.PILOT)
    assert "unfavourable: Staff bodies" in refused.value.message
    _opinion(p, "reservations", given_on=timezone.localdate())
    # Both opinions have today's date; the later one is read first by dialogue (newest first).
    advance(p, Stage.PILOT)
    assert Project.objects.get(pk=p.pk).stage == Stage.PILOT


def test_deployment_needs_a_staff_opinion_given_since_the_pilot_began():
    p = at_stage(Stage.DECISION)
    _opinion(p, "favourable", given_on=timezone.localdate() - timezone.timedelta(days=10))
    sign_stage(p, Stage.PILOT)
    advance(p, Stage.PILOT)
    sign_stage(p, Stage.DEPLOYMENT)
    with pytest.raises(Conflict) as refused:
        advance(p, Stage.DEPLOYMENT)
    assert "Staff bodies" in refused.value.message
    _opinion(p, "favourable")
    advance(p, Stage.DEPLOYMENT)
    assert Project.objects.get(pk=p.pk).stage == Stage.DEPLOYMENT


def test_signatures_transitions_and_refusals_are_in_the_audit_trail():
    p = at_stage(Stage.QUALIFICATION)
    people = signers()
    sign(p, GATED, "it", people["it"])
    with pytest.raises(Conflict):
        advance(p, GATED)
    entries = AuditEntry.objects.filter(target_type="governance.project", target_id=str(p.pk))
    actions = list(entries.order_by("pk").values_list("action", flat=True))
    assert actions == [
        AuditAction.PROJECT_CREATE,
        AuditAction.STAGE_ADVANCE,
        AuditAction.GATE_SIGN,
        AuditAction.STAGE_REFUSED,
    ]
    signed = entries.get(action=AuditAction.GATE_SIGN)
    assert signed.actor == people["it"]
    assert signed.data["role"] == GateRole.IT and signed.data["stage"] == GATED
    refused = entries.get(action=AuditAction.STAGE_REFUSED)
    assert set(refused.data["missing"]) == {"dpo", "legal", "department"}


def test_a_project_needs_a_published_use_case_and_only_one_each():
    p = project()
    with pytest.raises(Conflict):
        services.project_create(
            actor=board(), use_case_id=p.use_case_id, need="Encore.", department="D"
        )
    with pytest.raises(InvalidInput):
        services.project_create(actor=board(), use_case_id=999999, need="N", department="D")
    with pytest.raises(InvalidInput):
        project(register_slug="no-such-record")


def test_the_board_links_the_register_record_and_an_unknown_one_is_refused():
    p = project()
    chair = board()
    with pytest.raises(InvalidInput) as refused:
        services.project_update(actor=chair, project=p, register_slug="no-such-record")
    assert refused.value.code == "register_slug"
    system = published_system()
    services.project_update(actor=chair, project=p, register_slug=system.slug, cost_estimate=1000)
    p.refresh_from_db()
    assert (p.register_slug, p.cost_estimate) == (system.slug, 1000)
    edit = AuditEntry.objects.get(action=AuditAction.PROJECT_EDIT, target_id=str(p.pk))
    assert sorted(edit.data["fields"]) == ["cost_estimate", "register_slug"]
    with pytest.raises(NotAllowed):
        services.project_update(actor=legal(), project=p, cost_estimate=1)


def test_a_deleted_reviewers_signature_stays_with_their_service_and_without_their_name():
    from accounts.services import user_data_export, user_delete

    p = at_stage(Stage.QUALIFICATION)
    reviewer = dpo(display_name="Claire Dupont", department="Délégation à la protection")
    sign(p, GATED, "dpo", reviewer, internal_notes="Note de Claire.")
    exported = user_data_export(user=reviewer)["governance"]["gate_signatures"]
    assert [(s["role"], s["internal_notes"]) for s in exported] == [("dpo", "Note de Claire.")]
    user_delete(user=reviewer)
    signature = p.signatures.get()
    assert signature.signer is None and signature.signer_name == ""
    assert signature.signer_service == "Délégation à la protection"
    assert signature.verdict == Verdict.FAVOURABLE
