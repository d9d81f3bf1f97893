"""Read endpoints of the programme: calls and research teams with their quotas."""
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from innocore.api.filters import CallFilter, TeamFilter
from innocore.api.serializers import CallSerializer, TeamSerializer
from innocore.models import Call, CallTeamQuota, ResearchTeam


@extend_schema_view(list=extend_schema(summary="Calls, newest first"), retrieve=extend_schema(summary="A call"))
class CallViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CallSerializer
    filterset_class = CallFilter
    lookup_field = "code"
    lookup_url_kwarg = "code"
    ordering_fields = ["opens_at", "closes_at", "code"]
    queryset = Call.objects.order_by("-opens_at", "pk")


@extend_schema_view(list=extend_schema(summary="Research teams with their quota in each call"),
                    retrieve=extend_schema(summary="A research team"))
class TeamViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TeamSerializer
    filterset_class = TeamFilter
    lookup_field = "code"
    lookup_url_kwarg = "team_code"
    ordering_fields = ["code"]

    def get_queryset(self):
        quotas = CallTeamQuota.objects.select_related("call").order_by("call__opens_at", "call__code")
        call = self.request.query_params.get("call")
        if call and self.action == "list":
            quotas = quotas.filter(call__code__iexact=call)
        return (ResearchTeam.objects.select_related("institute").distinct()
                .prefetch_related(Prefetch("call_quotas", queryset=quotas, to_attr="listed_quotas"))
                .order_by("institute__code", "code"))
