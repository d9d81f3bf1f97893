"""``GET /api/v1/stats/?call=CODE``: the dashboard's figures as JSON (the same selector as the page).

Optional ``institute`` and ``team`` (codes) narrow the figures as the page's filters do;
institute staff get their institute's figures. Same permission as the dashboard page.
"""
from django.http import QueryDict
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from innocore.models import Call
from selection.forms import DashboardFilterForm
from selection.selectors.dashboard import STAGES, dashboard_figures


class CanViewDashboard(BasePermission):
    """The dashboard page's permission (``innocore.view_staff_pages``: ministry and institute staff)."""

    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("innocore.view_staff_pages")


class QuotaRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    institute = serializers.CharField(help_text="The institute's code.")
    quota = serializers.IntegerField()
    applications = serializers.IntegerField(help_text="Submitted applications (first preference).")
    eligible = serializers.IntegerField()
    competition_ratio = serializers.FloatField(allow_null=True, help_text="Submitted applications per slot.")
    eligible_ratio = serializers.FloatField(allow_null=True, help_text="Eligible applications per slot.")
    selected = serializers.IntegerField(help_text="Seats held: offers pending, open or accepted.")
    offered = serializers.IntegerField(help_text="Offers sent and open or accepted.")
    accepted = serializers.IntegerField()
    declined = serializers.IntegerField()
    remaining = serializers.IntegerField(help_text="Quota minus seats held.")


class CountryCountSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2.")
    name = serializers.CharField()
    count = serializers.IntegerField()


class OverseasSerializer(serializers.Serializer):
    korean_returnees = serializers.IntegerField(source="origins.korean_returnees")
    foreign_nationals = serializers.IntegerField(source="origins.foreign_nationals")
    domestic = serializers.IntegerField(source="origins.domestic")
    overseas = serializers.IntegerField()
    overseas_share = serializers.FloatField(allow_null=True)
    by_nationality = CountryCountSerializer(many=True)
    by_country_of_residence = CountryCountSerializer(many=True, source="by_residence")


class ChannelSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The answer's code; empty: not given.")
    label = serializers.CharField()
    applications = serializers.IntegerField()
    eligible = serializers.IntegerField()
    selected = serializers.IntegerField()


FunnelSerializer = inline_serializer(
    name="StatsFunnel", fields={stage: serializers.IntegerField() for stage in STAGES},
)


class BudgetSerializer(serializers.Serializer):
    yearly_per_fellow_krw = serializers.IntegerField()
    contract_years = serializers.IntegerField()
    committed_krw = serializers.IntegerField(help_text="Accepted fellows x yearly cost x contract years.")
    held_krw = serializers.IntegerField(help_text="Seats held x yearly cost x contract years.")
    at_quota_krw = serializers.IntegerField()
    budget_krw = serializers.IntegerField(allow_null=True)
    committed_share = serializers.FloatField(allow_null=True)


class TimelineDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    submitted = serializers.IntegerField()
    cumulative = serializers.IntegerField()


class CallSummarySerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=["upcoming", "open", "closed"])
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()


class StatsSerializer(serializers.Serializer):
    call = CallSummarySerializer()
    institute = serializers.CharField(source="institute.code", allow_null=True, help_text="The filter, if any.")
    team = serializers.CharField(source="team.code", allow_null=True, help_text="The filter, if any.")
    quota = serializers.IntegerField(source="total.quota")
    applications_submitted = serializers.IntegerField(source="total.applications")
    eligible = serializers.IntegerField(source="total.eligible")
    competition_ratio = serializers.FloatField(source="total.competition_ratio", allow_null=True)
    eligible_ratio = serializers.FloatField(source="total.eligible_ratio", allow_null=True)
    selected = serializers.IntegerField(source="total.selected")
    offered = serializers.IntegerField(source="total.offered")
    accepted = serializers.IntegerField(source="total.accepted")
    declined = serializers.IntegerField(source="total.declined")
    remaining = serializers.IntegerField(source="total.remaining")
    by_team = QuotaRowSerializer(many=True, source="teams")
    by_institute = QuotaRowSerializer(many=True, source="institutes")
    overseas = OverseasSerializer(source="*")
    channels = ChannelSerializer(many=True)
    funnel = FunnelSerializer
    budget = BudgetSerializer()
    timeline = TimelineDaySerializer(many=True)


ErrorSerializer = inline_serializer(name="StatsError", fields={"detail": serializers.CharField()})


class StatsView(APIView):
    permission_classes = [CanViewDashboard]

    @extend_schema(
        operation_id="stats_retrieve", tags=["stats"],
        summary="The dashboard's figures for one call",
        parameters=[
            OpenApiParameter("call", OpenApiTypes.STR, required=True, description="The call's code."),
            OpenApiParameter("institute", OpenApiTypes.STR, description="An institute's code (institute staff: "
                                                                         "their own, the default)."),
            OpenApiParameter("team", OpenApiTypes.STR, description="A team's code."),
        ],
        responses={
            200: StatsSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="A missing call or a bad filter: the parameter's "
                                                                   "name with its messages."),
            401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        code = request.query_params.get("call", "").strip()
        if not code:
            raise ValidationError({"call": [_("Give the call's code: ?call=CODE.")]})
        call = Call.objects.filter(code=code).first()
        if call is None:
            raise NotFound(_("There is no call with the code %(code)s.") % {"code": code})
        filters = DashboardFilterForm(_filters(request.query_params), user=request.user, call=call)
        if not filters.is_valid():
            raise ValidationError({field: list(messages) for field, messages in filters.errors.items()})
        return Response(StatsSerializer(dashboard_figures(call=call, **filters.scope())).data)


def _filters(params: QueryDict) -> dict:
    return {name: params.get(name, "") for name in ("institute", "team")}
