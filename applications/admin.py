from django.contrib import admin

from applications.admin_eligibility import CareerBreakInline, recheck_eligibility
from applications.models import Application


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["reference", "full_name", "call", "status", "nationality", "country_of_residence", "submitted_at"]
    list_filter = ["call", "status", "is_demo"]
    list_select_related = ["call", "applicant"]
    search_fields = ["reference", "given_name", "family_name", "applicant__email"]
    readonly_fields = ["reference", "version", "created_at", "updated_at", "submitted_at"]
    raw_id_fields = ["applicant"]
    inlines = [CareerBreakInline]
    actions = [recheck_eligibility]
