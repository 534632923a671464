"""Public JSON endpoints: certificate verification (for employers) and course indicators."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from training.selectors import certificate_by_code, training_indicators


class CertificateSerializer(serializers.Serializer):
    code = serializers.CharField()
    valid = serializers.BooleanField()
    course_title = serializers.CharField()
    learner_name = serializers.CharField(
        allow_blank=True, help_text="Empty when the holder had their name erased."
    )
    name_erased = serializers.BooleanField()
    issued_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    revocation_reason = serializers.CharField(allow_blank=True)


class CertificateVerifyView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Verify a training certificate",
        description="Says whether the City issued a certificate with this code and whether it "
        "is still valid. The same information as the public page /training/certificates/<code>/.",
        responses={200: CertificateSerializer, 404: OpenApiResponse(description="Unknown code")},
        tags=["training"],
    )
    def get(self, request, code: str):
        certificate = certificate_by_code(code=code)
        if certificate is None:
            raise Http404(_("No certificate has this code."))
        return Response(
            CertificateSerializer(
                {
                    "code": certificate.code,
                    "valid": certificate.is_valid,
                    "course_title": certificate.course_title,
                    "learner_name": certificate.learner_name,
                    "name_erased": certificate.name_erased,
                    "issued_at": certificate.issued_at,
                    "revoked_at": certificate.revoked_at,
                    "revocation_reason": certificate.revocation_reason,
                }
            ).data
        )


class IndicatorsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Training indicators",
        description="Aggregated figures (never per person): courses, enrolments, completions, "
        "valid certificates, and enrolments/completions per course.",
        responses={
            200: inline_serializer(
                "TrainingIndicators",
                {
                    "courses": serializers.IntegerField(),
                    "enrolments": serializers.IntegerField(),
                    "completions": serializers.IntegerField(),
                    "certificates": serializers.IntegerField(),
                    "by_course": serializers.ListField(child=serializers.DictField()),
                },
            )
        },
        tags=["training"],
    )
    def get(self, request):
        return Response(training_indicators())
