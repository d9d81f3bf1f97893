"""Admin of applications: a window on the dossier, not a way around the rules.

The status is never editable here (only applications/services/status.py changes it);
once an application is submitted every field is frozen and it cannot be deleted;
applications are started by applicants, not added here. Opening an application
records a dossier view in the audit trail, as the staff pages do.
"""
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from applications.admin_eligibility import recheck_eligibility
from applications.admin_inlines import (
    CareerBreakInline, DocumentInline, PublicationInline, RefereeInline, TeamPreferenceInline,
)
from applications.admin_scope import ApplicantDataAdminMixin
from applications.models import Application
from applications.services.dossier_access import VIA_ADMIN, dossier_view_record

# Set by the portal itself, whatever the state of the application.
PORTAL_MANAGED_FIELDS = [
    "reference", "call", "applicant", "status", "version", "submitted_at", "submitted_sha256", "withdrawn_at",
    "created_at", "updated_at",
]
SECTION_FIELDSETS = [
    (_("Personal details"), ["given_name", "family_name", "nationality", "country_of_residence", "date_of_birth"]),
    (_("PhD"), ["phd_institution", "phd_country", "phd_status", "phd_date", "phd_advisor"]),
    (_("Current position"), ["current_position", "current_institution"]),
    (_("Research"), ["research_field", "keywords", "research_summary", "research_plan"]),
    (_("How they heard of us"), ["heard_via", "heard_via_other"]),
    (_("Consents"), ["consent_collection_at", "consent_overseas_transfer_at"]),
]


@admin.register(Application)
class ApplicationAdmin(ApplicantDataAdminMixin, admin.ModelAdmin):
    list_display = ["reference", "full_name", "call", "status", "nationality_name", "residence_name", "submitted_at"]
    list_filter = ["call", "status", "is_demo"]
    list_select_related = ["call", "applicant"]
    search_fields = ["reference", "given_name", "family_name", "applicant__email"]
    inlines = [TeamPreferenceInline, PublicationInline, CareerBreakInline, DocumentInline, RefereeInline]
    actions = [recheck_eligibility]
    fieldsets = [
        (None, {"fields": ["reference", "call", "applicant", "status", "version", "is_demo", "staff_dossier"]}),
        *[(title, {"fields": fields}) for title, fields in SECTION_FIELDSETS],
        (_("Submission"), {"fields": ["submitted_at", "submitted_sha256", "withdrawn_at", "created_at",
                                      "updated_at"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.was_submitted:
            return [field.name for field in Application._meta.fields if field.name != "id"] + ["staff_dossier"]
        return [*PORTAL_MANAGED_FIELDS, "staff_dossier"]

    # The countries as names from each row's own value: the admin's default display of a field with choices
    # builds the list of every country, translated and sorted, once per row (0.3 s for a page of 100).
    @admin.display(description=Application._meta.get_field("nationality").verbose_name, ordering="nationality")
    def nationality_name(self, application: Application) -> str:
        return application.nationality.name

    @admin.display(description=Application._meta.get_field("country_of_residence").verbose_name,
                   ordering="country_of_residence")
    def residence_name(self, application: Application) -> str:
        return application.country_of_residence.name

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.was_submitted:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.was_submitted:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # Bulk deletion would skip the per-application check above.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        obj.version += 1  # an edit in the admin is an edit: a browser tab open on the old version must notice
        super().save_model(request, obj, form, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            dossier_view_record(application=obj, by=request.user, via=VIA_ADMIN)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    @admin.display(description=_("dossier"))
    def staff_dossier(self, obj: Application) -> str:
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("applications_staff:dossier", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open the staff dossier, with its documents and letters"))
