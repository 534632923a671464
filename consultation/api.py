"""JSON API: ballots (PUT), consultations and their majority-judgment results."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from consultation import policies, selectors, services
from consultation.audience import readable_q
from consultation.models import Consultation, Grade, UseCase
from core.api import json_error, refusal_response
from core.errors import ApplicationError


class PhaseSerializer(serializers.Serializer):
    phase = serializers.CharField()
    label = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True)
    is_current = serializers.BooleanField()


class UseCaseSummarySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = UseCase
        fields = ["id", "title", "summary", "status", "department", "register_slug", "url"]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class ConsultationSerializer(serializers.ModelSerializer):
    phase = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = [
            "slug",
            "title",
            "summary",
            "phase",
            "information_starts_at",
            "voting_starts_at",
            "voting_ends_at",
            "answer_due_at",
            "accepts_proposals",
            "results_visibility",
            "voting_method",
            "audience",
            "transparent",
            "url",
        ]

    def get_phase(self, obj) -> str:
        return obj.current_phase

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class ConsultationDetailSerializer(ConsultationSerializer):
    description = serializers.CharField()
    phases = serializers.SerializerMethodField()
    use_cases = serializers.SerializerMethodField()

    class Meta(ConsultationSerializer.Meta):
        fields = [*ConsultationSerializer.Meta.fields, "description", "phases", "use_cases"]

    def get_phases(self, obj) -> list[dict]:
        return PhaseSerializer(obj.phases(), many=True).data

    def get_use_cases(self, obj) -> list[dict]:
        return UseCaseSummarySerializer(
            selectors.public_use_cases().filter(consultation=obj).order_by("title", "id"), many=True
        ).data


class BallotInSerializer(serializers.Serializer):
    grade = serializers.CharField(help_text=", ".join(Grade.values))


class BallotOutSerializer(serializers.Serializer):
    use_case = serializers.IntegerField()
    grade = serializers.CharField()
    updated_at = serializers.DateTimeField()


class ErrorSerializer(serializers.Serializer):
    error = inline_serializer(
        name="ErrorBody",
        fields={
            "status": serializers.IntegerField(),
            "code": serializers.CharField(),
            "message": serializers.CharField(),
        },
    )


def _visible_use_case(request, pk: int) -> UseCase:
    """The use case, or 404 to whoever may not see it (a staff consultation's, to outsiders)."""
    use_case = get_object_or_404(UseCase.objects.select_related("consultation"), pk=pk)
    if not policies.use_case_visible(user=request.user, use_case=use_case):
        raise Http404
    return use_case


class BallotView(APIView):
    # Token first so that an anonymous request gets 401 with WWW-Authenticate.
    authentication_classes = [TokenAuthentication, SessionAuthentication]

    @extend_schema(
        summary="Cast or change your grade on a use case (majority judgment)",
        request=BallotInSerializer,
        responses={
            200: BallotOutSerializer,
            401: OpenApiResponse(ErrorSerializer, description="Not logged in"),
            403: OpenApiResponse(ErrorSerializer, description="Email not verified"),
            404: OpenApiResponse(ErrorSerializer, description="Unknown use case"),
            409: OpenApiResponse(ErrorSerializer, description="Voting not open or closed"),
            422: OpenApiResponse(ErrorSerializer, description="Unknown grade"),
            429: OpenApiResponse(ErrorSerializer, description="Too many ballots"),
        },
    )
    def put(self, request, pk: int):
        if not request.user.is_authenticated:
            response = json_error(401, "not_authenticated", _("Log in to vote (session or token)."))
            response["WWW-Authenticate"] = 'Token realm="api"'
            return response
        use_case = _visible_use_case(request, pk)
        grade = request.data.get("grade") if hasattr(request.data, "get") else None
        if not isinstance(grade, str):
            return json_error(
                422,
                "invalid_grade",
                _('Send {"grade": …} with one of: %(grades)s.')
                % {"grades": ", ".join(Grade.values)},
            )
        try:
            ballot = services.ballot_cast(voter=request.user, use_case=use_case, grade=grade)
        except ApplicationError as exc:
            return refusal_response(exc)
        return Response(
            {"use_case": use_case.pk, "grade": ballot.grade, "updated_at": ballot.updated_at}
        )

    @extend_schema(summary="Your current grade on a use case", responses={200: BallotOutSerializer})
    def get(self, request, pk: int):
        if not request.user.is_authenticated:
            return json_error(401, "not_authenticated", _("Log in to see your ballot."))
        use_case = _visible_use_case(request, pk)
        ballot = use_case.ballots.filter(voter=request.user).first()
        if ballot is None:
            return json_error(404, "no_ballot", _("You have not graded this use case."))
        return Response(
            {"use_case": use_case.pk, "grade": ballot.grade, "updated_at": ballot.updated_at}
        )


class ConsultationListView(generics.ListAPIView):
    serializer_class = ConsultationSerializer

    def get_queryset(self):
        return Consultation.objects.filter(readable_q(user=self.request.user)).order_by(
            "-voting_starts_at", "-id"
        )

    @extend_schema(summary="Consultations, newest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ConsultationDetailView(generics.RetrieveAPIView):
    serializer_class = ConsultationDetailSerializer

    def get_queryset(self):
        return Consultation.objects.filter(readable_q(user=self.request.user))

    lookup_field = "slug"
    pagination_class = None

    @extend_schema(summary="One consultation: phases and the use cases put to the vote")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class RankingRowSerializer(serializers.Serializer):
    use_case = UseCaseSummarySerializer()
    rank = serializers.IntegerField()
    median_grade = serializers.CharField(allow_null=True)
    grade_counts = serializers.DictField(child=serializers.IntegerField())
    ballots = serializers.IntegerField()


class ResultsSerializer(serializers.Serializer):
    consultation = serializers.CharField()
    voters = serializers.IntegerField()
    final = serializers.BooleanField()
    ranking = RankingRowSerializer(many=True)


class ConsultationResultsView(APIView):
    @extend_schema(
        summary="Majority-judgment ranking (median grade, full tie-break)",
        responses={
            200: ResultsSerializer,
            404: OpenApiResponse(ErrorSerializer),
            409: OpenApiResponse(ErrorSerializer),
        },
    )
    def get(self, request, slug: str):
        consultation = get_object_or_404(
            Consultation.objects.filter(readable_q(user=request.user)), slug=slug
        )
        if not consultation.results_public:
            return json_error(
                409,
                "results_hidden",
                _("Results of this consultation are published when voting closes."),
            )
        ranking = selectors.consultation_results(consultation=consultation)
        return Response(
            {
                "consultation": consultation.slug,
                "voters": selectors.consultation_voter_count(consultation=consultation),
                "final": not consultation.voting_open,
                "ranking": [
                    {
                        "use_case": UseCaseSummarySerializer(row["use_case"]).data,
                        "rank": row["rank"],
                        "median_grade": row["median_grade"],
                        "grade_counts": row["grade_counts"],
                        "ballots": row["ballots"],
                    }
                    for row in ranking
                ],
            }
        )
