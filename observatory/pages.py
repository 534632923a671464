"""What the observatory's Wagtail pages show and their sub-routes (the view layer of the pages).

Imports the models and registers its functions with them (`page_view_register`) when the app is
ready; the page models call them by name, so they never import this module, the views, the
selectors or the services.
"""

from django.http import HttpRequest, HttpResponse

from observatory import views
from observatory.citation import analysis_citation, analysis_json_ld
from observatory.feeds import PublicationsAtomFeed, PublicationsRssFeed
from observatory.indicators import indicator_sections, indicators_current
from observatory.models import (
    AnalysisPage,
    AnnualReportPage,
    ObservatoryIndexPage,
    page_view_register,
)
from observatory.selectors import report_recommendations
from observatory.services import user_can_record_follow_up


@page_view_register("index_context")
def index_context(request: HttpRequest, index: ObservatoryIndexPage) -> dict:
    return views.listing_context(request, index)


@page_view_register("rss")
def rss(request: HttpRequest, index: ObservatoryIndexPage) -> HttpResponse:
    return PublicationsRssFeed(index)(request)


@page_view_register("atom")
def atom(request: HttpRequest, index: ObservatoryIndexPage) -> HttpResponse:
    return PublicationsAtomFeed(index)(request)


page_view_register("members")(views.members)
page_view_register("researcher")(views.researcher_detail)
page_view_register("publication_pdf")(views.publication_pdf)
page_view_register("analysis_bibtex")(views.analysis_bibtex)


@page_view_register("analysis_context")
def analysis_context(request: HttpRequest, page: AnalysisPage) -> dict:
    return {
        "indicators": indicators_current(),
        "citation": analysis_citation(page=page, request=request),
        "json_ld": analysis_json_ld(page=page, request=request),
    }


@page_view_register("report_context")
def report_context(request: HttpRequest, report: AnnualReportPage) -> dict:
    snapshot = report.snapshot
    return {
        "snapshot_sections": indicator_sections(snapshot.data) if snapshot else [],
        "recommendations": report_recommendations(report=report),
        "can_record_follow_up": user_can_record_follow_up(user=request.user),
    }
