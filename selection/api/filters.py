"""Filters of the reviews and decisions lists (django-filter)."""
import django_filters

from selection.models import Offer, OfferStatus, Review, ReviewStatus


class ReviewFilter(django_filters.FilterSet):
    call = django_filters.CharFilter(field_name="application__call__code", lookup_expr="iexact")
    status = django_filters.ChoiceFilter(choices=ReviewStatus.choices)
    application = django_filters.NumberFilter(field_name="application_id")

    class Meta:
        model = Review
        fields = ["call", "status", "application"]


class OfferFilter(django_filters.FilterSet):
    call = django_filters.CharFilter(field_name="call__code", lookup_expr="iexact")
    team = django_filters.CharFilter(field_name="team__code", lookup_expr="iexact")
    institute = django_filters.CharFilter(field_name="team__institute__code", lookup_expr="iexact")
    status = django_filters.MultipleChoiceFilter(choices=OfferStatus.choices)

    class Meta:
        model = Offer
        fields = ["call", "team", "institute", "status"]
