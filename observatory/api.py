"""Open data: the observatory's indicators as JSON (documented in the OpenAPI schema)."""

from django.conf import settings
from django.utils import translation
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import Pagination
from core.composition import indicator_sources
from observatory.indicators import indicators_current
from observatory.models import AnnualReportPage

IndicatorsSerializer = inline_serializer(
    name="ObservatoryIndicators",
    fields={
        "computed_at": serializers.DateTimeField(help_text="When the figures were computed."),
        "duration_ms": serializers.FloatField(help_text="How long the computation took."),
        "language": serializers.CharField(help_text="Language of the labels (fr or en)."),
        "sections": inline_serializer(
            name="ObservatoryIndicatorSections",
            fields={
                name: serializers.JSONField(
                    allow_null=True,
                    help_text=f"The {name} app's figures (see its contract); null = no data yet.",
                )
                for name in indicator_sources()
            },
        ),
    },
)


class IndicatorsView(APIView):
    """Live indicators of the city's AI, from the register, consultations, the city's model and
    training. A section is null while its part of the platform has no data source yet."""

    @extend_schema(
        operation_id="observatory_indicators",
        summary="Observatory indicators",
        tags=["observatory"],
        parameters=[
            OpenApiParameter(
                "lang", str, enum=["fr", "en"], description="Language of the labels (default fr)."
            )
        ],
        responses={200: IndicatorsSerializer},
        examples=[
            OpenApiExample(
                "Before the other parts are live",
                value={
                    "computed_at": "2026-11-29T02:00:00+00:00",
                    "duration_ms": 3.2,
                    "language": "fr",
                    "sections": dict.fromkeys(indicator_sources()),
                },
            )
        ],
    )
    def get(self, request):
        language = request.query_params.get("lang", settings.LANGUAGE_CODE)
        if language not in dict(settings.LANGUAGES):
            raise ValidationError({"lang": "fr or en"})
        with translation.override(language):
            return Response(indicators_current())


class AuthorSerializer(serializers.Serializer):
    name = serializers.CharField(source="researcher.name")
    role = serializers.CharField()
    affiliation = serializers.CharField(source="researcher.affiliation")
    orcid = serializers.CharField(source="researcher.orcid")


class PublicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.SerializerMethodField()
    title = serializers.CharField()
    language = serializers.CharField(source="locale.language_code")
    summary = serializers.CharField()
    publication_date = serializers.DateField()
    last_revised = serializers.DateField(allow_null=True)
    url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    bibtex_url = serializers.SerializerMethodField()
    doi = serializers.SerializerMethodField()
    authors = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()

    def _url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.listing_url)

    def get_kind(self, obj) -> str:
        return "report" if isinstance(obj, AnnualReportPage) else "analysis"

    def get_url(self, obj) -> str:
        return self._url(obj)

    def get_pdf_url(self, obj) -> str:
        return self._url(obj) + "pdf/"

    def get_bibtex_url(self, obj) -> str | None:
        return None if isinstance(obj, AnnualReportPage) else self._url(obj) + "cite/bibtex/"

    def get_doi(self, obj) -> str:
        return getattr(obj, "doi", "")

    @extend_schema_field(AuthorSerializer(many=True))
    def get_authors(self, obj):
        return AuthorSerializer(getattr(obj, "ordered_authorships", []), many=True).data

    def get_topics(self, obj) -> list[str]:
        return [t.slug for t in obj.topics.all()] if hasattr(obj, "topics") else []


class PublicationsView(APIView):
    """Analyses and yearly reports of the observatory, newest first, with the listing's filters."""

    @extend_schema(
        operation_id="observatory_publications",
        summary="Observatory publications",
        tags=["observatory"],
        parameters=[
            OpenApiParameter("lang", str, enum=["fr", "en"], description="Language (default fr)."),
            OpenApiParameter("kind", str, enum=["analysis", "report"]),
            OpenApiParameter("topic", str, description="Topic slug (includes its subtopics)."),
            OpenApiParameter("year", int),
            OpenApiParameter("author", str, description="Researcher slug."),
            OpenApiParameter("q", str, description="Full-text search."),
            OpenApiParameter("page", int),
        ],
        responses={200: PublicationSerializer(many=True)},
    )
    def get(self, request):
        from wagtail.models import Locale

        from observatory.forms import PublicationFilterForm
        from observatory.selectors import (
            observatory_index,
            publications_filtered,
            publications_specific,
        )

        language = request.query_params.get("lang", "fr")
        if language not in ("fr", "en"):
            raise ValidationError({"lang": "fr or en"})
        locale = Locale.objects.filter(language_code=language).first()
        index = observatory_index(locale=locale) if locale else None
        paginator = Pagination()
        if index is None:
            return Response({"count": 0, "next": None, "previous": None, "results": []})
        form = PublicationFilterForm(request.query_params or None, index=index)
        pages = paginator.paginate_queryset(
            publications_filtered(index=index, filters=form.filters()), request, view=self
        )
        items = publications_specific(pages, request)
        return paginator.get_paginated_response(
            PublicationSerializer(items, many=True, context={"request": request}).data
        )
