"""Reviews and decisions, read-only. Scope is the queryset (404 outside it, as for an unknown id); every
answer showing staff or a reviewer applicants' data is audited (applications/api/audit.py).

- Reviews: staff those of the submitted applications they may see (ministry all, institute staff their
  institute's); reviewers their own, on applications a published assignment still gives them (not
  conflicted), as on their home page.
- Decisions: the offers of each call's published match run. Staff (institute staff: their institute's
  teams); applicants their own offers once sent (a selection is not told before staff send the emails).
"""
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from applications.api.audit import AuditedReadMixin
from applications.models import Application
from applications.permissions import applications_visible_to_staff
from innocore.api.permissions import any_perm
from innocore.permissions import is_applicant, is_institute_staff, is_ministry_staff, is_reviewer
from selection.api.filters import OfferFilter, ReviewFilter
from selection.api.serializers import OfferSerializer, ReviewSerializer, StaffReviewSerializer
from selection.models import Assignment, ConflictOfInterest, MatchRunStatus, Offer, OfferStatus, Review, RunStatus


@extend_schema_view(list=extend_schema(summary="Reviews: staff those they may see, reviewers their own"),
                    retrieve=extend_schema(summary="A review"))
class ReviewViewSet(AuditedReadMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [any_perm("innocore.view_staff_pages", "selection.view_reviewer_pages")]
    filterset_class = ReviewFilter
    ordering_fields = ["updated_at", "submitted_at"]
    serializer_class = StaffReviewSerializer
    lookup_url_kwarg = "review_id"

    def get_serializer_class(self):
        return ReviewSerializer if is_reviewer(self.request.user) else StaffReviewSerializer

    def get_queryset(self):
        user = self.request.user
        reviews = Review.objects.select_related("application__call", "reviewer__user").order_by("-updated_at", "-id")
        if is_reviewer(user):
            assigned = Assignment.objects.filter(reviewer__user=user, run__status=RunStatus.PUBLISHED)
            conflicted = ConflictOfInterest.objects.filter(reviewer__user=user)
            return reviews.filter(reviewer__user=user, application__in=assigned.values("application_id")).exclude(
                application__in=conflicted.values("application_id"))
        visible = applications_visible_to_staff(user=user, queryset=Application.objects.filter(
            submitted_at__isnull=False))
        return reviews.filter(application__in=visible.values("pk"))

    def get_object(self):
        review = super().get_object()
        perm = "selection.review_application" if is_reviewer(self.request.user) else "applications.view_dossier"
        if not self.request.user.has_perm(perm, review.application):
            raise Http404
        return review


@extend_schema_view(list=extend_schema(summary="Published decisions: offers with their status, team and rank"),
                    retrieve=extend_schema(summary="An offer"))
class DecisionViewSet(AuditedReadMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [any_perm("selection.view_decisions", "applications.start_application")]
    serializer_class = OfferSerializer
    filterset_class = OfferFilter
    ordering_fields = ["rank", "sent_at"]
    lookup_url_kwarg = "offer_id"

    def get_queryset(self):
        user = self.request.user
        offers = (Offer.objects.filter(run__status=MatchRunStatus.PUBLISHED)
                  .select_related("call", "team__institute", "application__call").order_by("call", "team", "rank", "id"))
        if is_applicant(user):
            return offers.filter(application__applicant=user).exclude(status=OfferStatus.PENDING)
        if is_ministry_staff(user):
            return offers
        if is_institute_staff(user):
            return offers.filter(team__institute_id=user.institute_id)
        return offers.none()
