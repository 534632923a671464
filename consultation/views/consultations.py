"""Consultations: the list, a consultation's page and timeline, its results, the officials'
dashboard (page, CSV, PDF) and the agents' form."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from consultation import charts, exports, policies, selectors, services
from consultation.forms import ConsultationForm, ListBallotForm
from consultation.models import Consultation, Grade, Phase
from consultation.text import render_markdown
from consultation.views._common import done, form_page, get_consultation, guarded
from consultation.views.translation import reader_version
from core.errors import ApplicationError, NotAuthenticated
from core.forms import refusal_show


def index(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.consultation_list(user=request.user), 10).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "consultation/index.html",
        {"page_obj": page, **policies.home_actions(user=request.user)},
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail_page(request, get_consultation(request, slug))


def _detail_page(
    request: HttpRequest,
    consultation: Consultation,
    *,
    ballot_form: ListBallotForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """A consultation's page; during the vote its list of use cases is one grading form (the
    list vote re-renders it with its refused grades)."""
    use_cases = list(selectors.consultation_use_cases(consultation=consultation))
    my_ballots = selectors.user_ballots(user=request.user, use_case_ids=[u.pk for u in use_cases])
    actions = policies.consultation_actions(user=request.user, consultation=consultation)
    if actions["can_vote"] and ballot_form is None:
        ballot_form = ListBallotForm(
            use_cases=use_cases,
            initial={ListBallotForm.field_name(u): my_ballots.get(u.pk) for u in use_cases},
        )
    for use_case in use_cases:
        use_case.my_grade = my_ballots.get(use_case.pk)
        use_case.my_grade_label = Grade(use_case.my_grade).label if use_case.my_grade else ""
        use_case.ballot_field = ballot_form.bound_field(use_case) if ballot_form else None
    ungraded = [u for u in use_cases if not u.my_grade]
    texts, content_language, content_origin = reader_version(
        consultation, ["title", "summary", "description"]
    )
    for use_case in use_cases:
        use_case.texts, _language, use_case.texts_origin = reader_version(
            use_case, ["title", "summary"]
        )
    return render(
        request,
        "consultation/detail.html",
        {
            "consultation": consultation,
            "texts": texts,
            "description_html": render_markdown(texts["description"]),
            "use_cases": use_cases,
            "ungraded": ungraded,
            "ballot_form": ballot_form,
            # Consultations are written in the site's language; /en/ pages say so unless a
            # translation exists (core.Translation).
            "content_language": content_language,
            "content_origin": content_origin,
            "documents": list(consultation.documents.all()),
            "phases": consultation.phases(),
            "phase": consultation.current_phase,
            "voted": len(my_ballots),
            **actions,
        },
        status=status,
    )


@require_POST
def ballots(request: HttpRequest, slug: str) -> HttpResponse:
    """Grades for several use cases of the list in one submit: one `ballot_cast` per graded
    use case in one transaction; a refused grade is shown on its own use case."""
    consultation = get_consultation(request, slug)
    back = consultation.get_absolute_url() + "#use-cases"
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    use_cases = list(selectors.consultation_use_cases(consultation=consultation))
    form = ListBallotForm(request.POST, use_cases=use_cases)
    if not form.is_valid():
        return _detail_page(request, consultation, ballot_form=form, status=400)
    try:
        cast, refused = services.ballots_cast(voter=request.user, grades=form.graded())
    except NotAuthenticated:
        return redirect_to_login(back)
    except ApplicationError as exc:
        return _detail_page(request, consultation, ballot_form=form, status=refusal_show(form, exc))
    if refused:
        for use_case in use_cases:
            if use_case.pk in refused:
                form.add_error(ListBallotForm.field_name(use_case), refused[use_case.pk].message)
        if cast:
            messages.success(
                request,
                ngettext(
                    "%(n)s grade is recorded; the others were refused.",
                    "%(n)s grades are recorded; the others were refused.",
                    len(cast),
                )
                % {"n": len(cast)},
            )
        status = max(exc.status for exc in refused.values())
        return _detail_page(request, consultation, ballot_form=form, status=status)
    graded_ids = set(
        selectors.user_ballots(user=request.user, use_case_ids=[u.pk for u in use_cases])
    )
    left = [u.title for u in use_cases if u.pk not in graded_ids]
    message = ngettext(
        "%(n)s grade is recorded. You may change it until voting closes.",
        "%(n)s grades are recorded. You may change them until voting closes.",
        len(cast),
    ) % {"n": len(cast)}
    if left:
        message += " " + _("Still ungraded: %(titles)s.") % {
            "titles": ", ".join(f"“{title}”" for title in left)
        }
    else:
        message += " " + _("You have graded every use case of this consultation.")
    return done(request, message, back)


def ical(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_consultation(request, slug)
    body = exports.phases_ical(
        consultation=consultation, url=request.build_absolute_uri(consultation.get_absolute_url())
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}.ics"'
    return response


def results(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_consultation(request, slug)
    context = {
        "consultation": consultation,
        "phases": consultation.phases(),
        "hidden": not consultation.results_public,
    }
    if consultation.results_public:
        ranking = selectors.consultation_results(consultation=consultation)
        by_day = selectors.consultation_participation_by_day(consultation=consultation)
        context.update(
            {
                "ranking": ranking,
                "chart": charts.merit_profiles(ranking),
                "voters": selectors.consultation_voter_count(consultation=consultation),
                "by_day": by_day,
                "by_day_chart": charts.participation(by_day),
                "by_arrondissement": selectors.consultation_participation_by_group(
                    consultation=consultation, field="arrondissement"
                ),
                "territory_label": selectors.participation_territory_label(),
                "by_age": selectors.consultation_participation_by_group(
                    consultation=consultation, field="age_bracket"
                ),
                "grades": Grade.choices,
                "legend": [
                    {"label": label, "colour": charts.GRADE_COLOURS[value]}
                    for value, label in Grade.choices
                ],
                "is_live": consultation.current_phase == Phase.VOTING,
                "by_department": selectors.consultation_results_by_department(
                    consultation=consultation
                )
                if consultation.is_staff_only
                else None,
            }
        )
    return render(request, "consultation/results.html", context)


def _dashboard_data(consultation: Consultation) -> dict:
    ranking = selectors.consultation_results(consultation=consultation)
    arguments = selectors.top_arguments(consultation=consultation)
    summaries = selectors.synthesis_summaries(use_case_ids=[row["use_case"].pk for row in ranking])
    for row in ranking:
        row["arguments"] = arguments.get(row["use_case"].pk, {"for": [], "against": []})
        row["synthesis"] = summaries.get(row["use_case"].pk)
    return {
        "consultation": consultation,
        "ranking": ranking,
        "voters": selectors.consultation_voter_count(consultation=consultation),
        "comments": selectors.consultation_comment_counts(consultation=consultation),
        "by_day": selectors.consultation_participation_by_day(consultation=consultation),
        "generated_at": timezone.now(),
    }


@guarded
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_consultation(request, slug)
    policies.dashboard_check(user=request.user)
    return render(request, "consultation/dashboard.html", _dashboard_data(consultation))


@guarded
def dashboard_csv(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_consultation(request, slug)
    policies.dashboard_check(user=request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-dashboard.csv"'
    exports.dashboard_csv(response, _dashboard_data(consultation))
    return response


@guarded
def dashboard_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_consultation(request, slug)
    policies.dashboard_check(user=request.user)
    html = render_to_string(
        "consultation/dashboard_pdf.html", _dashboard_data(consultation), request
    )
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-dashboard.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@guarded
def consultation_form(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Agents create and edit consultations (dates, options, use cases put to the vote)."""
    policies.consultation_edit_check(user=request.user)
    instance = get_consultation(request, slug) if slug else None
    form = ConsultationForm(request.POST or None, instance=instance)
    return form_page(
        request,
        form,
        template="consultation/consultation_form.html",
        context={"consultation": instance},
        perform=lambda data: services.consultation_save(
            editor=request.user,
            consultation=form.save(commit=False),
            use_case_ids=[u.pk for u in data["use_cases"]],
        ),
        success=lambda consultation: done(
            request, _("The consultation is saved."), consultation.get_absolute_url()
        ),
    )
