"""The rules of oversight that pages, exports, services and the observatory share.

Evaluation schedule: a deployed system (pilot or in use) is evaluated every N months, N set per
AI Act risk level (settings `REGISTER_EVALUATION_MONTHS_*`; 12 / 24 / 36 by default). The first
evaluation is due N months after it went into service (its begin date, else its first
publication); each next one N months after the last. Past that date it is "evaluation overdue";
a system with no evaluation at all is "never evaluated", one whose last evaluation is older than
its interval is "no longer evaluated".

Incident reporting: a serious incident of a high-risk system is reported to the market
surveillance authority no later than 15 days after the city became aware of it (AI Act
art. 73(2)); 2 days for a widespread infringement or a serious incident under art. 3(49)(b),
the disruption of critical infrastructure (art. 73(3)); 10 days in the event of a person's
death (art. 73(4)). Regulation (EU) 2024/1689, https://eur-lex.europa.eu/eli/reg/2024/1689/oj
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from register.models import IncidentSeverity, RiskLevel, SeriousIncidentCase, Status

# What an evaluation records (the editor's form, the service, the exports), in this order.
EVALUATION_FIELDS = (
    "evaluated_on",
    "period_start",
    "performance",
    "disparity_metric",
    "disparity_groups",
    "disparity_findings",
    "energy_kwh",
    "cost_eur",
    "energy_cost_notes",
    "incidents_summary",
    "staff_survey_period",
    "staff_survey_summary",
    "user_satisfaction",
    "conclusion",
    "conclusion_reasons",
)

# Statuses in which a system is deployed, hence evaluated on schedule.
DEPLOYED_STATUSES = (Status.PILOT, Status.IN_USE)

# AI Act art. 73: days between awareness and the report, per case.
INCIDENT_REPORT_DAYS = {
    SeriousIncidentCase.GENERAL: 15,
    SeriousIncidentCase.WIDESPREAD: 2,
    SeriousIncidentCase.DEATH: 10,
}


def evaluation_interval_months(risk_level: str) -> int:
    if risk_level in (RiskLevel.HIGH, RiskLevel.PROHIBITED):
        return settings.REGISTER_EVALUATION_MONTHS_HIGH
    if risk_level == RiskLevel.LIMITED:
        return settings.REGISTER_EVALUATION_MONTHS_LIMITED
    return settings.REGISTER_EVALUATION_MONTHS_MINIMAL


def evaluation_schedule_table() -> list[dict]:
    """The schedule as shown to readers (one row per risk level)."""
    return [
        {"risk_level": value, "label": label, "months": evaluation_interval_months(value)}
        for value, label in RiskLevel.choices
        if value != RiskLevel.PROHIBITED
    ]


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class EvaluationState:
    required: bool  # deployed: evaluated on schedule
    interval_months: int
    last_evaluated_on: datetime.date | None
    next_due_on: datetime.date | None
    overdue: bool

    @property
    def never_evaluated(self) -> bool:
        return self.required and self.last_evaluated_on is None

    @property
    def no_longer_evaluated(self) -> bool:
        return self.required and self.last_evaluated_on is not None and self.overdue

    def as_export(self) -> dict:
        return {
            "required": self.required,
            "interval_months": self.interval_months,
            "last_evaluated_on": self.last_evaluated_on.isoformat()
            if self.last_evaluated_on
            else None,
            "next_due_on": self.next_due_on.isoformat() if self.next_due_on else None,
            "overdue": self.overdue,
        }


def evaluation_state(
    *,
    risk_level: str,
    status: str,
    last_evaluated_on: datetime.date | None,
    in_service_since: datetime.date | None,
    today: datetime.date | None = None,
) -> EvaluationState:
    """Where a system stands in its schedule, from plain values (pages, lists, exports alike)."""
    today = today or timezone.localdate()
    months = evaluation_interval_months(risk_level)
    required = status in DEPLOYED_STATUSES
    start = last_evaluated_on or in_service_since
    next_due = _add_months(start, months) if (required and start) else None
    return EvaluationState(
        required=required,
        interval_months=months,
        last_evaluated_on=last_evaluated_on,
        next_due_on=next_due,
        overdue=bool(next_due and next_due < today),
    )


def system_evaluation_state(system, *, last_evaluated_on=None, today=None) -> EvaluationState:
    """The state of a published system (its published version's risk level and status)."""
    version = system.published_version
    if system.remote_id:  # a partner's record is evaluated by that partner
        return evaluation_state(
            risk_level=version.risk_level, status="", last_evaluated_on=None, in_service_since=None
        )
    return evaluation_state(
        risk_level=version.risk_level,
        status=version.status,
        last_evaluated_on=last_evaluated_on,
        in_service_since=in_service_since(version.begin_date, system.first_published_at),
        today=today,
    )


def in_service_since(
    begin_date: datetime.date | None, first_published_at: datetime.datetime | None
) -> datetime.date | None:
    """When the schedule starts: the declared start of use, else the first publication."""
    return begin_date or (timezone.localdate(first_published_at) if first_published_at else None)


def incident_report_days(*, severity: str, serious_case: str, high_risk: bool) -> int | None:
    """Days the city has to report the incident (AI Act art. 73), or None when it owes no report."""
    if severity != IncidentSeverity.SERIOUS or not high_risk:
        return None
    return INCIDENT_REPORT_DAYS.get(serious_case or SeriousIncidentCase.GENERAL)


def incident_report_due_on(
    *, severity: str, serious_case: str, high_risk: bool, aware_on: datetime.date
) -> datetime.date | None:
    days = incident_report_days(severity=severity, serious_case=serious_case, high_risk=high_risk)
    return aware_on + datetime.timedelta(days=days) if days is not None else None
