"""Thin views: publications listing context, members, researchers, PDF/BibTeX, indicators,
testimonies."""

import csv
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import user_can_participate
from core.errors import ApplicationError
from core.forms import honeypot_response, refusal_show
from observatory import research_selectors, selectors, services
from observatory.charts import render as render_chart
from observatory.citation import analysis_bibtex as bibtex_text
from observatory.citation import bibtex_key
from observatory.forms import FollowUpForm, ModerationForm, PublicationFilterForm, TestimonyForm
from observatory.indicators import chart_by_key, indicator_sections, indicators_current
from observatory.models import Recommendation, Researcher, Testimony, TestimonyStatus

PER_PAGE = 10


def _index_or_404():
    index = selectors.observatory_index()
    if index is None:
        raise Http404
    return index


def listing_context(request, index) -> dict:
    form = PublicationFilterForm(request.GET or None, index=index)
    filters = form.filters()
    paginator = Paginator(selectors.publications_filtered(index=index, filters=filters), PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    return {
        "filter_form": form,
        "filters": filters,
        "page_obj": page_obj,
        "publications": selectors.publications_specific(page_obj.object_list, request),
        "query_string": urlencode(params),
        "feed_query": ("?" + urlencode(params)) if params else "",
        "filtered": bool(params),
    }


def members(request, index):
    return index.render(
        request,
        template="observatory/members.html",
        context_overrides={"colleges": selectors.members_by_college()},
    )


def researcher_detail(request, index, slug):
    researcher = get_object_or_404(Researcher, slug=slug)
    paginator = Paginator(
        selectors.researcher_publications(researcher=researcher, locale=index.locale), PER_PAGE
    )
    page_obj = paginator.get_page(request.GET.get("page"))
    for item in page_obj.object_list:
        item.listing_url = item.get_url(request)
    return index.render(
        request,
        template="observatory/researcher.html",
        context_overrides={
            "researcher": researcher,
            "page_obj": page_obj,
            "cifre_projects": research_selectors.cifre_projects_of(researcher=researcher),
        },
    )


def _media_fetcher(url: str, *args, **kwargs):
    """WeasyPrint fetches our own media and static files from disk, never over the network."""
    from weasyprint import default_url_fetcher

    for prefix, root in (
        (settings.MEDIA_URL, settings.MEDIA_ROOT),
        (settings.STATIC_URL, settings.STATIC_ROOT),
    ):
        marker = f"://pdf.local{prefix}"
        if marker in url:
            path = (Path(root) / url.split(marker, 1)[1]).resolve()
            if not str(path).startswith(str(Path(root).resolve())):
                raise ValueError("outside root")
            return default_url_fetcher(path.as_uri())
    if url.startswith("data:"):
        return default_url_fetcher(url)
    raise ValueError("external resources are not fetched")


def publication_pdf_bytes(*, page, request) -> bytes:
    from weasyprint import CSS, HTML

    context = page.get_context(request)
    context["pdf"] = True
    html = render_to_string("observatory/pdf/publication.html", context, request=request)
    css_path = Path(__file__).parent / "static" / "observatory" / "print.css"
    return HTML(string=html, base_url="http://pdf.local/", url_fetcher=_media_fetcher).write_pdf(
        stylesheets=[CSS(filename=str(css_path))]
    )


def publication_pdf(request, page):
    response = HttpResponse(
        publication_pdf_bytes(page=page, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'inline; filename="{slugify(page.title)[:80] or "publication"}.pdf"'
    )
    return response


def analysis_bibtex(request, page):
    response = HttpResponse(
        bibtex_text(page=page, request=request), content_type="application/x-bibtex; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{bibtex_key(page)}.bib"'
    return response


def indicators(request):
    data = indicators_current()
    computed_at = parse_datetime(data.get("computed_at") or "")
    sections = indicator_sections(data)
    for section in sections:
        section["rendered"] = [
            {"key": key, "chart": chart, "svg": render_chart(chart, kind)}
            for key, kind, chart in section["charts"]
        ]
    return render(
        request,
        "observatory/indicators.html",
        {
            "data": data,
            "computed_at": computed_at,
            "sections": sections,
            "index": selectors.observatory_index(),
            "title": _("Indicators"),
        },
    )


def indicators_csv(request, chart_key: str):
    chart = chart_by_key(indicators_current(), chart_key)
    if chart is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{chart_key}.csv"'
    writer = csv.writer(response)
    writer.writerow([h or _("Label") for h in chart.headers])
    writer.writerows(chart.rows)
    return response


def testimonies(request):
    paginator = Paginator(selectors.testimonies_published(), 20)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "observatory/testimonies.html",
        {
            "page_obj": page_obj,
            "index": selectors.observatory_index(),
            "can_testify": user_can_participate(user=request.user),
            "can_moderate": services.user_can_moderate_testimonies(user=request.user),
            "title": _("Residents' testimonies"),
        },
    )


def testimony_detail(request, public_id):
    testimony = get_object_or_404(
        Testimony.objects.select_related("author"),
        public_id=public_id,
        status=TestimonyStatus.PUBLISHED,
    )
    return render(
        request,
        "observatory/testimony_detail.html",
        {
            "testimony": testimony,
            "index": selectors.observatory_index(),
            "title": testimony.reference,
        },
    )


def testimony_new(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not user_can_participate(user=request.user):
        return render(
            request,
            "observatory/testimony_form.html",
            {
                "blocked": True,
                "index": selectors.observatory_index(),
                "title": _("Share your testimony"),
            },
            status=403,
        )
    form = TestimonyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if fake := honeypot_response(
            request,
            form,
            redirect_to="observatory:testimonies",
            message=_(
                "Thank you: a moderator will read your testimony within a week before it is published."
            ),
        ):
            return fake
        if form.is_valid():
            try:
                services.testimony_submit(
                    author=request.user,
                    text=form.cleaned_data["text"],
                    consent=form.cleaned_data["consent"],
                    anonymous=form.cleaned_data["anonymous"],
                    system_slug=form.cleaned_data.get("system_slug", ""),
                    language=translation.get_language() or "fr",
                )
            except ApplicationError as exc:
                status = refusal_show(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you: a moderator will read your testimony within a week before it is published."
                    ),
                )
                return redirect("observatory:testimonies")
        else:
            status = 400
    return render(
        request,
        "observatory/testimony_form.html",
        {"form": form, "index": selectors.observatory_index(), "title": _("Share your testimony")},
        status=status,
    )


def testimony_moderation(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not services.user_can_moderate_testimonies(user=request.user):
        raise PermissionDenied
    paginator = Paginator(selectors.testimonies_pending(), 20)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "observatory/testimony_moderation.html",
        {
            "page_obj": page_obj,
            "form": ModerationForm(),
            "index": selectors.observatory_index(),
            "title": _("Testimonies to moderate"),
        },
    )


@require_POST
def testimony_moderate(request, public_id):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("observatory:testimony-moderation"))
    testimony = get_object_or_404(Testimony, public_id=public_id, status=TestimonyStatus.PENDING)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "observatory/testimony_moderation.html",
            {
                "page_obj": None,
                "form": form,
                "single": testimony,
                "title": _("Testimonies to moderate"),
            },
            status=400,
        )
    try:
        services.testimony_moderate(
            moderator=request.user,
            testimony=testimony,
            publish=form.cleaned_data["decision"] == "publish",
            reason=form.cleaned_data.get("reason", ""),
        )
    except ApplicationError as exc:
        return render(
            request,
            "observatory/testimony_moderation.html",
            {
                "page_obj": None,
                "form": form,
                "single": testimony,
                "title": _("Testimonies to moderate"),
            },
            status=refusal_show(form, exc),
        )
    messages.success(request, _("Decision recorded."))
    return redirect("observatory:testimony-moderation")


def recommendation_follow_up(request, report_key, reference):
    """The city records what became of a recommendation (shown on the report in every language)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not services.user_can_record_follow_up(user=request.user):
        raise PermissionDenied
    candidates = Recommendation.objects.select_related("report").filter(
        report__translation_key=report_key, reference=reference, report__live=True
    )
    recommendation = candidates.filter(
        report__locale__language_code=translation.get_language()
    ).first()
    recommendation = recommendation or candidates.first()
    if recommendation is None:
        raise Http404
    report = recommendation.report
    current = selectors.report_recommendations(report=report)
    current = next((r for r in current if r.reference == reference), recommendation)
    form = FollowUpForm(request.POST or None, initial={"status": current.status})
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.recommendation_follow_up_record(
                    actor=request.user,
                    recommendation=recommendation,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                )
            except ApplicationError as exc:
                status = refusal_show(form, exc)
            else:
                messages.success(request, _("Follow-up recorded: it is now shown on the report."))
                return redirect(report.get_url(request) + "#" + slugify(reference))
    else:
        status = 200
    return render(
        request,
        "observatory/follow_up_form.html",
        {
            "form": form,
            "recommendation": current,
            "report": report,
            "title": _("Record a follow-up"),
        },
        status=status,
    )
