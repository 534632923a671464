"""Editing the register inside the Wagtail admin (/cms/register/): versions, four eyes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import audit_entries_for
from accounts.services import audit_record
from core.errors import ApplicationError
from register import services
from register.federation import HarvestError, remote_register_harvest
from register.forms import (
    CharterFormSet,
    QuestionnaireForm,
    RemoteRegisterForm,
    RetireForm,
    VersionForm,
)
from register.models import (
    AISystem,
    AISystemVersion,
    AuditAction,
    CharterPrinciple,
    RemoteRegister,
    RiskLevel,
    VersionState,
)
from register.policies import user_can_edit_register
from register.questionnaire import risk_level_assess


def _editor(request):
    if not user_can_edit_register(user=request.user):
        raise PermissionDenied(_("Only register editors can edit the register."))


def _render(request, template, title, context, status=200):
    return render(
        request,
        f"register/admin/{template}.html",
        {"page_title": title, "header_title": title, "header_icon": "table", **context},
        status=status,
    )


def systems_index(request):
    _editor(request)
    systems = AISystem.objects.city().select_related("published_version").order_by("slug")
    latest = {}
    for version in (
        AISystemVersion.objects.filter(system__remote__isnull=True)
        .order_by("system_id", "-number")
        .only("system_id", "number", "state", "name", "created_by_id")
    ):
        latest.setdefault(version.system_id, version)
    rows = [(s, latest.get(s.pk)) for s in systems]
    return _render(request, "index", _("AI register"), {"rows": rows})


def system_create(request):
    _editor(request)
    form = VersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        system = services.system_create(
            actor=request.user,
            data=form.content(),
            change_summary=form.cleaned_data["change_summary"],
        )
        messages.success(request, _("Draft saved. Another register editor must publish it."))
        return redirect("register_admin:system", pk=system.pk)
    return _render(
        request, "form", _("New AI system"), {"form": form}, status=400 if form.errors else 200
    )


def system_overview(request, pk):
    _editor(request)
    system = get_object_or_404(AISystem.objects.city(), pk=pk)
    versions = list(
        system.versions.select_related("created_by", "published_by").order_by("-number")
    )
    latest = versions[0] if versions else None
    missing = (
        services.version_missing_core_fields(version=latest)
        if latest and latest.state == VersionState.DRAFT
        else []
    )
    audit = audit_entries_for(target_type=AISystem, target_id=system.uuid, limit=100)
    return _render(
        request,
        "system",
        latest.name if latest else system.slug,
        {
            "system": system,
            "versions": versions,
            "latest": latest,
            "missing": missing,
            "audit": audit,
        },
    )


def system_edit(request, pk):
    _editor(request)
    system = get_object_or_404(AISystem.objects.city(), pk=pk)
    latest = services.system_latest_version(system=system)
    form = VersionForm(
        request.POST or None,
        instance=AISystemVersion(**{f: getattr(latest, f) for f in services.CONTENT_FIELDS}),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.system_version_save(
                actor=request.user,
                system=system,
                data=form.content(),
                change_summary=form.cleaned_data["change_summary"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:  # the version's own field checks (full_clean)
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("New draft version saved. Another register editor must publish it.")
            )
            return redirect("register_admin:system", pk=system.pk)
    return _render(
        request,
        "form",
        _("Edit %(name)s") % {"name": latest.name},
        {"form": form, "system": system},
        status=400 if form.errors else 200,
    )


def system_questionnaire(request, pk):
    _editor(request)
    system = get_object_or_404(AISystem.objects.city(), pk=pk)
    latest = services.system_latest_version(system=system)
    form = QuestionnaireForm(request.POST or None, initial=latest.risk_answers or None)
    result = None
    if request.method == "POST" and form.is_valid():
        answers = {k: v for k, v in form.cleaned_data.items() if k != "change_summary"}
        result = risk_level_assess(answers=answers)
        if "save" in request.POST:
            services.system_assessment_save(
                actor=request.user,
                system=system,
                answers=answers,
                change_summary=form.cleaned_data["change_summary"],
            )
            messages.success(request, _("Risk level saved in a new draft version."))
            return redirect("register_admin:system", pk=system.pk)
    return _render(
        request,
        "questionnaire",
        _("AI Act questionnaire: %(name)s") % {"name": latest.name},
        {
            "form": form,
            "system": system,
            "result": result,
            "result_label": RiskLevel(result.level).label if result else "",
        },
        status=400 if form.errors else 200,
    )


def _charter_refusal_show(formset, exc) -> None:
    """A refusal about one principle (working conditions without a staff opinion) shows on
    that principle's row; any other above the form."""
    for form in formset.forms:
        if form.cleaned_data.get("principle") == CharterPrinciple.WORKING_CONDITIONS and (
            exc.code == "working_conditions_without_staff_opinion"
        ):
            form.add_error("rating", exc.message)
            return
    formset.forms[0].add_error("rating", exc.message)


def system_charter(request, pk):
    _editor(request)
    system = get_object_or_404(AISystem.objects.city(), pk=pk)
    latest = services.system_latest_version(system=system)
    existing = {c.principle: c for c in latest.charter_assessments.all()}
    initial = [
        {
            "principle": value,
            "rating": existing[value].rating if value in existing else "",
            "justification": existing[value].justification if value in existing else "",
        }
        for value in CharterPrinciple.values
    ]
    formset = CharterFormSet(request.POST or None, initial=initial)
    labels = dict(CharterPrinciple.choices)
    if request.method == "POST" and formset.is_valid():
        rows = [
            {
                "principle": f.cleaned_data["principle"],
                "rating": f.cleaned_data["rating"],
                "justification": f.cleaned_data["justification"],
            }
            for f in formset.forms
            if f.cleaned_data.get("rating")
        ]
        try:
            services.system_charter_save(actor=request.user, system=system, rows=rows)
        except ApplicationError as exc:
            _charter_refusal_show(formset, exc)
        else:
            messages.success(request, _("Charter assessment saved in a new draft version."))
            return redirect("register_admin:system", pk=system.pk)
    forms = [
        (labels.get(f.initial.get("principle") or f.data.get(f"{f.prefix}-principle"), ""), f)
        for f in formset.forms
    ]
    return _render(
        request,
        "charter",
        _("Charter assessment: %(name)s") % {"name": latest.name},
        {"formset": formset, "forms": forms, "system": system},
        status=400 if request.method == "POST" else 200,
    )


def system_retire(request, pk):
    _editor(request)
    system = get_object_or_404(AISystem.objects.city(), pk=pk)
    form = RetireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.system_retire(
            actor=request.user, system=system, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request, _("Retirement saved as a draft. Another register editor must publish it.")
        )
        return redirect("register_admin:system", pk=system.pk)
    return _render(
        request,
        "form",
        _("Retire this system"),
        {"form": form, "system": system},
        status=400 if form.errors else 200,
    )


@require_POST
def version_publish(request, pk, number):
    _editor(request)
    version = get_object_or_404(
        AISystemVersion, system_id=pk, number=number, system__remote__isnull=True
    )
    try:
        services.system_version_publish(actor=request.user, version=version)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Version %(n)s is published.") % {"n": number})
    return redirect("register_admin:system", pk=pk)


@require_POST
def version_discard(request, pk, number):
    _editor(request)
    version = get_object_or_404(AISystemVersion, system_id=pk, number=number)
    try:
        services.version_discard(actor=request.user, version=version)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("register_admin:system", pk=pk)


def partners(request):
    _editor(request)
    form = RemoteRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        remote = form.save()
        audit_record(
            actor=request.user,
            action=AuditAction.PARTNER_CREATE,
            target_type=RemoteRegister,
            target_id=remote.pk,
            summary=remote.name,
        )
        messages.success(request, _("Partner added."))
        return redirect("register_admin:partners")
    return _render(
        request,
        "partners",
        _("Partner registers"),
        {"form": form, "remotes": RemoteRegister.objects.all()},
        status=400 if form.errors else 200,
    )


@require_POST
def partner_harvest(request, pk):
    _editor(request)
    remote = get_object_or_404(RemoteRegister, pk=pk)
    try:
        count = remote_register_harvest(remote=remote)
    except HarvestError as exc:
        messages.error(request, _("Harvest failed, nothing was changed: %(e)s") % {"e": exc})
    else:
        messages.success(request, _("%(n)s records harvested.") % {"n": count})
    return redirect("register_admin:partners")
