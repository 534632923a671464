"""AI Act questionnaire → risk level, as a pure function (no database, no request).

The decision follows the AI Act: scope → art. 5 prohibited practices → Annex I safety
component → Annex III areas relevant to a city (unless an art. 6(3) exception applies;
profiling is always high) → transparency duties (art. 50) → minimal.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from register.models import AnnexIIIArea, RiskLevel

EXCEPTION_KEYS = (
    "exception_narrow_procedural",
    "exception_improves_human_activity",
    "exception_detects_patterns",
    "exception_preparatory",
)
TRANSPARENCY_KEYS = ("interacts_with_people", "generates_content", "publishes_text")


@dataclass
class RiskResult:
    level: str
    annex_iii_point: str = ""
    in_scope: bool = True
    reasons: list[str] = field(default_factory=list)
    obligations: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "level": self.level,
            "annex_iii_point": self.annex_iii_point,
            "in_scope": self.in_scope,
            "reasons": [str(r) for r in self.reasons],
            "obligations": [str(o) for o in self.obligations],
        }


def _yes(answers: dict, key: str) -> bool:
    value = answers.get(key)
    if isinstance(value, str):
        return value.lower() in ("yes", "true", "1", "on", "oui")
    return bool(value)


def risk_level_assess(*, answers: dict) -> RiskResult:
    """Classify a system from the questionnaire answers; the reasons say which rule decided."""
    if not _yes(answers, "is_ai_system"):
        return RiskResult(
            level=RiskLevel.MINIMAL,
            in_scope=False,
            reasons=[
                _(
                    "The tool is not an AI system in the sense of AI Act art. 3(1): the AI Act "
                    "does not apply; it is registered for transparency."
                )
            ],
        )
    reasons: list = [_("The tool is an AI system used by the city (AI Act art. 3).")]
    if _yes(answers, "prohibited_practice"):
        reasons.append(
            _("It involves a practice prohibited by AI Act art. 5: it must not be used.")
        )
        return RiskResult(level=RiskLevel.PROHIBITED, reasons=reasons)

    high_obligations = [
        _("Fundamental-rights impact assessment before use (art. 27)."),
        _("Registration in the EU database (art. 49 and 71)."),
        _("Human oversight by trained staff and logs kept (art. 26)."),
    ]
    if _yes(answers, "annex_i_safety_component"):
        reasons.append(_("It is a safety component of a product covered by Annex I (art. 6(1))."))
        return RiskResult(level=RiskLevel.HIGH, reasons=reasons, obligations=high_obligations)

    area = str(answers.get("annex_iii_area") or "")
    if area and area in AnnexIIIArea.values:
        label = AnnexIIIArea(area).label
        if _yes(answers, "profiling"):
            reasons.append(
                _(
                    "It is used in an Annex III area (%(area)s) and profiles people: always high risk (art. 6(3), last subparagraph)."
                )
                % {"area": label}
            )
            return RiskResult(
                level=RiskLevel.HIGH,
                annex_iii_point=area,
                reasons=reasons,
                obligations=high_obligations,
            )
        exceptions = [key for key in EXCEPTION_KEYS if _yes(answers, key)]
        if not exceptions:
            reasons.append(
                _("It is used in an Annex III area (%(area)s) and no art. 6(3) exception applies.")
                % {"area": label}
            )
            return RiskResult(
                level=RiskLevel.HIGH,
                annex_iii_point=area,
                reasons=reasons,
                obligations=high_obligations,
            )
        reasons.append(
            _(
                "It is used in an Annex III area (%(area)s) but an art. 6(3) exception applies "
                "(it does not materially influence decisions); the assessment is documented."
            )
            % {"area": label}
        )

    transparency = [key for key in TRANSPARENCY_KEYS if _yes(answers, key)]
    if transparency:
        reasons.append(
            _(
                "It talks with people, generates content or publishes text to inform the public: "
                "transparency duties of art. 50 apply."
            )
        )
        return RiskResult(
            level=RiskLevel.LIMITED,
            reasons=reasons,
            obligations=[
                _(
                    "Tell people they are dealing with an AI system or AI-generated content (art. 50)."
                )
            ],
        )
    reasons.append(_("None of the above applies: minimal risk (voluntary codes of conduct)."))
    return RiskResult(level=RiskLevel.MINIMAL, reasons=reasons)
