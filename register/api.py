"""Read-only open-data API of the register, plus filing a recourse request."""

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from core.api import json_error, refusal_response
from core.errors import ApplicationError
from core.ratelimit import client_ip
from register import exports, selectors, services
from register.models import AISystem, CharterAssessment, RiskLevel, Status
from register.public_cache import public_response


class SystemListSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    slug = serializers.SlugField()
    name = serializers.CharField(source="published_version.name")
    short_description = serializers.CharField(source="published_version.short_description")
    status = serializers.ChoiceField(source="published_version.status", choices=Status.choices)
    risk_level = serializers.CharField(source="published_version.risk_level")
    department = serializers.CharField(source="published_version.department")
    theme = serializers.CharField(source="published_version.theme")
    algorithm_type = serializers.CharField(source="published_version.algorithm_type")
    version = serializers.IntegerField(source="published_version.number")
    last_changed = serializers.DateTimeField(source="published_version.published_at")
    url = serializers.SerializerMethodField()
    partner = serializers.SerializerMethodField()
    review_overdue = serializers.BooleanField(source="published_version.review_overdue")
    evaluation_overdue = serializers.SerializerMethodField(
        help_text="Deployed and past its evaluation due date (schedule per risk level)."
    )

    def get_url(self, obj) -> str:
        # One reverse() per page, not per row: the record URLs differ by their slug only.
        prefix = getattr(self, "_record_url_prefix", None)
        if prefix is None:
            prefix = exports.absolute(reverse("register:detail", kwargs={"slug": "-"}))[:-2]
            self._record_url_prefix = prefix
        return f"{prefix}{obj.slug}/"

    def get_partner(self, obj) -> str | None:
        return obj.remote.name if obj.remote_id else None

    def get_evaluation_overdue(self, obj) -> bool:
        return selectors.system_evaluation_state(system=obj).overdue


_last_changed = serializers.DateTimeField()


# The columns `system_list_items` reads: the page query loads these only (not the ~70 of a
# record), so that the database sends and Django builds less for each row.
LIST_ITEM_FIELDS = [
    "uuid",
    "slug",
    "remote_id",
    "remote__name",
    "first_published_at",  # with the version's begin_date: the evaluation schedule's start
    *[
        f"published_version__{name}"
        for name in (
            "name",
            "short_description",
            "status",
            "risk_level",
            "department",
            "theme",
            "algorithm_type",
            "number",
            "published_at",
            "review_date",
            "begin_date",
        )
    ],
]


def system_list_items(systems) -> list[dict]:
    """What `SystemListSerializer` gives (it documents the shape in the schema), built as
    plain dicts: DRF's field machinery cost more than the queries on a page of 20 to 100."""
    prefix = None
    items = []
    for system in systems:
        if prefix is None:
            prefix = exports.absolute(reverse("register:detail", kwargs={"slug": "-"}))[:-2]
        version = system.published_version
        items.append(
            {
                "id": str(system.uuid),
                "slug": system.slug,
                "name": version.name,
                "short_description": version.short_description,
                "status": version.status,
                "risk_level": version.risk_level,
                "department": version.department,
                "theme": version.theme,
                "algorithm_type": version.algorithm_type,
                "version": version.number,
                "last_changed": _last_changed.to_representation(version.published_at)
                if version.published_at
                else None,
                "url": f"{prefix}{system.slug}/",
                "partner": system.remote.name if system.remote_id else None,
                "review_overdue": version.review_overdue,
                "evaluation_overdue": selectors.system_evaluation_state(system=system).overdue,
            }
        )
    return items


class RecourseCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    email = serializers.EmailField()
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    decision_reference = serializers.CharField(max_length=120, required=False, allow_blank=True)
    decision_date = serializers.DateField(required=False, allow_null=True)
    request = serializers.CharField(max_length=10000)
    consent = serializers.BooleanField()
    website = serializers.CharField(
        required=False, allow_blank=True, help_text="Honeypot: leave empty."
    )

    def validate_consent(self, value):
        if not value:
            raise serializers.ValidationError(_("We need your consent to process your request."))
        return value


FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Full-text search (French stemming on PostgreSQL)."),
    OpenApiParameter("status", str, enum=Status.values),
    OpenApiParameter("risk_level", str, enum=RiskLevel.values),
    OpenApiParameter("theme", str),
    OpenApiParameter("algorithm_type", str),
    OpenApiParameter("department", str),
    OpenApiParameter(
        "source",
        str,
        enum=["city", "partners"],
        description="The city's records (default) or harvested partner records.",
    ),
]


class SystemViewSet(GenericViewSet):
    lookup_field = "slug"
    serializer_class = SystemListSerializer
    filter_backends = []

    def get_queryset(self):
        return AISystem.objects.published().select_related("published_version", "remote")

    def _system(self, slug) -> AISystem:
        system = selectors.system_get_published(slug=slug)
        if system is None:
            raise Http404
        return system

    @extend_schema(
        summary="List published AI systems",
        parameters=FILTER_PARAMETERS,
        responses={200: SystemListSerializer(many=True)},
    )
    def list(self, request):
        def data():
            try:
                filters = selectors.parse_filters(request.query_params)
            except selectors.FilterError as exc:
                raise ValidationError(exc.errors) from exc
            source = request.query_params.get("source", "city")
            if source not in ("city", "partners"):
                raise ValidationError({"source": _("Use “city” or “partners”.")})
            qs = selectors.systems_search(filters=filters, partners=source == "partners")
            page = self.paginate_queryset(qs.only(*LIST_ITEM_FIELDS))
            return self.get_paginated_response(system_list_items(page)).data

        return self._public_json(request, data)

    @extend_schema(
        summary="One published record, every field (same shape as export.json)",
        responses={200: OpenApiTypes.OBJECT},
    )
    def retrieve(self, request, slug=None):
        def data():
            record = exports.published_record(slug=slug)
            if record is None:
                raise Http404
            return record

        return self._public_json(request, data)

    def _public_json(self, request, data):
        """The same JSON for everyone: kept whole until the register changes (the browsable
        HTML rendering is not)."""
        if request.accepted_renderer.format != "json":
            return Response(data())
        return public_response(
            request,
            lambda: HttpResponse(JSONRenderer().render(data()), content_type="application/json"),
        )

    @extend_schema(
        summary="Every published version of a record, newest first",
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["get"])
    def versions(self, request, slug=None):
        system = self._system(slug)
        qs = selectors.system_published_versions(system=system).prefetch_related(
            Prefetch("charter_assessments", queryset=CharterAssessment.objects.all())
        )
        page = self.paginate_queryset(qs)
        evaluations = exports.system_evaluations(system)  # once, not per version
        opinions = exports.system_staff_opinions(system)  # idem
        deployment_evaluations = exports.system_deployment_evaluations(system)  # idem
        incidents = exports.system_incidents(system)  # idem
        data = [
            {
                **exports.system_record(
                    system,
                    v,
                    v.charter_assessments.all(),
                    evaluations,
                    staff_opinions=opinions,
                    deployment_evaluations=deployment_evaluations,
                    incidents=incidents,
                ),
                "change_summary": v.change_summary,
            }
            for v in page
        ]
        return self.get_paginated_response(data)

    @extend_schema(
        summary="File a recourse request (human review of a decision)",
        request=RecourseCreateSerializer,
        responses={
            201: inline_serializer(
                "RecourseCreated",
                {
                    "reference": serializers.CharField(),
                    "status": serializers.CharField(),
                    "due_date": serializers.DateField(),
                    "status_url": serializers.URLField(),
                },
            )
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[], authentication_classes=[])
    def recourse(self, request, slug=None):
        system = self._system(slug)
        serializer = RecourseCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("website"):
            return json_error(400, "spam", _("The request was refused."))
        ip = client_ip(request)
        if services.recourse_rate_limited(ip=ip, email=data["email"]):
            return json_error(
                429,
                "throttled",
                _(
                    "Too many requests from this connection or this email address. Please try again later."
                ),
            )
        try:
            req = services.recourse_request_open(
                system=system,
                data=data,
                requester=None,
                language=getattr(request, "LANGUAGE_CODE", "fr"),
            )
        except ApplicationError as exc:
            return refusal_response(exc)
        return Response(
            {
                "reference": req.reference,
                "status": req.status,
                "due_date": req.due_date.isoformat(),
                "status_url": exports.absolute(reverse("register:recourse_status")),
            },
            status=status.HTTP_201_CREATED,
        )
