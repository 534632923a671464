"""Live indicators of the city's AI, read from the other apps' selectors only.

Each app declares its section and the selector that computes it on its AppConfig
(`observatory_indicators`, core/composition.py). A section with no data — its app is not
installed, or its tables cannot be read — is None and pages say "no data yet", never a made-up
figure. Results are cached in the shared database cache per language (labels are translated),
refreshed by a Celery beat task.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from core.composition import indicator_sources
from observatory.charts import ChartData

logger = logging.getLogger(__name__)

CACHE_KEY = "observatory:indicators:v1:{lang}"

# Single figures an analysis can embed live (indicator block), as (section, path).
FIGURES = {
    "register.systems_total": (gettext_lazy("AI systems in the register"), ""),
    "register.recourse.received": (gettext_lazy("Recourse requests received"), ""),
    "register.recourse.median_days_to_answer": (
        gettext_lazy("Median time to answer a recourse request"),
        gettext_lazy("days"),
    ),
    "consultation.participants": (gettext_lazy("Residents who took part in consultations"), ""),
    "consultation.ballots": (gettext_lazy("Ballots cast"), ""),
    "consultation.comments": (gettext_lazy("Comments posted"), ""),
    "consultation.commitments.kept": (gettext_lazy("Commitments kept"), ""),
    "consultation.commitments.overdue": (gettext_lazy("Commitments overdue"), ""),
    "inference.requests": (gettext_lazy("Requests answered by the city's model"), ""),
    "inference.energy_wh_per_request": (gettext_lazy("Energy per answer"), "Wh"),
    "inference.co2_g_per_request": (gettext_lazy("CO2 per answer"), "g CO2e"),
    "inference.energy_wh_total": (gettext_lazy("Energy used by the city's model"), "Wh"),
    "inference.partner_share": (gettext_lazy("Share served by partner cities' nodes"), "%"),
    "training.enrolments": (gettext_lazy("Course enrolments"), ""),
    "training.certificates": (gettext_lazy("Certificates issued"), ""),
    "workspace.rated": (gettext_lazy("AI workspace outputs rated by agents"), ""),
    "dialogue.opinions": (gettext_lazy("Formal opinions of staff bodies"), ""),
    "dialogue.surveys": (gettext_lazy("Deployed systems followed up with their users"), ""),
    "governance.projects": (gettext_lazy("AI projects in the governance pipeline"), ""),
    "governance.signatures": (gettext_lazy("Gate verdicts signed by reviewers"), ""),
    "workspace.used_share": (
        gettext_lazy("Share of AI workspace outputs used as is"),
        "%",
    ),
}
# Figures stored as a fraction (0–1), shown as a percentage.
PERCENT_FIGURES = frozenset({"inference.partner_share", "workspace.used_share"})


def source_read(section: str) -> dict | None:
    """Call the selector an app declared for `section`; None when its data cannot be read."""
    function = import_string(indicator_sources()[section])
    try:
        data = function()
    except DatabaseError:
        logger.warning("observatory: %s indicators unavailable", section, exc_info=True)
        return None
    return data if isinstance(data, dict) else None


def indicators_compute() -> dict:
    """Compute every section now (in the active language) and time it."""
    started = time.perf_counter()
    sections = {name: source_read(name) for name in indicator_sources()}
    return {
        "computed_at": timezone.now().isoformat(),
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        "sections": sections,
    }


def _ttl() -> int:
    return getattr(settings, "OBSERVATORY_INDICATORS_TTL", 900)


def indicators_refresh_all() -> dict[str, dict]:
    """Recompute for every language and store in the shared cache (the Celery task's body)."""
    results = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            data = indicators_compute()
        cache.set(CACHE_KEY.format(lang=code), data, _ttl() * 2)
        results[code] = data
    return results


def indicators_current() -> dict:
    """The cached indicators of the active language, computed on the spot on a cold cache."""
    lang = translation.get_language() or settings.LANGUAGE_CODE
    data = cache.get(CACHE_KEY.format(lang=lang))
    if data is None:
        data = indicators_compute()
        cache.set(CACHE_KEY.format(lang=lang), data, _ttl() * 2)
    return data


def figure_value(data: dict, key: str):
    """The value at "section.path.to.value", or None when that section has no data yet."""
    section, *path = key.split(".")
    node = (data.get("sections") or {}).get(section)
    for part in path:
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def figure_display(data: dict, key: str) -> dict:
    label, unit = FIGURES.get(key, (key, ""))
    value = figure_value(data, key)
    if value is not None and key in PERCENT_FIGURES:
        value = round(value * 100, 1)
    elif isinstance(value, float):
        value = round(value, 2)
    return {"key": key, "label": str(label), "unit": str(unit), "value": value}


def _labelled(items, title, header) -> ChartData:
    items = items or []
    return ChartData(
        title=title,
        labels=[str(i.get("label") or i.get("key")) for i in items],
        series=[(_("Number"), [i.get("count", 0) for i in items])],
        extra={"label_header": header},
    )


def _monthly(items, title, name) -> ChartData:
    items = items or []
    return ChartData(
        title=title,
        labels=[i["month"] for i in items],
        series=[(name, [i.get("count", 0) for i in items])],
        extra={"label_header": _("Month")},
    )


def _figures(pairs, title) -> ChartData:
    pairs = [(label, value) for label, value in pairs if value is not None]
    return ChartData(
        title=title,
        labels=[label for label, _v in pairs],
        series=[(_("Value"), [value for _l, value in pairs])],
        extra={"label_header": _("Figure")},
    )


def _section(data, key, title, present, figure_keys, charts) -> dict:
    """One section of the page: its key figures and charts, or "no data yet" without data."""
    return {
        "key": key,
        "title": title,
        "available": bool(present),
        "figures": [figure_display(data, k) for k in figure_keys] if present else [],
        "charts": charts,
    }


def indicator_sections(data: dict) -> list[dict]:
    """The page's sections: key figures, then charts (each with its CSV key)."""
    s = data.get("sections") or {}
    out = []

    reg = s.get("register")
    charts = []
    if reg:
        charts = [
            ("register-risk", "bar", _labelled(reg.get("by_risk_level"), _("AI systems by risk level"), _("Risk level"))),
            ("register-status", "bar", _labelled(reg.get("by_status"), _("AI systems by status"), _("Status"))),
            ("register-department", "bar", _labelled(reg.get("by_department"), _("AI systems by department"), _("Department"))),
            ("register-month", "line", _monthly(reg.get("published_by_month"), _("Systems published per month"), _("Systems published"))),
        ]  # fmt: skip
    out.append(
        _section(
            data,
            "register",
            _("AI systems in the register"),
            reg,
            ["register.systems_total"],
            charts,
        )
    )

    rec = (reg or {}).get("recourse") if reg else None
    charts = []
    if rec:
        charts = [
            ("recourse", "bar", _figures([
                (pgettext("recourse requests", "Received"), rec.get("received")),
                (pgettext("recourse requests", "Answered"), rec.get("answered")),
                (_("Answered on time"), rec.get("answered_on_time")),
                (_("Still open"), rec.get("open")),
                (_("Open and overdue"), rec.get("overdue_open")),
            ], _("Recourse requests"))),
        ]  # fmt: skip
    out.append(
        _section(
            data,
            "recourse",
            _("Recourse against automated decisions"),
            rec,
            ["register.recourse.received", "register.recourse.median_days_to_answer"],
            charts,
        )
    )

    ovs = (reg or {}).get("oversight") if reg else None
    charts = []
    if ovs:
        declarations = ovs.get("declarations") or {}
        incidents = ovs.get("incidents") or {}
        charts = [
            ("register-evaluations", "bar", _figures([
                (_("Evaluated on schedule"), ovs.get("evaluated_on_time")),
                (pgettext("AI systems", "Never evaluated"), ovs.get("never_evaluated")),
                (_("No longer evaluated (overdue)"), ovs.get("no_longer_evaluated")),
            ], _("Deployed AI systems and their evaluations"))),
            ("register-declarations", "bar", _labelled(
                (declarations.get("by_status") or []) + [{
                    "key": "records_published",
                    "label": _("Records published from a declaration"),
                    "count": declarations.get("records_published"),
                }],
                _("Algorithms declared by agents, by outcome"),
                pgettext("declaration", "Outcome"),
            )),
            ("register-incidents", "bar", _figures([
                (_("Incidents recorded"), incidents.get("total")),
                (_("Still open"), incidents.get("open")),
                (_("Owing a report under the AI Act"), incidents.get("serious")),
                (_("Report overdue"), incidents.get("report_overdue")),
            ], _("Incidents of the city's AI systems"))),
        ]  # fmt: skip
    out.append(
        _section(
            data,
            "oversight",
            _("Oversight of deployed systems"),
            ovs,
            [],
            charts,
        )
    )

    con = s.get("consultation")
    charts = []
    if con:
        commitments = con.get("commitments") or {}
        charts = [
            ("consultation-participation", "bar", _figures([
                (_("Consultations"), con.get("consultations")),
                (_("Use cases"), con.get("use_cases")),
                (_("Participants"), con.get("participants")),
                (_("Ballots"), con.get("ballots")),
                (_("Comments"), con.get("comments")),
                (_("Answers published"), con.get("answers_published")),
            ], _("Participation in consultations"))),
            ("consultation-commitments", "bar", _figures([
                (pgettext("commitments", "Kept"), commitments.get("kept")),
                (_("Pending"), commitments.get("pending")),
                (_("Overdue"), commitments.get("overdue")),
            ], _("The city's commitments after consultations"))),
            ("consultation-month", "line", _monthly(con.get("ballots_by_month"), _("Ballots per month"), _("Ballots"))),
        ]  # fmt: skip
    out.append(
        _section(
            data,
            "consultation",
            _("Consultations"),
            con,
            [
                "consultation.participants",
                "consultation.ballots",
                "consultation.commitments.kept",
                "consultation.commitments.overdue",
            ],
            charts,
        )
    )

    inf = s.get("inference")
    charts = []
    if inf:
        charts = [
            ("inference-tokens", "bar", _figures([
                (_("Prompt tokens"), inf.get("prompt_tokens")),
                (_("Completion tokens"), inf.get("completion_tokens")),
            ], _("Tokens processed by the city's model"))),
            ("inference-month", "line", _monthly(inf.get("requests_by_month"), _("Requests per month"), _("Requests"))),
        ]  # fmt: skip
    out.append(
        _section(
            data,
            "inference",
            _("The city's model"),
            inf,
            [
                "inference.requests",
                "inference.energy_wh_total",
                "inference.energy_wh_per_request",
                "inference.co2_g_per_request",
                "inference.partner_share",
            ],
            charts,
        )
    )

    tra = s.get("training")
    charts = []
    if tra:
        by_course = tra.get("by_course") or []
        charts = [
            (
                "training-courses",
                "bar",
                ChartData(
                    title=_("Enrolments and completions by course"),
                    labels=[str(c.get("label")) for c in by_course],
                    series=[
                        (_("Enrolments"), [c.get("enrolments", 0) for c in by_course]),
                        (_("Completions"), [c.get("completions", 0) for c in by_course]),
                    ],
                    extra={"label_header": pgettext("training course", "Course")},
                ),
            )
        ]
    out.append(
        _section(
            data,
            "training",
            _("Training"),
            tra,
            ["training.enrolments", "training.certificates"],
            charts,
        )
    )

    wor = s.get("workspace")
    charts = []
    if wor:
        rated = [a for a in wor.get("assistants") or [] if a.get("rated")]
        charts = [
            ("workspace-used-share", "bar", ChartData(
                title=_("Share of outputs used as is, per assistant"),
                labels=[str(a.get("name")) for a in rated],
                series=[
                    (_("Share used as is"), [round(a["used_share"] * 100, 1) for a in rated])
                ],
                unit="%",
                description=_(
                    "Among the outputs the agents rated: the share they used without changing it."
                ),
                extra={"label_header": _("Assistant")},
            )),
            ("workspace-ratings", "bar", ChartData(
                title=_("Agents' ratings of the outputs, per assistant"),
                labels=[str(a.get("name")) for a in rated],
                series=[
                    (_("Outputs used as is"), [a.get("used", 0) for a in rated]),
                    (_("Outputs edited"), [a.get("edited", 0) for a in rated]),
                    (_("Outputs discarded"), [a.get("discarded", 0) for a in rated]),
                ],
                extra={"label_header": _("Assistant")},
            )),
        ]  # fmt: skip
    out.append(
        _section(
            data,
            "workspace",
            _("The agents' AI workspace"),
            wor,
            ["workspace.rated", "workspace.used_share"],
            charts,
        )
    )
    out.append(_dialogue_section(data, s.get("dialogue")))
    out.append(_governance_section(data, s.get("governance")))
    return out


def _governance_section(data, gov) -> dict:
    """The governance pipeline: projects by stage and the reviewers' verdicts on the gates."""
    charts = []
    if gov:
        charts = [
            ("governance-stages", "bar", _labelled(gov.get("by_stage"), _("AI projects by stage"), _("Stage"))),
            ("governance-verdicts", "bar", _labelled(gov.get("by_verdict"), _("Gate verdicts signed by reviewers"), _("Verdict"))),
        ]  # fmt: skip
    return _section(
        data,
        "governance",
        _("AI governance"),
        gov,
        ["governance.projects", "governance.signatures"],
        charts,
    )


def _dialogue_section(data, dia) -> dict:
    """Staff dialogue: opinions by stance, and the follow-up surveys' averages per quarter
    (rounds below the minimum group size are already left out by the selector)."""
    charts = []
    if dia:
        periods = dia.get("survey_by_period") or []
        charts = [
            ("dialogue-opinions", "bar", _labelled(dia.get("by_stance"), _("Formal opinions of staff bodies"), _("Opinion"))),
            ("dialogue-follow-up", "line", ChartData(
                title=_("Staff follow-up of deployed systems (average, 1 to 5)"),
                labels=[p["period"] for p in periods],
                series=[
                    (_("Manageable workload"), [p.get("workload") for p in periods]),
                    (_("Meaning of work"), [p.get("meaning") for p in periods]),
                    (_("Training received"), [p.get("training") for p in periods]),
                    (_("No hampering incident"), [p.get("incidents") for p in periods]),
                ],
                description=_(
                    "Anonymous quarterly answers of the agents who use the systems; a round "
                    "counts only from %(n)s answers."
                )
                % {"n": dia.get("min_group_size")},
                extra={"label_header": _("Quarter")},
            )),
        ]  # fmt: skip
    return _section(
        data,
        "dialogue",
        _("Staff dialogue"),
        dia,
        ["dialogue.opinions", "dialogue.surveys"],
        charts,
    )


def chart_by_key(data: dict, chart_key: str) -> ChartData | None:
    for section in indicator_sections(data):
        for key, _kind, chart in section["charts"]:
            if key == chart_key:
                return chart
    return None
