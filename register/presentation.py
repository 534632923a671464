"""How a record is shown: grouped sections, and why a blank field is blank."""

from django.utils.translation import gettext_lazy as _

from register.models import AISystemVersion, RiskLevel, Status

SECTIONS = [
    (
        "what",
        _("What and why"),
        [
            "short_description",
            "purpose",
            "expected_impact",
            "organisation",
            "department",
            "contact",
            "status",
            "retirement_reason",
            "theme",
            "begin_date",
            "end_date",
            "review_date",
            "decisions_per_year",
            "people_affected",
            "proportionality",
            "alternatives_considered",
        ],
    ),
    (
        "how",
        _("How it works"),
        [
            "algorithm_type",
            "output_type",
            "technical_description",
            "performance_monitoring",
            "supplier",
            "supplier_role",
            "source_code_url",
            "licence",
            "transparency_limitations",
            "energy_hosting",
        ],
    ),
    ("data", _("Data"), ["training_data", "live_data", "known_biases", "processing_record_url"]),
    (
        "risks",
        _("Risks and mitigations"),
        ["risks_mitigations", "dpia", "algorithmic_impact_assessment"],
    ),
    (
        "oversight",
        _("Human oversight"),
        ["automation_level", "human_oversight", "recourse_procedure"],
    ),
    ("legal", _("Legal basis"), ["legal_basis", "legal_links", "ai_act_role"]),
]

URL_FIELDS = {"source_code_url", "processing_record_url", "eu_database_url"}
LINK_LIST_FIELDS = {"legal_links"}

DEFAULT_REASONS = {
    "retirement_reason": _("The system is not retired."),
    "end_date": _("No end date: the system is not scheduled to stop."),
    "source_code_url": _("The source code is not published (see the transparency limitations)."),
    "licence": _("No licence: the source code is not published."),
    "transparency_limitations": _("No limitation declared."),
    "training_data": _("The system was not trained by or for the city (rules or a general model)."),
    "known_biases": _(
        "No bias identified so far; the monitoring section says how this is checked."
    ),
    "supplier": _("Built by the city's own teams."),
    "supplier_role": _("Built by the city's own teams."),
    "decisions_per_year": _(
        "The system does not take individual decisions, or they are not counted yet."
    ),
}


def blank_reason(version: AISystemVersion, name: str) -> str:
    reason = (version.blank_reasons or {}).get(name)
    if reason:
        return reason
    if name == "retirement_reason" and version.status != Status.RETIRED:
        return ""  # not shown at all
    return str(DEFAULT_REASONS.get(name, _("Not provided yet by the department in charge.")))


def _field(version: AISystemVersion, name: str) -> dict | None:
    field = AISystemVersion._meta.get_field(name)
    value = getattr(version, name)
    if field.choices and value:
        value = getattr(version, f"get_{name}_display")()
    kind = "text"
    if name in URL_FIELDS:
        kind = "url"
    elif name in LINK_LIST_FIELDS:
        kind = "links"
        value = [line.strip() for line in (value or "").splitlines() if line.strip()]
    elif (
        name in ("dpia", "algorithmic_impact_assessment", "fria")
        and value
        and value.startswith(("http://", "https://"))
    ):
        kind = "url"
    is_blank = value in (None, "", [])
    reason = blank_reason(version, name) if is_blank else ""
    if is_blank and not reason:
        return None
    return {
        "name": name,
        "label": field.verbose_name,
        "value": value,
        "kind": kind,
        "authored": not field.choices,  # written by the editors, in the record's language
        "blank": is_blank,
        "reason": reason,
    }


def record_sections(version: AISystemVersion) -> list[dict]:
    sections = []
    for key, title, names in SECTIONS:
        fields = [f for f in (_field(version, n) for n in names) if f is not None]
        sections.append({"key": key, "title": title, "fields": fields})
    return sections


def ai_act_obligations(version: AISystemVersion) -> list[dict]:
    """Each AI Act obligation for this risk level, and whether the record shows it is met."""
    rows = []
    high = version.risk_level == RiskLevel.HIGH
    limited = version.risk_level in (RiskLevel.LIMITED, RiskLevel.HIGH)
    rows.append(
        {
            "label": _("Fundamental-rights impact assessment (art. 27)"),
            "required": high,
            "met": bool(version.fria),
            "detail": version.fria,
            "not_required": _("Not required: the system is not high risk."),
        }
    )
    rows.append(
        {
            "label": _("Entry in the EU database (art. 49)"),
            "required": high,
            "met": bool(version.eu_database_url),
            "detail": version.eu_database_url,
            "not_required": _("Not required: the system is not high risk."),
        }
    )
    rows.append(
        {
            "label": _("Transparency notice to people (art. 50)"),
            "required": limited,
            "met": bool(version.transparency_notice),
            "detail": version.transparency_notice,
            "not_required": _(
                "Not required: the system does not interact with people or generate content."
            ),
        }
    )
    return rows
