from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from innocore.models import AuditEntry, Call, CallTeamQuota, EmailMessage, Institute, ResearchTeam, User
from innocore.models.call import team_quota_problem
from innocore.services.calls import call_team_quotas_replace


class ResearchTeamInline(admin.TabularInline):
    model = ResearchTeam
    extra = 0
    fields = ["code", "name_en", "name_ko", "keywords", "keywords_ko", "is_demo"]


@admin.register(Institute)
class InstituteAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ko", "city", "is_demo"]
    search_fields = ["code", "name_en", "name_ko"]
    inlines = [ResearchTeamInline]


@admin.register(ResearchTeam)
class ResearchTeamAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ko", "institute", "is_demo"]
    list_filter = ["institute", "is_demo"]
    list_select_related = ["institute"]
    search_fields = ["code", "name_en", "name_ko", "keywords"]


class TeamQuotaFormSet(BaseInlineFormSet):
    """Checks the sum of the team quotas against the call's quota before saving."""

    def clean(self) -> None:
        super().clean()
        total_quota = self.instance.total_quota or 0
        allocated = 0
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            allocated += form.cleaned_data.get("quota") or 0
        problem = team_quota_problem(total_quota=total_quota, allocated=allocated)
        if problem:
            raise ValidationError(problem)


class IdCheckingAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget looks the chosen ids up to show them again: an id that is not a
    number (a tampered form sent back with its errors) raised ValueError there, a 500. It shows none."""

    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field.model._meta.get_field(self.field.remote_field.field_name)
        return super().optgroups(name, [v for v in value if _is_valid(target, v)], attr)


def _is_valid(field, value) -> bool:
    try:
        field.get_prep_value(field.to_python(value))
    except (ValidationError, ValueError, TypeError):
        return False
    return True


class CallTeamQuotaInline(admin.TabularInline):
    model = CallTeamQuota
    formset = TeamQuotaFormSet
    extra = 0
    autocomplete_fields = ["team"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault("widget", IdCheckingAutocompleteSelect(db_field, self.admin_site,
                                                                     using=kwargs.get("using")))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["code", "title_en", "opens_at", "closes_at", "total_quota", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["code", "title_en", "title_ko"]
    inlines = [CallTeamQuotaInline]
    fieldsets = [
        (None, {"fields": ["code", "title_en", "title_ko", "description_en", "description_ko", "is_demo"]}),
        (_("Dates"), {"fields": ["opens_at", "closes_at", "appointment_starts_on", "contract_years"]}),
        (_("Quota and money"), {"fields": ["total_quota", "salary_krw", "research_funding_krw", "budget_krw"]}),
        (_("Application form"), {"fields": ["asks_date_of_birth", "document_max_mb"]}),
        (_("Retention"), {"fields": ["retention_days_unsuccessful"]}),
    ]

    def save_formset(self, request, form, formset, change):
        if formset.model is not CallTeamQuota:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        # A row whose team was changed takes the old team off the call.
        previous_team = dict(CallTeamQuota.objects.filter(call=form.instance).values_list("pk", "team_id"))
        moved = [previous_team[obj.pk] for obj in instances if obj.pk and previous_team.get(obj.pk) != obj.team_id]
        call_team_quotas_replace(
            call=form.instance, quotas={obj.team_id: obj.quota or 0 for obj in instances},
            remove=[previous_team.get(obj.pk, obj.team_id) for obj in formset.deleted_objects] + moved,
        )


@admin.register(EmailMessage)
class EmailMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["recipient", "subject", "topic"]
    readonly_fields = [f.name for f in EmailMessage._meta.fields]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "institute", "is_staff", "is_demo"]
    list_filter = ["role", "institute", "is_staff", "is_superuser", "is_active", "is_demo"]
    list_select_related = ["institute"]
    search_fields = ["email", "first_name", "last_name", "orcid"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "orcid", "timezone"]}),
        (_("Role"), {"fields": ["role", "institute", "is_active", "is_staff", "is_superuser", "groups",
                                "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
        (_("Demo"), {"fields": ["is_demo"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "role", "institute", "password1", "password2"]}),
    ]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail, read-only: nobody adds, changes or deletes a row (the database refuses it too).

    Shown to whoever may read the trail (innocore.view_audit_trail: ministry staff), whatever their model permissions.
    """
    list_display = ["at", "actor_label", "actor_role", "action", "target_type", "target_label", "call_code",
                    "ip_address"]
    list_filter = ["action", "at", "actor_role"]
    search_fields = ["actor_label", "target_label", "call_code"]
    date_hierarchy = "at"
    readonly_fields = [field.name for field in AuditEntry._meta.fields]
    show_full_result_count = False  # a COUNT(*) of the whole trail on every page is slow once it is large

    def _may_read(self, request) -> bool:
        return request.user.has_perm("innocore.view_audit_trail")

    def has_module_permission(self, request):
        return self._may_read(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._may_read(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
