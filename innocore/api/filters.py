"""Filters of the calls and teams lists (django-filter): ``?call=CODE``, ``?institute=CODE``."""
import django_filters
from django.utils import timezone

from innocore.models import Call, ResearchTeam
from innocore.models.call import CallStatus


class CallFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=CallStatus.choices, method="filter_status",
                                         label="upcoming, open or closed")

    class Meta:
        model = Call
        fields = ["status"]

    def filter_status(self, queryset, name, value):
        now = timezone.now()
        if value == CallStatus.UPCOMING:
            return queryset.filter(opens_at__gt=now)
        if value == CallStatus.OPEN:
            return queryset.filter(opens_at__lte=now, closes_at__gt=now)
        return queryset.filter(closes_at__lte=now)


class TeamFilter(django_filters.FilterSet):
    call = django_filters.CharFilter(field_name="call_quotas__call__code", lookup_expr="iexact",
                                     label="the code of a call: its teams, with their quota in it")
    institute = django_filters.CharFilter(field_name="institute__code", lookup_expr="iexact")

    class Meta:
        model = ResearchTeam
        fields = ["call", "institute"]
