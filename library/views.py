"""Pages of the shared use-case library and its open data. Thin: reads in selectors, writes
in services, rules in policies."""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from consultation.selectors import commitment_status_choices, grade_choices
from core.errors import ApplicationError, NotAuthenticated
from core.forms import refusal_show
from library import exports, policies, selectors, services
from library.forms import LessonForm
from register.selectors import (
    register_risk_level_choices,
    register_status_choices,
    register_theme_choices,
)

PAGE_SIZE = 20
# The grade colours of the interface guide (UI.md), white text on each >= 4.5:1.
GRADE_COLOURS = {
    "excellent": "#14532d",
    "very_good": "#15803d",
    "good": "#4d7c0f",
    "fairly_good": "#854d0e",
    "passable": "#9a3412",
    "insufficient": "#b91c1c",
    "reject": "#7f1d1d",
}


def index(request):
    status = 200
    filter_errors = {}
    try:
        filters = selectors.parse_filters(request.GET)
    except selectors.FilterError as exc:
        filter_errors = exc.errors
        status = 400
        filters = selectors.CaseFilters()
    page_obj = Paginator(selectors.cases_search(filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    cases = list(page_obj.object_list)
    risk_labels = dict(register_risk_level_choices())
    for case in cases:
        case.sentence = selectors.case_outcome_sentence(case)
        case.risk_label = risk_labels.get(case.risk_level, "")
    facets = selectors.cases_facets(filters=filters)
    for name, items in facets.items():
        for item in items:
            item["selected"] = item["key"] == getattr(filters, name)
    facet_groups = [
        ("theme", _("Theme"), facets["theme"]),
        ("outcome", _("Outcome"), facets["outcome"]),
        ("city", _("City"), facets["city"]),
        ("risk_level", _("Risk level"), facets["risk_level"]),
    ]
    return render(
        request,
        "library/index.html",
        {
            "title": _("Shared library of AI use cases"),
            "breadcrumb": [(_("Use-case library"), "")],
            "filters": filters,
            "filter_errors": filter_errors,
            "facet_groups": facet_groups,
            "page_obj": page_obj,
            "cases": cases,
            "query_string": urlencode(filters.active()),
        },
        status=status,
    )


def _case_or_404(pk: int):
    case = selectors.case_get(pk=pk)
    if case is None:
        raise Http404(_("No case of the library has this address."))
    return case


def _detail(request, case, *, form=None, status=200):
    grade_labels = dict(grade_choices())
    total = sum(case.merit_profile.get(value, 0) for value, _label in grade_choices())
    profile, x = [], 0.0
    for value, label in grade_choices():
        count = case.merit_profile.get(value, 0)
        width = 600 * count / total if total else 0
        profile.append(
            {
                "grade": value,
                "label": label,
                "count": count,
                "percent": round(100 * count / total) if total else 0,
                "x": round(x, 2),
                "width": round(width, 2),
                "colour": GRADE_COLOURS[value],
            }
        )
        x += width
    return render(
        request,
        "library/detail.html",
        {
            "title": case.title,
            "breadcrumb": [(_("Use-case library"), reverse("library:index")), (case.title, "")],
            "case": case,
            "sentence": selectors.case_outcome_sentence(case),
            "median_label": grade_labels.get(case.median_grade, ""),
            "profile": profile,
            "profile_total": total,
            "commitment_labels": dict(commitment_status_choices()),
            "risk_labels": dict(register_risk_level_choices()),
            "status_labels": dict(register_status_choices()),
            "theme_labels": dict(register_theme_choices()),
            "lessons": list(case.lessons.all()),
            "is_agent": policies.user_is_agent(user=request.user),
            "form": form if form is not None else (LessonForm() if not case.is_partner else None),
        },
        status=status,
    )


def detail(request, pk: int):
    return _detail(request, _case_or_404(pk))


def _login_or_refuse(request, exc: ApplicationError):
    if isinstance(exc, NotAuthenticated):
        return redirect_to_login(request.get_full_path())
    return None


@require_http_methods(["POST"])
def lesson_add(request, pk: int):
    case = _case_or_404(pk)
    form = LessonForm(request.POST)
    if form.is_valid():
        try:
            services.lesson_add(author=request.user, case=case, data=form.cleaned_data)
        except ApplicationError as exc:
            answer = _login_or_refuse(request, exc)
            if answer is not None:
                return answer
            return _detail(request, case, form=form, status=refusal_show(form, exc))
        messages.success(request, _("Thank you: your lessons learned are published."))
        return redirect(f"{case.get_absolute_url()}#lessons")
    return _detail(request, case, form=form, status=400)


@require_POST
def reuse(request, pk: int):
    case = _case_or_404(pk)
    try:
        use_case = services.case_reuse(
            agent=request.user,
            case=case,
            source_url=request.build_absolute_uri(case.get_absolute_url()),
        )
    except ApplicationError as exc:
        answer = _login_or_refuse(request, exc)
        if answer is not None:
            return answer
        messages.error(request, exc.message)
        return _detail(request, case, status=exc.status)
    messages.success(
        request,
        _("A draft use case was created from this case; its origin is kept on it. Complete it."),
    )
    return redirect(use_case.get_absolute_url())


# --- Open data -----------------------------------------------------------------------------


def _export() -> dict:
    return exports.library_export(cases=selectors.own_cases_for_export())


def export_json(request):
    response = JsonResponse(_export(), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def export_jsonld(request):
    body = json.dumps(exports.library_jsonld(export=_export()), ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/ld+json; charset=utf-8")


def export_csv(request):
    response = HttpResponse(
        exports.library_csv(export=_export()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="library.csv"'
    return response


def schema(request):
    response = JsonResponse(exports.schema(), json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/schema+json"
    response["Access-Control-Allow-Origin"] = "*"
    return response


class LibraryChangesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Shared library of AI use cases: latest changes")
    subtitle = gettext_lazy("New and updated cases, the city's and partner cities'.")

    def link(self):
        return reverse("library:index")

    def items(self):
        return selectors.cases_changed(limit=30)

    def item_title(self, item):
        return f"{item.city} — {item.title}"

    def item_description(self, item):
        return selectors.case_outcome_sentence(item)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.updated_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_guid(self, item):
        return f"library-case-{item.pk}-{int(item.updated_at.timestamp())}"

    item_guid_is_permalink = False
