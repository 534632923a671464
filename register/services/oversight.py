"""Oversight of deployed systems: periodic evaluations, hidden-algorithm declarations, incidents.

Every write checks its policy (`register.policies`), validates, and appends an audit row in the
same transaction; the people concerned are told through the outbox.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import audit_record
from core.errors import Conflict, InvalidInput, NotAllowed
from core.outbox import outbox_enqueue
from dialogue.selectors import follow_up_survey
from register.models import (
    AISystem,
    AuditAction,
    AutomationLevel,
    DeclarationStatus,
    DeploymentEvaluation,
    HiddenAlgorithmDeclaration,
    Incident,
    IncidentSeverity,
    IncidentStatus,
    RecourseRequest,
    RiskLevel,
    Status,
)
from register.oversight import EVALUATION_FIELDS, incident_report_due_on
from register.policies import (
    require_declarant,
    require_evaluator,
    require_incident_manager,
    require_incident_recorder,
    require_triager,
)
from register.services.systems import system_create
from register.services.versions import system_latest_version


def _validation_message(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return " ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ".join(exc.messages)


def _full_clean(obj, exclude=None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise InvalidInput(_validation_message(exc)) from exc


# --- Evaluations ------------------------------------------------------------------------------


def system_affects_people(*, version) -> bool:
    """Where a system affects people, an evaluation names the metric and the groups it compared:
    people affected are declared, it is high risk, or it decides (partly or fully) by itself."""
    return bool(
        (version.people_affected or "").strip()
        or version.risk_level == RiskLevel.HIGH
        or version.automation_level in (AutomationLevel.PARTIAL, AutomationLevel.FULL)
    )


def survey_periods(*, system: AISystem) -> list[str]:
    """The rounds of the record's staff follow-up survey (dialogue), newest first."""
    survey = follow_up_survey(record_ref=system.slug)
    if survey is None:
        return []
    return list(survey.rounds.order_by("-opens_on").values_list("period", flat=True))


def deployment_evaluation_record(
    *, actor: User, system: AISystem, data: dict
) -> DeploymentEvaluation:
    """Record a dated evaluation of a published city record (public at once, never edited)."""
    require_evaluator(actor)
    if system.is_partner:
        raise NotAllowed(_("Entries harvested from a partner are evaluated at their source."))
    version = system.published_version
    if version is None:
        raise Conflict(_("Only a published record can be evaluated."))
    unknown = set(data) - set(EVALUATION_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    errors = []
    today = timezone.localdate()
    evaluated_on = data.get("evaluated_on")
    period_start = data.get("period_start")
    if isinstance(evaluated_on, datetime.date) and evaluated_on > today:
        errors.append(_("The date of the evaluation cannot be in the future."))
    if (
        isinstance(evaluated_on, datetime.date)
        and isinstance(period_start, datetime.date)
        and period_start > evaluated_on
    ):
        errors.append(_("The period evaluated must start before the date of the evaluation."))
    if system_affects_people(version=version) and not (
        (data.get("disparity_metric") or "").strip()
        and (data.get("disparity_groups") or "").strip()
    ):
        errors.append(
            _(
                "This system affects people: name the metric and the groups compared for "
                "disparities."
            )
        )
    period = (data.get("staff_survey_period") or "").strip()
    if period and period not in survey_periods(system=system):
        errors.append(
            _("“%(period)s” is not a round of this record's staff follow-up survey.")
            % {"period": period[:12]}
        )
    for name in ("energy_kwh", "cost_eur"):
        value = data.get(name)
        if value is not None and value < 0:
            errors.append(_("Energy and cost cannot be negative."))
            break
    if errors:
        raise InvalidInput(" ".join(errors), code="evaluation_invalid")
    evaluation = DeploymentEvaluation(
        system=system, version_number=version.number, created_by=actor, **data
    )
    _full_clean(evaluation, exclude=["system", "created_by"])
    with transaction.atomic():
        evaluation.save()
        audit_record(
            actor=actor,
            action=AuditAction.EVALUATION_RECORD,
            target_type=AISystem,
            target_id=system.uuid,
            summary=f"{version.name} — {evaluation.evaluated_on.isoformat()}",
            data={
                "evaluation": evaluation.pk,
                "version": version.number,
                "conclusion": evaluation.conclusion,
            },
        )
    return evaluation


# --- Hidden-algorithm declarations --------------------------------------------------------------

DECLARATION_FIELDS = ("tool_name", "what_it_does", "where_it_appears", "department")


def declaration_create(*, actor: User, data: dict) -> HiddenAlgorithmDeclaration:
    """An agent declares a tool that may make automated decisions or use AI."""
    require_declarant(actor)
    clean = {k: (data.get(k) or "").strip() for k in DECLARATION_FIELDS}
    missing = [k for k, v in clean.items() if not v]
    if missing:
        raise InvalidInput(
            _("Fill in: %(fields)s.")
            % {
                "fields": ", ".join(
                    str(HiddenAlgorithmDeclaration._meta.get_field(k).verbose_name) for k in missing
                )
            }
        )
    declaration = HiddenAlgorithmDeclaration(declarant=actor, **clean)
    _full_clean(declaration, exclude=["declarant", "handled_by", "system"])
    with transaction.atomic():
        declaration.save()
        audit_record(
            actor=actor,
            action=AuditAction.DECLARATION_CREATE,
            target_type=HiddenAlgorithmDeclaration,
            target_id=declaration.pk,
            summary=declaration.tool_name[:255],
        )
    return declaration


def _notify_declarant(declaration: HiddenAlgorithmDeclaration, subject: str, body: str) -> None:
    declarant = declaration.declarant
    if declarant is None or not declarant.is_active or not declarant.email:
        return
    outbox_enqueue(to=declarant.email, subject=subject, body=body, kind="register.declaration")


def _pending(declaration: HiddenAlgorithmDeclaration) -> HiddenAlgorithmDeclaration:
    locked = HiddenAlgorithmDeclaration.objects.select_for_update().get(pk=declaration.pk)
    if locked.status != DeclarationStatus.PENDING:
        raise Conflict(_("This declaration was already triaged."))
    return locked


def declaration_to_draft(*, actor: User, declaration: HiddenAlgorithmDeclaration) -> AISystem:
    """Triage into a register draft pre-filled from the declaration (through the register's own
    `system_create`); an editor completes it and a second one publishes, as for any record."""
    require_triager(actor)
    with transaction.atomic():
        declaration = _pending(declaration)
        system = system_create(
            actor=actor,
            data={
                "name": declaration.tool_name,
                "short_description": declaration.what_it_does,
                "organisation": settings.REGISTER_PUBLISHER,
                "department": declaration.department,
                "status": Status.IN_USE,
                "technical_description": _("Where it appears: %(where)s")
                % {"where": declaration.where_it_appears},
            },
            change_summary=_("Draft from a hidden-algorithm declaration"),
        )
        declaration.status = DeclarationStatus.DRAFTED
        declaration.system = system
        declaration.handled_by = actor
        declaration.handled_at = timezone.now()
        declaration.save(update_fields=["status", "system", "handled_by", "handled_at"])
        audit_record(
            actor=actor,
            action=AuditAction.DECLARATION_DRAFT,
            target_type=HiddenAlgorithmDeclaration,
            target_id=declaration.pk,
            summary=declaration.tool_name[:255],
            data={"system": str(system.uuid), "slug": system.slug},
        )
        with translation.override(settings.LANGUAGE_CODE):
            _notify_declarant(
                declaration,
                _("Your declaration “%(tool)s”: a register record is being prepared")
                % {"tool": declaration.tool_name},
                _(
                    "Thank you. The register editors opened a draft record for “%(tool)s”; it "
                    "will be completed with the department and published in the register.\n%(url)s"
                )
                % {
                    "tool": declaration.tool_name,
                    "url": settings.SITE_URL.rstrip("/") + system.get_absolute_url(),
                },
            )
    return system


def declaration_close(
    *, actor: User, declaration: HiddenAlgorithmDeclaration, reason: str
) -> HiddenAlgorithmDeclaration:
    """Close without a record, with a reason shown publicly (never the declarant's name)."""
    require_triager(actor)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Give the public reason for closing this declaration."))
    with transaction.atomic():
        declaration = _pending(declaration)
        declaration.status = DeclarationStatus.CLOSED
        declaration.public_reason = reason
        declaration.handled_by = actor
        declaration.handled_at = timezone.now()
        declaration.save(update_fields=["status", "public_reason", "handled_by", "handled_at"])
        audit_record(
            actor=actor,
            action=AuditAction.DECLARATION_CLOSE,
            target_type=HiddenAlgorithmDeclaration,
            target_id=declaration.pk,
            summary=reason[:255],
        )
        with translation.override(settings.LANGUAGE_CODE):
            _notify_declarant(
                declaration,
                _("Your declaration “%(tool)s” was closed") % {"tool": declaration.tool_name},
                _(
                    "Thank you. The register editors closed your declaration about “%(tool)s”. "
                    "Their reason, published without your name:\n\n%(reason)s"
                )
                % {"tool": declaration.tool_name, "reason": declaration.public_reason},
            )
    return declaration


# --- Incidents ----------------------------------------------------------------------------------

INCIDENT_FIELDS = (
    "kind",
    "severity",
    "serious_case",
    "summary",
    "internal_notes",
    "occurred_on",
    "aware_on",
)


def incident_record(
    *,
    actor: User,
    system: AISystem,
    data: dict,
    recourse_request: RecourseRequest | None = None,
) -> Incident:
    """Record an incident of a city record; a serious incident of a high-risk system gets its
    AI Act reporting deadline (`register.oversight`)."""
    require_incident_recorder(actor, from_recourse=recourse_request is not None)
    if system.is_partner:
        raise NotAllowed(_("Incidents of a partner's system are recorded by that partner."))
    if recourse_request is not None and recourse_request.system_id != system.pk:
        raise InvalidInput(_("This recourse request is about another system."))
    unknown = set(data) - set(INCIDENT_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    data = dict(data)
    today = timezone.localdate()
    aware_on, occurred_on = data.get("aware_on"), data.get("occurred_on")
    errors = []
    if isinstance(aware_on, datetime.date) and aware_on > today:
        errors.append(_("The date the city became aware cannot be in the future."))
    if (
        isinstance(aware_on, datetime.date)
        and isinstance(occurred_on, datetime.date)
        and occurred_on > aware_on
    ):
        errors.append(_("An incident cannot occur after the city became aware of it."))
    if data.get("severity") != IncidentSeverity.SERIOUS:
        data["serious_case"] = ""
    elif not data.get("serious_case"):
        errors.append(_("Say which case of AI Act art. 73 this serious incident falls under."))
    if errors:
        raise InvalidInput(" ".join(errors), code="incident_invalid")
    version = system.published_version or system_latest_version(system=system)
    high_risk = bool(version and version.risk_level == RiskLevel.HIGH)
    incident = Incident(
        system=system,
        created_by=actor,
        recourse_request=recourse_request,
        high_risk=high_risk,
        **data,
    )
    _full_clean(incident, exclude=["system", "created_by", "recourse_request"])
    incident.report_due_on = incident_report_due_on(
        severity=incident.severity,
        serious_case=incident.serious_case,
        high_risk=high_risk,
        aware_on=incident.aware_on,
    )
    with transaction.atomic():
        incident.save()
        audit_record(
            actor=actor,
            action=AuditAction.INCIDENT_RECORD,
            target_type=AISystem,
            target_id=system.uuid,
            summary=f"{incident.get_kind_display()} ({incident.get_severity_display()})",
            data={
                "incident": incident.pk,
                "report_due_on": incident.report_due_on.isoformat()
                if incident.report_due_on
                else None,
                "recourse": recourse_request.reference if recourse_request else None,
            },
        )
    return incident


def incident_mark_reported(
    *, actor: User, incident: Incident, reported_on: datetime.date
) -> Incident:
    """The report to the market surveillance authority was sent on `reported_on`."""
    require_incident_manager(actor)
    if incident.report_due_on is None:
        raise Conflict(_("This incident owes no report under the AI Act."))
    if reported_on > timezone.localdate() or reported_on < incident.aware_on:
        raise InvalidInput(_("The report date must lie between the date of awareness and today."))
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        incident.reported_on = reported_on
        incident.save(update_fields=["reported_on"])
        audit_record(
            actor=actor,
            action=AuditAction.INCIDENT_REPORT,
            target_type=AISystem,
            target_id=incident.system.uuid,
            summary=reported_on.isoformat(),
            data={"incident": incident.pk, "on_time": reported_on <= incident.report_due_on},
        )
    return incident


def incident_close(*, actor: User, incident: Incident, closure_summary: str) -> Incident:
    """Close an incident with a public account of how it was resolved; an incident that owes an
    AI Act report stays open until it is reported."""
    require_incident_manager(actor)
    closure_summary = (closure_summary or "").strip()
    if not closure_summary:
        raise InvalidInput(_("Say publicly how the incident was resolved."))
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if incident.status == IncidentStatus.CLOSED:
            raise Conflict(_("This incident is already closed."))
        if incident.report_due_on is not None and incident.reported_on is None:
            raise Conflict(
                _(
                    "Report this serious incident to the authority (AI Act art. 73) before closing it."
                )
            )
        incident.status = IncidentStatus.CLOSED
        incident.closure_summary = closure_summary
        incident.closed_at = timezone.now()
        incident.save(update_fields=["status", "closure_summary", "closed_at"])
        audit_record(
            actor=actor,
            action=AuditAction.INCIDENT_CLOSE,
            target_type=AISystem,
            target_id=incident.system.uuid,
            summary=closure_summary[:255],
            data={"incident": incident.pk},
        )
    return incident
