"""Open data: the observatory's indicators as JSON (documented in the OpenAPI schema)."""

from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from observatory.indicators import indicators_current

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
                for name in ("register", "consultation", "inference", "training")
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
        responses={200: IndicatorsSerializer},
        examples=[
            OpenApiExample(
                "Before the other parts are live",
                value={
                    "computed_at": "2026-11-29T02:00:00+00:00",
                    "duration_ms": 3.2,
                    "language": "fr",
                    "sections": {
                        "register": None,
                        "consultation": None,
                        "inference": None,
                        "training": None,
                    },
                },
            )
        ],
    )
    def get(self, request):
        return Response(indicators_current())
