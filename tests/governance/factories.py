"""Governance test data, built through the services (as the board and the reviewers would)."""

import itertools

from accounts.roles import Role
from consultation.models import Audience
from governance import services
from governance.models import GATES, Stage, Verdict
from tests.consultation.factories import ConsultationFactory, UseCaseFactory
from tests.factories import UserFactory

DEPARTMENT = "Direction de la propreté et de l'eau"
_counter = itertools.count(1)


def board(**kw):
    return UserFactory(roles=[Role.GOVERNANCE_BOARD], **kw)


def it_reviewer(**kw):
    return UserFactory(roles=[Role.IT_REVIEWER], **kw)


def dpo(**kw):
    return UserFactory(roles=[Role.DPO], **kw)


def legal(**kw):
    return UserFactory(roles=[Role.LEGAL_REVIEWER], **kw)


def department_agent(department=DEPARTMENT, **kw):
    return UserFactory(roles=[Role.AGENT], department=department, **kw)


def project(*, actor=None, audience=Audience.PUBLIC, transparent=False, **fields):
    consultation = ConsultationFactory(audience=audience, transparent=transparent)
    use_case = UseCaseFactory(consultation=consultation, department=DEPARTMENT)
    fields.setdefault("need", "Les habitants attendent une réponse plus rapide.")
    fields.setdefault("department", DEPARTMENT)
    fields.setdefault("title", f"Projet {next(_counter)}")
    return services.project_create(actor=actor or board(), use_case_id=use_case.pk, **fields)


def signers(department=DEPARTMENT) -> dict:
    return {
        "it": it_reviewer(),
        "dpo": dpo(),
        "legal": legal(),
        "department": department_agent(department),
    }


def sign(project, stage, role, signer, verdict=Verdict.FAVOURABLE, **kw):
    kw.setdefault("public_reasons", f"Avis public du rôle {role}.")
    return services.gate_sign(
        actor=signer, project=project, stage=stage, role=role, verdict=verdict, **kw
    )


def sign_stage(project, stage, people=None, *, skip=(), verdict=Verdict.FAVOURABLE):
    people = people or signers(project.department)
    for role in GATES[Stage(stage)]:
        if role.value in skip or role.value not in people:
            continue
        sign(project, stage, role.value, people[role.value], verdict)
    return people


def advance(project, to_stage, actor=None, note=""):
    return services.project_advance(
        actor=actor or board(), project=project, to_stage=to_stage, note=note
    )


def at_stage(stage, **kw):
    """A project taken to `stage` with every gate on the way signed favourably."""
    p = project(**kw)
    people = signers(p.department)
    for target in [Stage.QUALIFICATION, Stage.CONSULTATION, Stage.DECISION][
        : [Stage.IDEA, Stage.QUALIFICATION, Stage.CONSULTATION, Stage.DECISION].index(stage)
    ]:
        if Stage(target) in GATES:
            sign_stage(p, target, people)
        advance(p, target)
    p.refresh_from_db()
    return p
