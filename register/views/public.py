"""Public pages of the register: list, record, history, feedback, recourse, exports.

Thin: rules live in services and policies; the staff recourse pages are in `staff.py`.
"""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import ApplicationError
from core.forms import honeypot_response, refusal_show
from core.ratelimit import client_ip
from core.streaming import streaming_response
from register import exports, selectors, services
from register.forms import ErrorReportForm, RecourseForm, StatusLookupForm
from register.models import CharterAssessment, CharterPrinciple
from register.policies import (
    user_can_declare_hidden_algorithm,
    user_can_edit_register,
    user_can_handle_recourse,
    user_can_record_recourse,
)
from register.presentation import ai_act_obligations, record_sections
from register.public_cache import public_response, visitor_is_anonymous
from register.questionnaire import risk_level_assess
from register.translations import record_translations

PAGE_SIZE = 20


# --- List -----------------------------------------------------------------------------------
def index(request):
    # The same page for every anonymous visitor: kept whole until the register changes.
    return public_response(request, lambda: _index(request), shared=visitor_is_anonymous(request))


def _index(request):
    status_code = 200
    filter_errors = {}
    try:
        filters = selectors.parse_filters(request.GET)
    except selectors.FilterError as exc:
        filter_errors = exc.errors
        status_code = 400
        filters = selectors.SystemFilters()
    partners_view = request.GET.get("source") == "partners"
    systems = selectors.systems_search(filters=filters, partners=partners_view)
    paginator = Paginator(systems, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    partner_preview = partner_total = None
    if not partners_view:
        partner_qs = selectors.systems_search(filters=filters, partners=True)
        partner_preview = list(partner_qs[:5])
        partner_total = partner_qs.count() if len(partner_preview) == 5 else len(partner_preview)
    params = {k: v for k, v in filters.active().items()}
    if partners_view:
        params["source"] = "partners"
    facets = selectors.systems_facets(filters=filters)
    facet_groups = [
        ("status", _("Status"), facets["status"]),
        ("risk_level", _("Risk level"), facets["risk_level"]),
        ("theme", _("Theme"), facets["theme"]),
        ("algorithm_type", _("Algorithm type"), facets["algorithm_type"]),
        ("department", _("Department"), facets["department"]),
    ]
    return render(
        request,
        "register/system_list.html",
        {
            "title": _("Register of the city's AI systems"),
            "breadcrumb": [(_("AI register"), "")],
            "filters": filters,
            "filter_errors": filter_errors,
            "facet_groups": facet_groups,
            "page_obj": page_obj,
            "systems": page_obj.object_list,
            "query_string": urlencode(params),
            "partners_view": partners_view,
            "partner_preview": partner_preview,
            "partner_total": partner_total,
            "partner_query": urlencode({**filters.active(), "source": "partners"}),
            "is_staff_member": user_can_handle_recourse(user=request.user),
            "can_record_recourse": user_can_record_recourse(user=request.user),
            "can_declare": user_can_declare_hidden_algorithm(user=request.user),
            "declarations_summary": None if partners_view else selectors.declarations_summary(),
        },
        status=status_code,
    )


def _crumbs(*items, system=None):
    base = [(_("AI register"), reverse("register:index"))]
    if system is not None:
        base.append((system.published_version.name, system.get_absolute_url()))
    return base + list(items)


def _system_or_404(slug):
    system = selectors.system_get_published(slug=slug)
    if system is None:
        raise Http404(_("No published record has this address."))
    return system


# --- Record ---------------------------------------------------------------------------------
def detail(request, slug):
    return public_response(
        request, lambda: _detail(request, slug), shared=visitor_is_anonymous(request)
    )


def _detail(request, slug):
    system = selectors.system_get_published(slug=slug, details=True)
    if system is None:
        raise Http404(_("No published record has this address."))
    version = system.published_version
    charter = {c.principle: c for c in version.charter_assessments.all()}
    charter_rows = [
        {"principle": label, "assessment": charter.get(value)}
        for value, label in CharterPrinciple.choices
    ]
    versions_count = system.published_versions_count
    # Reasons follow the reader's language when the answers are known (city records);
    # harvested records only have the reasons their publisher wrote.
    risk_reasons = version.risk_reasons
    if version.risk_answers:
        risk_reasons = [str(r) for r in risk_level_assess(answers=version.risk_answers).reasons]
    translated = record_translations(system=system, version=version)
    sections = record_sections(version)
    for section in sections:
        for field in section["fields"]:
            if field["name"] in translated:
                field["value"], field["translated"] = translated[field["name"]], True
    name = translated.get("name", version.name)
    return render(
        request,
        "register/system_detail.html",
        {
            "title": name,
            "name": name,
            "short_description": translated.get("short_description", version.short_description),
            # The header is in the reader's language when its two texts are translated.
            "content_language": get_language()
            if {"name", "short_description"} <= translated.keys()
            else version.language,
            "translated": bool(translated),
            "breadcrumb": _crumbs((name, "")),
            "system": system,
            "version": version,
            "sections": sections,
            "obligations": ai_act_obligations(version),
            "risk_reasons": risk_reasons,
            "charter_rows": charter_rows,
            "versions_count": versions_count,
            "error_form": ErrorReportForm(),
            "can_edit": user_can_edit_register(user=request.user) and not system.is_partner,
            "evaluation_state": selectors.system_evaluation_state(system=system),
            "deployment_evaluations": []
            if system.is_partner
            else selectors.system_deployment_evaluations(system=system),
            "incidents": {}
            if system.is_partner
            else selectors.system_incidents_public(system=system),
        },
    )


def history(request, slug):
    system = _system_or_404(slug)
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    if a.isdigit() and b.isdigit():
        return redirect("register:diff", slug=slug, a=int(a), b=int(b))
    versions = list(selectors.system_published_versions(system=system)[:200])
    rows = [(v, versions[i + 1] if i + 1 < len(versions) else None) for i, v in enumerate(versions)]
    return render(
        request,
        "register/system_history.html",
        {
            "title": _("History of %(name)s") % {"name": system.published_version.name},
            "system": system,
            "version": system.published_version,
            "versions": versions,
            "rows": rows,
            "evaluations_by_version": selectors.system_history_evaluations(system=system),
            "breadcrumb": _crumbs((_("History"), ""), system=system),
        },
    )


def diff(request, slug, a: int, b: int):
    system = _system_or_404(slug)
    versions = {
        v.number: v
        for v in system.versions.filter(
            number__in=[a, b], published_at__isnull=False
        ).prefetch_related(
            Prefetch("charter_assessments", queryset=CharterAssessment.objects.all())
        )
    }
    if a not in versions or b not in versions:
        raise Http404(_("Only published versions can be compared."))
    old, new = (versions[a], versions[b]) if a <= b else (versions[b], versions[a])
    return render(
        request,
        "register/system_diff.html",
        {
            "title": _("Changes between versions %(a)s and %(b)s")
            % {"a": old.number, "b": new.number},
            "system": system,
            "version": system.published_version,
            "breadcrumb": _crumbs(
                (_("History"), reverse("register:history", kwargs={"slug": slug})),
                (_("Comparison"), ""),
                system=system,
            ),
            "old": old,
            "new": new,
            "changes": selectors.version_diff(old=old, new=new),
            "charter_changes": selectors.charter_diff(old=old, new=new),
            "evaluations": selectors.evaluations_between_versions(
                system=system, old=old.number, new=new.number
            ),
        },
    )


# --- Feedback -------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def report_error(request, slug):
    system = _system_or_404(slug)
    form = ErrorReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if fake := honeypot_response(
            request,
            form,
            redirect_to=system.get_absolute_url(),
            message=_("Thank you: the record's editors will read your message."),
        ):
            return fake
        if services.feedback_rate_limited(ip=client_ip(request)):
            form.add_error(
                None, _("Too many messages from your connection. Please try again in an hour.")
            )
            status = 429
        elif form.is_valid():
            try:
                services.error_report_create(
                    system=system,
                    message=form.cleaned_data["message"],
                    email=form.cleaned_data["email"],
                )
            except ApplicationError as exc:
                status = refusal_show(form, exc)
            else:
                messages.success(
                    request, _("Thank you: the record's editors will read your message.")
                )
                return redirect(system.get_absolute_url())
        else:
            status = 400
    return render(
        request,
        "register/report_error.html",
        {
            "title": _("Report an error"),
            "breadcrumb": _crumbs((_("Report an error"), ""), system=system),
            "system": system,
            "version": system.published_version,
            "form": form,
        },
        status=status,
    )


# --- Recourse -------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def recourse(request, slug):
    system = _system_or_404(slug)
    if system.is_partner:
        raise Http404(_("Requests about a partner's system are filed with that partner."))
    initial = {}
    if request.user.is_authenticated:
        initial = {"email": request.user.email, "name": request.user.display_name}
    form = RecourseForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if fake := honeypot_response(request, form, redirect_to="register:recourse_done"):
            return fake
        if form.is_valid() and (
            filed := selectors.recourse_by_form_key(form_key=form.cleaned_data.get("form_key"))
        ):
            return _recourse_already_filed(request, filed)
        if form.is_valid():
            if services.recourse_rate_limited(
                ip=client_ip(request), email=form.cleaned_data["email"], user=request.user
            ):
                form.add_error(
                    None,
                    _(
                        "Too many requests from this connection or this email address. Please try "
                        "again later, or write to the contact given on the record."
                    ),
                )
                status = 429
            else:
                try:
                    req = services.recourse_request_open(
                        system=system,
                        data=form.cleaned_data,
                        requester=request.user,
                        language=request.LANGUAGE_CODE,
                    )
                except ApplicationError as exc:
                    status = refusal_show(form, exc)
                else:
                    if getattr(req, "already_filed", False):
                        return _recourse_already_filed(request, req)
                    request.session["register_recourse_reference"] = req.reference
                    return redirect("register:recourse_done")
        else:
            status = 400
    return render(
        request,
        "register/recourse_form.html",
        {
            "title": _("Ask for a human review"),
            "breadcrumb": _crumbs((_("Ask for a human review"), ""), system=system),
            "system": system,
            "version": system.published_version,
            "form": form,
        },
        status=status,
    )


def _recourse_already_filed(request, filed):
    """The same form sent again: no second request, the first one's reference."""
    request.session["register_recourse_reference"] = filed.reference
    messages.info(
        request,
        _(
            "This form had already been sent: your request was received once, under the "
            "reference %(reference)s. Nothing new was filed."
        )
        % {"reference": filed.reference},
    )
    return redirect("register:recourse_done")


def recourse_done(request):
    reference = request.session.get("register_recourse_reference", "")
    return render(
        request,
        "register/recourse_done.html",
        {
            "title": _("Your request has been received"),
            "reference": reference,
            "breadcrumb": _crumbs((_("Request received"), "")),
        },
    )


@require_http_methods(["GET", "POST"])
def recourse_status(request):
    form = StatusLookupForm(request.POST or None)
    result = None
    status = 200
    if request.method == "POST":
        if services.lookup_rate_limited(ip=client_ip(request)):
            form.add_error(
                None, _("Too many attempts from your connection. Please try again in an hour.")
            )
            status = 429
        elif form.is_valid():
            result = selectors.recourse_lookup(
                reference=form.cleaned_data["reference"],
                email=form.cleaned_data["email"],
                postcode=form.cleaned_data["postcode"],
            )
            if result is None:
                form.add_error(
                    None,
                    _(
                        "No request matches this reference with this email address or this "
                        "postcode. Check them and try again."
                    ),
                )
                status = 404
        else:
            status = 400
    events = list(result.events.filter(internal=False)) if result else []
    return render(
        request,
        "register/recourse_status.html",
        {
            "title": _("Follow a request"),
            "breadcrumb": _crumbs((_("Follow a request"), "")),
            "form": form,
            "result": result,
            "events": events,
        },
        status=status,
    )


# --- Exports --------------------------------------------------------------------------------
def export_json(request):
    # Not stored (megabytes, and a fresh `generated_at`), but a harvester that sends its ETag or
    # Last-Modified back gets a 304 until the register changes.
    return public_response(request, lambda: _export_json(request), store=False)


def _export_json(request):
    response = HttpResponse(
        json.dumps(exports.register_export(), ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def export_csv(request):
    return public_response(request, lambda: _export_csv(request), store=False)


def _export_csv(request):
    response = streaming_response(
        request, exports.register_csv_rows(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="registre-ia.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def catalog(request):
    response = JsonResponse(
        exports.dcat_catalog(),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
