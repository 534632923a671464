"""Evaluation pages (agents and AI leads): scores per assistant and model, one run, one case."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from workspace import policies

from . import selectors
from .checks import check_describe, check_label


def _gate(request):
    """Login page for visitors, 403 for signed-in people without the agent or ai_lead role."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not policies.workspace_allowed(request.user):
        raise PermissionDenied(_("The AI workspace is for city agents."))
    return None


def _crumbs(*extra):
    return [
        (_("AI workspace"), reverse("workspace:home")),
        (_("Evaluation"), reverse("workspace:evaluation")),
        *extra,
    ]


def _checks(results: list[dict]) -> list[dict]:
    return [
        {"label": check_label(r["kind"]), "passed": r["passed"], "detail": check_describe(r)}
        if not (r.get("observed") or {}).get("error")
        else {
            "label": check_label(r["kind"]),
            "passed": False,
            "detail": _("Not checked: the generation failed."),
        }
        for r in results
    ]


def evaluation_index(request):
    if refused := _gate(request):
        return refused
    overview = selectors.evaluations_overview()
    return render(
        request,
        "workspace/evaluation/index.html",
        {
            "title": _("How good is the model at each task?"),
            "crumbs": [(_("AI workspace"), reverse("workspace:home")), (_("Evaluation"), "")],
            "overview": overview,
            "low": selectors.LOW,
            "good": selectors.GOOD,
        },
    )


def _evaluation_or_404(pk: int):
    evaluation = selectors.evaluation_get(pk=pk)
    if evaluation is None:
        raise Http404(_("No such evaluation."))
    return evaluation


def evaluation_detail(request, pk: int):
    if refused := _gate(request):
        return refused
    evaluation = _evaluation_or_404(pk)
    evaluation.band, evaluation.band_label = selectors.score_band(evaluation.score)
    cases = [
        {
            "key": d["key"],
            "title": d["title"],
            "passed": d["passed"],
            "error": d.get("error", ""),
            "checks_passed": sum(c["passed"] for c in d["checks"]),
            "checks_total": len(d["checks"]),
            "failed": [c for c in _checks(d["checks"]) if not c["passed"]],
            "tokens": (d.get("prompt_tokens") or 0) + (d.get("completion_tokens") or 0),
            "duration_s": (d.get("duration_ms") or 0) / 1000,
        }
        for d in evaluation.details
    ]
    title = _("%(assistant)s on %(model)s") % {
        "assistant": evaluation.assistant.name,
        "model": evaluation.model_alias,
    }
    return render(
        request,
        "workspace/evaluation/detail.html",
        {
            "title": title,
            "crumbs": _crumbs((title, "")),
            "evaluation": evaluation,
            "cases": cases,
        },
    )


def evaluation_case(request, pk: int, key: str):
    if refused := _gate(request):
        return refused
    evaluation = _evaluation_or_404(pk)
    case = selectors.evaluation_case(evaluation=evaluation, key=key)
    if case is None:
        raise Http404(_("No such case in this evaluation."))
    parent = _("%(assistant)s on %(model)s") % {
        "assistant": evaluation.assistant.name,
        "model": evaluation.model_alias,
    }
    return render(
        request,
        "workspace/evaluation/case.html",
        {
            "title": case["title"],
            "crumbs": _crumbs((parent, evaluation.get_absolute_url()), (case["title"], "")),
            "evaluation": evaluation,
            "case": case,
            "checks": _checks(case["checks"]),
        },
    )
