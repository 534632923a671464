"""A consultation's dossier as a plain-language PDF, for those who read on paper: the use
cases' dossiers, the phases and their dates, and how and where to vote on paper."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from consultation import selectors
from consultation.models import Grade
from consultation.views._common import get_consultation
from core.pdf import render_pdf


def dossier_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_consultation(request, slug)
    use_cases = list(selectors.consultation_use_cases(consultation=consultation))
    places = [
        line.strip() for line in consultation.paper_voting_places.splitlines() if line.strip()
    ]
    pdf = render_pdf(
        template="consultation/dossier_pdf.html",
        context={
            "consultation": consultation,
            "use_cases": use_cases,
            "phases": consultation.phases(),
            "places": places,
            "city_name": settings.CITY_NAME,
            "page_url": request.build_absolute_uri(consultation.get_absolute_url()),
            "generated_at": timezone.now(),
            "language": request.LANGUAGE_CODE,
            "grades": Grade.choices,
        },
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{consultation.slug}-dossier.pdf"'
    return response
