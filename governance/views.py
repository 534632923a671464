"""Pages of the governance pipeline (thin: rules are in services and policies)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import Role
from accounts.selectors import user_has_role
from core.errors import ApplicationError
from core.forms import refusal_show
from governance import selectors, services
from governance.forms import AdvanceForm, GateSignForm, ProjectForm
from governance.models import GATE_SCOPE, GATES, STAGE_ORDER, GateRole, Stage
from governance.policies import (
    user_can_sign,
    user_is_board,
    user_reads_internal,
    user_reads_portfolio,
    user_signable_roles,
)

PER_PAGE = 20


def _crumbs(*items):
    return [(_("AI governance"), reverse("governance:index")), *items]


def _project_or_404(request, slug):
    project = selectors.project_readable(user=request.user, slug=slug)
    if project is None:
        raise Http404
    return project


def index(request):
    stage = request.GET.get("stage", "")
    if stage and stage not in Stage.values:
        stage = ""
    page = Paginator(selectors.projects_list(user=request.user, stage=stage), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "governance/index.html",
        {
            "title": _("AI governance"),
            "page_obj": page,
            "stages": Stage.choices,
            "stage": stage,
            "query_string": f"stage={stage}" if stage else "",
            "is_board": user_is_board(user=request.user),
            "reads_portfolio": user_reads_portfolio(user=request.user),
            "breadcrumb": [(_("AI governance"), "")],
        },
    )


def roadmap(request):
    rows = selectors.roadmap(user=request.user)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/roadmap.html",
        {
            "title": _("Roadmap: what the city is building and why"),
            "page_obj": page,
            "breadcrumb": _crumbs((_("Roadmap"), "")),
        },
    )


@login_required
def portfolio(request):
    if not user_reads_portfolio(user=request.user):
        raise PermissionDenied(_("The portfolio is for the governance board and the reviewers."))
    page = Paginator(selectors.portfolio(user=request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/portfolio.html",
        {
            "title": _("Portfolio of AI projects"),
            "page_obj": page,
            "breadcrumb": _crumbs((_("Portfolio"), "")),
        },
    )


def project_detail(request, slug):
    project = _project_or_404(request, slug)
    context = selectors.project_context(project=project, user=request.user)
    internal = user_reads_internal(
        user=request.user, project=project, signer_ids=context["signer_ids"]
    )
    signable = user_signable_roles(user=request.user, project=project)
    is_staff_rep = user_has_role(user=request.user, role=Role.STAFF_REPRESENTATIVE)
    current = STAGE_ORDER.index(project.stage)
    for step in context["timeline"]:
        ahead = project.stage != Stage.RETIREMENT and STAGE_ORDER.index(step["stage"]) > current
        for gate in step["gates"]:
            gate["can_sign"] = ahead and gate["role"] in signable
        step["staff_link"] = (
            ahead and is_staff_rep and any(g["role"] == GateRole.STAFF for g in step["gates"])
        )
    return render(
        request,
        "governance/project_detail.html",
        {
            "title": project.title,
            "project": project,
            **context,
            "internal": internal,
            "signable": signable,
            "is_board": user_is_board(user=request.user),
            "can_advance": user_is_board(user=request.user)
            and bool(selectors.allowed_targets(project=project)),
            "breadcrumb": _crumbs((project.title, "")),
        },
    )


def _board_or_403(request):
    if not user_is_board(user=request.user):
        raise PermissionDenied(_("Only members of the AI governance board can do this."))


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    _board_or_403(request)
    initial = {"use_case_id": request.GET.get("use_case", "")[:12]}
    form = ProjectForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            use_case_id = data.pop("use_case_id")
            try:
                project = services.project_create(
                    actor=request.user, use_case_id=use_case_id, **data
                )
            except ApplicationError as exc:
                status = refusal_show(form, exc, field=_field(form, exc))
            else:
                messages.success(request, _("The project is created at the idea stage."))
                return redirect(project)
    return render(
        request,
        "governance/form.html",
        {
            "title": _("New AI project"),
            "form": form,
            "submit": _("Create the project"),
            "cancel_url": reverse("governance:index"),
            "breadcrumb": _crumbs((_("New AI project"), "")),
        },
        status=status,
    )


def _field(form, exc) -> str | None:
    """The field a refusal is about, when the service named one of the form's fields."""
    return exc.code if exc.code in form.fields else None


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, slug):
    _board_or_403(request)
    project = _project_or_404(request, slug)
    initial = {name: getattr(project, name) for name in services.EDITABLE_FIELDS}
    form = ProjectForm(request.POST or None, initial=initial, editing=True)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.project_update(actor=request.user, project=project, **form.cleaned_data)
            except ApplicationError as exc:
                status = refusal_show(form, exc, field=_field(form, exc))
            else:
                messages.success(request, _("The project is updated."))
                return redirect(project)
    return render(
        request,
        "governance/form.html",
        {
            "title": _("Edit “%(title)s”") % {"title": project.title},
            "form": form,
            "submit": _("Save"),
            "cancel_url": project.get_absolute_url(),
            "breadcrumb": _crumbs((project.title, project.get_absolute_url()), (_("Edit"), "")),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def gate_sign(request, slug, stage, role):
    project = _project_or_404(request, slug)
    if stage not in Stage.values or role not in GateRole.values:
        raise Http404
    if GateRole(role) not in GATES.get(Stage(stage), []):
        raise Http404
    if not user_can_sign(user=request.user, project=project, role=role):
        raise PermissionDenied(_("Each reviewer signs their own gate only."))
    form = GateSignForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.gate_sign(
                    actor=request.user, project=project, stage=stage, role=role, **form.cleaned_data
                )
            except ApplicationError as exc:
                status = refusal_show(form, exc, field=_field(form, exc))
            else:
                messages.success(request, _("Your verdict is signed."))
                return redirect(f"{project.get_absolute_url()}#stage-{stage}")
    state = selectors.project_state(project=project)
    return render(
        request,
        "governance/sign_form.html",
        {
            "title": _("%(role)s: gate before “%(stage)s”")
            % {"role": GateRole(role).label, "stage": Stage(stage).label},
            "project": project,
            "form": form,
            "scope": GATE_SCOPE[GateRole(role)],
            "record": state["record"],
            "is_legal": role == GateRole.LEGAL,
            "gates": selectors.stage_gates(project=project, stage=stage, state=state),
            # The other gates' internal notes follow the project page's rule: an agent of the
            # owning department reads them once they have signed, not by opening the form.
            "internal": user_reads_internal(user=request.user, project=project),
            "breadcrumb": _crumbs(
                (project.title, project.get_absolute_url()), (_("Sign a gate"), "")
            ),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_advance(request, slug):
    _board_or_403(request)
    project = _project_or_404(request, slug)
    targets = selectors.allowed_targets(project=project)
    if not targets:
        raise Http404
    form = AdvanceForm(request.POST or None, targets=targets)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.project_advance(
                    actor=request.user,
                    project=project,
                    to_stage=form.cleaned_data["to_stage"],
                    note=form.cleaned_data["note"],
                )
            except ApplicationError as exc:
                status = refusal_show(form, exc, field="note" if exc.code == "note" else None)
            else:
                messages.success(
                    request,
                    _("The project is now at the stage “%(stage)s”.")
                    % {"stage": Stage(form.cleaned_data["to_stage"]).label},
                )
                return redirect(project)
    return render(
        request,
        "governance/form.html",
        {
            "title": _("Move “%(title)s” to another stage") % {"title": project.title},
            "lead": _("Current stage: %(stage)s.") % {"stage": project.get_stage_display()},
            "form": form,
            "submit": _("Move the project"),
            "cancel_url": project.get_absolute_url(),
            "breadcrumb": _crumbs(
                (project.title, project.get_absolute_url()), (_("Change stage"), "")
            ),
        },
        status=status,
    )
