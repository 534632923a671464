"""Open data: anonymised ballots and aggregated results of consultations whose results are
public, in CSV and JSON."""

import csv
import json

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from consultation import exports
from consultation.audience import readable_q
from consultation.models import Consultation
from consultation.views._common import get_consultation
from core.streaming import streaming_response

FORMATS = ("csv", "json")


def open_data(request: HttpRequest) -> HttpResponse:
    consultations = (
        Consultation.objects.filter(readable_q(user=request.user))
        .filter(Q(results_visibility="live") | Q(voting_ends_at__lte=timezone.now()))
        .order_by("-voting_starts_at")
    )
    return render(request, "consultation/open_data.html", {"consultations": consultations})


def _published(request: HttpRequest, slug: str, fmt: str) -> Consultation:
    consultation = get_consultation(request, slug)
    if not consultation.results_public or fmt not in FORMATS:
        raise Http404
    return consultation


def open_data_ballots(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    consultation = _published(request, slug, fmt)
    rows = exports.anonymised_ballots(consultation=consultation)
    if fmt == "csv":
        response = streaming_response(
            request,
            exports.stream_csv(exports.BALLOT_COLUMNS, rows),
            content_type="text/csv; charset=utf-8",
        )
    else:
        response = streaming_response(
            request, exports.stream_json_array(rows), content_type="application/json"
        )
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-ballots.{fmt}"'
    return response


def open_data_aggregates(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    consultation = _published(request, slug, fmt)
    data = exports.aggregates(consultation=consultation)
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv.writer(response)
        writer.writerow(exports.AGGREGATE_COLUMNS)
        for row in data["ranking"]:
            writer.writerow(
                [row.get(c, row["grade_counts"].get(c, "")) for c in exports.AGGREGATE_COLUMNS]
            )
    else:
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json"
        )
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-results.{fmt}"'
    return response
