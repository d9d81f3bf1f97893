from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from applications.admin_scope import ApplicantDataAdminMixin
from selection.models import (
    Assignment, AssignmentRun, CallReviewSetup, ConflictOfInterest, ConflictOfInterestSource, Offer, ReviewerInvitation,
    ReviewerProfile, Review, ReviewSettings, RubricCriterion,
)
from selection.selectors.assignment import APPLICATION_LARGE_FIELDS, RUN_LARGE_FIELDS
from selection.services.conflicts_of_interest import conflict_of_interest_add
from selection.services.reviews import rubric_default_create, rubric_weights_check


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "institution", "max_load", "is_available", "profile_completed_at"]
    list_filter = ["team", "is_available", "is_demo"]
    list_select_related = ["user", "team"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "institution", "expertise"]
    raw_id_fields = ["user"]


@admin.register(ReviewerInvitation)
class ReviewerInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "call", "invited_by", "created_at", "accepted_at"]
    list_select_related = ["call", "invited_by"]
    readonly_fields = ["email", "user", "call", "invited_by", "created_at", "accepted_at"]
    exclude = ["token_nonce"]

    def has_add_permission(self, request) -> bool:
        return False  # staff invite through the invitation page, which sends the email


class ConflictOfInterestAdminForm(forms.ModelForm):
    class Meta:
        model = ConflictOfInterest
        fields = ["application", "reviewer", "detail"]

    def clean_detail(self) -> str:
        detail = self.cleaned_data.get("detail", "").strip()
        if not detail:
            raise forms.ValidationError(_("Say what the conflict is, so that others can see why."))
        return detail


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(ApplicantDataAdminMixin, admin.ModelAdmin):
    """Staff enter conflicts here; the source is always "entered by staff" and the service
    removes the pair's unstarted assignments. The ministry's, as the conflicts page is."""

    application_path = "application"
    staff_perm = "selection.manage_assignment"

    list_display = ["application", "reviewer", "source", "detail", "created_by", "created_at"]
    list_filter = ["source", "application__call"]
    list_select_related = ["application__call", "reviewer__user", "created_by"]
    search_fields = ["application__reference", "reviewer__user__email", "reviewer__user__last_name"]
    raw_id_fields = ["application", "reviewer"]
    form = ConflictOfInterestAdminForm

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.source != ConflictOfInterestSource.ENTERED_BY_STAFF:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        saved = conflict_of_interest_add(
            application=obj.application, reviewer=obj.reviewer, detail=obj.detail, by=request.user
        )
        obj.pk = saved.pk


@admin.register(AssignmentRun)
class AssignmentRunAdmin(admin.ModelAdmin):
    list_display = ["id", "call", "status", "progress", "k", "objective", "seconds", "created_at"]
    list_filter = ["call", "status"]
    list_select_related = ["call"]
    readonly_fields = [f.name for f in AssignmentRun._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Assignment)
class AssignmentAdmin(ApplicantDataAdminMixin, admin.ModelAdmin):
    application_path = "application"
    staff_perm = "selection.manage_assignment"
    list_display = ["run", "application", "reviewer", "source", "affinity", "review_started_at"]
    list_filter = ["run__status", "source", "run__call"]
    list_select_related = ["run__call", "application__call", "reviewer__user"]
    raw_id_fields = ["run", "application", "reviewer"]
    readonly_fields = ["run", "application", "reviewer", "source", "affinity", "created_by", "created_at"]

    def get_queryset(self, request):
        """Each row joins its run and application: without their long fields (a run's lists of uncovered
        applications and notes, decoded per row, made a page of 100 take 1.75 s)."""
        return super().get_queryset(request).defer(
            *(f"run__{name}" for name in RUN_LARGE_FIELDS), *(f"application__{name}" for name in APPLICATION_LARGE_FIELDS)
        )

    def has_add_permission(self, request) -> bool:
        return False  # by hand only through the call's assignment page, which checks conflicts and loads


class RubricFormSet(forms.BaseInlineFormSet):
    """The criteria of one call, checked together: distinct keys, weights summing to 100, anchors on the scale."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [f.cleaned_data for f in self.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        try:
            rubric_weights_check(weights=[row["weight"] for row in kept])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        keys = [row["key"] for row in kept]
        if len(keys) != len(set(keys)):
            raise forms.ValidationError(_("Each criterion of a call needs its own key."))


class RubricCriterionForm(forms.ModelForm):
    class Meta:
        model = RubricCriterion
        fields = ["position", "key", "label_en", "label_ko", "description_en", "description_ko", "weight",
                  "scale_low", "scale_high", "anchors"]

    def clean(self) -> dict:
        data = super().clean()
        low, high, anchors = data.get("scale_low"), data.get("scale_high"), data.get("anchors")
        if low is not None and high is not None and low >= high:
            self.add_error("scale_high", _("The highest score must be above the lowest."))
        elif anchors is not None:
            valid = isinstance(anchors, list) and all(
                isinstance(a, dict) and isinstance(a.get("score"), int) and low <= a["score"] <= high
                and isinstance(a.get("en", ""), str) and isinstance(a.get("ko", ""), str) for a in anchors
            )
            if not valid:
                self.add_error("anchors", _('Give a list of {"score": n, "en": "...", "ko": "..."}, each score on '
                                            "the scale."))
        return data


class RubricCriterionInline(admin.StackedInline):
    model = RubricCriterion
    form = RubricCriterionForm
    formset = RubricFormSet
    extra = 0


class ReviewSettingsInline(admin.StackedInline):
    model = ReviewSettings
    can_delete = False
    max_num = 1
    readonly_fields = ["ranking_seed"]  # drawn once by the ranking page, never edited


@admin.register(CallReviewSetup)
class CallReviewSetupAdmin(admin.ModelAdmin):
    """Per call: blind review, visibility of other reviews, the deadline and the rubric (weights sum to 100).
    A call without a rubric gets the default one when this page is first opened."""

    list_display = ["code", "title_en"]
    fields = ["code", "title_en"]
    readonly_fields = ["code", "title_en"]
    inlines = [ReviewSettingsInline, RubricCriterionInline]

    def has_add_permission(self, request) -> bool:
        return False  # calls are created on the call's own admin page

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "GET":
            rubric_default_create(call=obj)
        return obj


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Read-only: reviews are written by reviewers; staff re-open one on the review's staff page."""

    list_display = ["application", "reviewer", "status", "recommendation", "confidence", "submitted_at"]
    list_filter = ["status", "application__call"]
    list_select_related = ["application", "reviewer__user"]
    readonly_fields = [f.name for f in Review._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Offer)
class OfferAdmin(ApplicantDataAdminMixin, admin.ModelAdmin):
    """Read-only: an offer's status moves only through the services (the applicant's answer, a lapse, the
    vacancy chain), which keep the application's status, the quota and the audit trail in step. The ministry's,
    as the decision pages are: the rule is enough, no model permission needed."""

    application_path = "application"
    staff_perm = "selection.decide"
    list_display = ["application", "team", "status", "rank", "choice", "sent_at", "respond_by", "responded_at"]
    list_filter = ["call", "team", "status"]
    list_select_related = ["application__call", "team", "call"]
    search_fields = ["application__reference"]
    readonly_fields = [f.name for f in Offer._meta.fields]

    def has_module_permission(self, request) -> bool:
        return self._may(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._may(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
