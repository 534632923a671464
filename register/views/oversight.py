"""Oversight pages: hidden-algorithm declarations (agents declare, register editors triage),
evaluations of deployed systems and the incident log (register editors; recourse staff record
the incident a request revealed). Thin: rules live in `register.services.oversight` and
`register.policies`."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import ApplicationError
from core.forms import refusal_show
from register import selectors, services
from register.forms import (
    DeclarationCloseForm,
    DeclarationForm,
    DeploymentEvaluationForm,
    IncidentCloseForm,
    IncidentFilterForm,
    IncidentForm,
    IncidentReportedForm,
)
from register.models import AISystem, DeclarationStatus, RecourseRequest
from register.oversight import evaluation_schedule_table
from register.policies import (
    user_can_declare_hidden_algorithm,
    user_can_evaluate,
    user_can_manage_incidents,
    user_can_record_incident,
    user_can_triage_declarations,
)

PAGE_SIZE = 30


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _city_system(slug: str) -> AISystem:
    system = AISystem.objects.city().select_related("published_version").filter(slug=slug).first()
    if system is None or system.published_version_id is None:
        raise Http404(_("No published record has this address."))
    return system


# --- Hidden algorithms ------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def declare(request):
    _require(
        user_can_declare_hidden_algorithm(user=request.user),
        _("This page is for city agents."),
    )
    form = DeclarationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.declaration_create(actor=request.user, data=form.cleaned_data)
            except ApplicationError as exc:
                status = refusal_show(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you: your declaration is in the register editors' queue. You will "
                        "be told by email what they decide."
                    ),
                )
                return redirect("register:declare")
        else:
            status = 400
    return render(
        request,
        "register/staff/declare.html",
        {"title": _("Declare a tool that may hide an algorithm"), "form": form},
        status=status,
    )


@login_required
def declarations_queue(request):
    _require(
        user_can_triage_declarations(user=request.user),
        _("This page is for register editors."),
    )
    status = request.GET.get("status", "")
    if status not in DeclarationStatus.values:
        status = ""
    page_obj = Paginator(selectors.declarations_queue(status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "register/staff/declarations.html",
        {
            "title": _("Hidden-algorithm declarations"),
            "page_obj": page_obj,
            "status": status,
            "statuses": DeclarationStatus.choices,
            "query_string": urlencode({"status": status} if status else {}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def declaration(request, pk: int):
    _require(
        user_can_triage_declarations(user=request.user),
        _("This page is for register editors."),
    )
    item = selectors.declaration_get(pk=pk)
    if item is None:
        raise Http404(_("No declaration has this number."))
    close_form = DeclarationCloseForm(prefix="close")
    error = ""
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "draft":
                system = services.declaration_to_draft(actor=request.user, declaration=item)
                messages.success(
                    request,
                    _("Draft record opened: complete it, then another editor publishes it."),
                )
                return redirect("register:draft", slug=system.slug)
            if action == "close":
                close_form = DeclarationCloseForm(request.POST, prefix="close")
                if close_form.is_valid():
                    services.declaration_close(
                        actor=request.user,
                        declaration=item,
                        reason=close_form.cleaned_data["reason"],
                    )
                    messages.success(request, _("Declaration closed; its reason is public."))
                    return redirect("register:declarations_queue")
                status = 400
            else:
                return HttpResponse(_("Unknown action."), status=400)
        except ApplicationError as exc:
            error, status = exc.message, exc.status
            item = selectors.declaration_get(pk=pk)
    return render(
        request,
        "register/staff/declaration.html",
        {
            "title": item.tool_name,
            "item": item,
            "close_form": close_form,
            "error": error,
        },
        status=status,
    )


def declarations_public(request):
    """The public side of the inventory: counts by outcome and each triaged declaration (the
    tool, the department, the outcome and its reason), never who declared it."""
    page_obj = Paginator(selectors.declarations_public(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "register/declarations_public.html",
        {
            "title": _("Algorithms declared by the city's agents"),
            "breadcrumb": [
                (_("AI register"), reverse("register:index")),
                (_("Declared algorithms"), ""),
            ],
            "summary": selectors.declarations_summary(),
            "page_obj": page_obj,
        },
    )


# --- Evaluations -------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def evaluate(request, slug):
    _require(user_can_evaluate(user=request.user), _("This page is for register editors."))
    system = _city_system(slug)
    periods = services.survey_periods(system=system)
    initial = {"evaluated_on": timezone.localdate()}
    state = selectors.system_evaluation_state(system=system)
    if state.last_evaluated_on:
        initial["period_start"] = state.last_evaluated_on
    form = DeploymentEvaluationForm(request.POST or None, survey_periods=periods, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.deployment_evaluation_record(
                    actor=request.user, system=system, data=form.cleaned_data
                )
            except ApplicationError as exc:
                status = refusal_show(form, exc)
            else:
                messages.success(request, _("Evaluation recorded and published on the record."))
                return redirect(f"{system.get_absolute_url()}#evaluations")
        else:
            status = 400
    return render(
        request,
        "register/staff/evaluation_form.html",
        {
            "title": _("Evaluate “%(name)s”") % {"name": system.published_version.name},
            "system": system,
            "state": state,
            "schedule": evaluation_schedule_table(),
            "affects_people": services.system_affects_people(version=system.published_version),
            "form": form,
        },
        status=status,
    )


# --- Incidents ---------------------------------------------------------------------------------
def _incident_form_page(request, system, recourse_request=None):
    form = IncidentForm(request.POST or None, initial={"aware_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                incident = services.incident_record(
                    actor=request.user,
                    system=system,
                    data=form.cleaned_data,
                    recourse_request=recourse_request,
                )
            except ApplicationError as exc:
                status = refusal_show(form, exc)
            else:
                messages.success(request, _("Incident recorded."))
                if user_can_manage_incidents(user=request.user):
                    return redirect("register:incident", pk=incident.pk)
                return redirect("register:staff_request", reference=recourse_request.reference)
        else:
            status = 400
    return render(
        request,
        "register/staff/incident_form.html",
        {
            "title": _("Record an incident of “%(name)s”")
            % {"name": system.published_version.name},
            "system": system,
            "recourse_request": recourse_request,
            "form": form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def incident_new(request, slug):
    _require(user_can_record_incident(user=request.user), _("This page is for register editors."))
    return _incident_form_page(request, _city_system(slug))


@login_required
@require_http_methods(["GET", "POST"])
def recourse_incident(request, reference):
    """ "Record an incident from this request": the recourse staff saw it reveal an error."""
    _require(
        user_can_record_incident(user=request.user, from_recourse=True),
        _("This page is for city agents and register editors."),
    )
    req = get_object_or_404(RecourseRequest.objects.select_related("system"), reference=reference)
    system = _city_system(req.system.slug)
    return _incident_form_page(request, system, recourse_request=req)


@login_required
def incidents(request):
    _require(user_can_manage_incidents(user=request.user), _("This page is for register editors."))
    form = IncidentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.incidents_log(
        status=filters.get("status") or "", overdue=bool(filters.get("overdue"))
    )
    page_obj = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = {k: v for k, v in request.GET.items() if k != "page"}
    return render(
        request,
        "register/staff/incidents.html",
        {
            "title": _("Incident log"),
            "form": form,
            "page_obj": page_obj,
            "query_string": urlencode(params),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def incident(request, pk: int):
    _require(user_can_manage_incidents(user=request.user), _("This page is for register editors."))
    item = selectors.incident_get(pk=pk)
    if item is None:
        raise Http404(_("No incident has this number."))
    forms = {
        "reported": IncidentReportedForm(prefix="reported"),
        "close": IncidentCloseForm(prefix="close"),
    }
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in forms:
            return HttpResponse(_("Unknown action."), status=400)
        form = type(forms[action])(request.POST, prefix=action)
        forms[action] = form
        if form.is_valid():
            try:
                if action == "reported":
                    services.incident_mark_reported(
                        actor=request.user,
                        incident=item,
                        reported_on=form.cleaned_data["reported_on"],
                    )
                else:
                    services.incident_close(
                        actor=request.user,
                        incident=item,
                        closure_summary=form.cleaned_data["closure_summary"],
                    )
            except ApplicationError as exc:
                status = refusal_show(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("register:incident", pk=item.pk)
        else:
            status = 400
    return render(
        request,
        "register/staff/incident.html",
        {"title": _("Incident %(n)s") % {"n": item.pk}, "item": item, "forms": forms},
        status=status,
    )
