from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from applications.admin_scope import ApplicantDataAdminMixin
from selection.models import Assignment, AssignmentRun, Conflict, ConflictSource, ReviewerInvitation, ReviewerProfile
from selection.services.conflicts import conflict_add


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


class ConflictAdminForm(forms.ModelForm):
    class Meta:
        model = Conflict
        fields = ["application", "reviewer", "detail"]

    def clean_detail(self) -> str:
        detail = self.cleaned_data.get("detail", "").strip()
        if not detail:
            raise forms.ValidationError(_("Say what the conflict is, so that others can see why."))
        return detail


@admin.register(Conflict)
class ConflictAdmin(ApplicantDataAdminMixin, admin.ModelAdmin):
    """Staff enter conflicts here; the source is always "entered by staff" and the service
    removes the pair's unstarted assignments. The ministry's, as the conflicts page is."""

    application_path = "application"
    staff_perm = "selection.manage_assignment"

    list_display = ["application", "reviewer", "source", "detail", "created_by", "created_at"]
    list_filter = ["source", "application__call"]
    list_select_related = ["application__call", "reviewer__user", "created_by"]
    search_fields = ["application__reference", "reviewer__user__email", "reviewer__user__last_name"]
    raw_id_fields = ["application", "reviewer"]
    form = ConflictAdminForm

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.source != ConflictSource.ENTERED_BY_STAFF:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        saved = conflict_add(application=obj.application, reviewer=obj.reviewer, detail=obj.detail, by=request.user)
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
    list_display = ["run", "application", "reviewer", "source", "state", "affinity", "review_started_at"]
    list_filter = ["state", "source", "run__call"]
    list_select_related = ["run__call", "application__call", "reviewer__user"]
    raw_id_fields = ["run", "application", "reviewer"]
    readonly_fields = ["run", "application", "reviewer", "source", "state", "affinity", "created_by", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False  # by hand only through the call's assignment page, which checks conflicts and loads
