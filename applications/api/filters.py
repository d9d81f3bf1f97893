"""Filters of the applications list: ``?call=CODE&status=submitted&team=CODE&institute=CODE&nationality=IN``."""
import django_filters

from applications.models import Application, ApplicationStatus, TeamPreference


class ApplicationFilter(django_filters.FilterSet):
    call = django_filters.CharFilter(field_name="call__code", lookup_expr="iexact")
    status = django_filters.MultipleChoiceFilter(choices=ApplicationStatus.choices)
    team = django_filters.CharFilter(method="filter_team", label="a team code among its preferences")
    institute = django_filters.CharFilter(method="filter_institute", label="an institute of its preferred teams")
    nationality = django_filters.CharFilter(field_name="nationality", lookup_expr="iexact")

    class Meta:
        model = Application
        fields = ["call", "status", "team", "institute", "nationality"]

    def filter_team(self, queryset, name, value):
        return queryset.filter(pk__in=TeamPreference.objects.filter(team__code__iexact=value).values("application_id"))

    def filter_institute(self, queryset, name, value):
        return queryset.filter(pk__in=TeamPreference.objects.filter(
            team__institute__code__iexact=value).values("application_id"))
