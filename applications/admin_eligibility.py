"""Admin for eligibility: rules per call (validated by the engine), verdicts with overrides, re-checks."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applications.admin_scope import ApplicantDataAdminMixin
from applications.eligibility import REGISTRY, validate_rule_messages, validate_rule_params
from applications.models import (
    EligibilityOverride, EligibilityRule, EligibilityRun, EligibilityVerdict, VerdictOutcome,
)
from applications.services.eligibility import applications_eligibility_recheck, eligibility_override


class EligibilityRuleForm(forms.ModelForm):
    class Meta:
        model = EligibilityRule
        fields = ["call", "code", "position", "enabled", "params", "message_en", "message_ko"]

    def clean(self):
        data = super().clean()
        code = data.get("code")
        if code not in REGISTRY:
            return data  # the choice field has already said so
        if "params" in data:
            params = data["params"] if data["params"] is not None else {}
            data["params"] = params
            for error in validate_rule_params(code=code, params=params):
                self.add_error("params", error)
        for field in ("message_en", "message_ko"):
            messages = {"message_en": None, "message_ko": None, field: data.get(field)}
            for error in validate_rule_messages(code=code, **messages):
                self.add_error(field, error)
        return data


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(admin.ModelAdmin):
    form = EligibilityRuleForm
    list_display = ["call", "position", "code", "enabled", "params"]
    list_display_links = ["code"]
    list_filter = ["call", "code", "enabled"]
    list_select_related = ["call"]
    ordering = ["call", "position", "id"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        defaults = "; ".join(
            f"{d.code}: {dict(d.default_params)} (placeholders: {', '.join(sorted(d.placeholders)) or 'none'})"
            for d in REGISTRY.values()
        )
        form.base_fields["params"].help_text = (
            _("A JSON object; missing parameters keep their defaults. Defaults: %s") % defaults
        )
        return form


class EligibilityOverrideInline(admin.TabularInline):
    model = EligibilityOverride
    extra = 0
    can_delete = False
    fields = ["at", "by", "from_outcome", "to_outcome", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class VerdictOverrideForm(forms.ModelForm):
    new_outcome = forms.ChoiceField(
        label=_("Override the outcome"), required=False, choices=[("", _("(keep)"))] + VerdictOutcome.choices
    )
    reason = forms.CharField(label=_("Reason (logged)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = EligibilityVerdict
        fields: list[str] = []

    def clean(self):
        data = super().clean()
        if data.get("new_outcome") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Write the reason for the override; it is logged."))
        return data


class EffectiveOutcomeFilter(admin.SimpleListFilter):
    title = _("outcome after overrides")
    parameter_name = "effective"

    def lookups(self, request, model_admin):
        return VerdictOutcome.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.with_effective_outcome().filter(effective=self.value())
        return queryset


@admin.register(EligibilityVerdict)
class EligibilityVerdictAdmin(ApplicantDataAdminMixin, admin.ModelAdmin):
    form = VerdictOverrideForm
    application_path = "application"
    list_display = ["application", "outcome", "staff_override", "checked_at"]
    list_filter = ["outcome", EffectiveOutcomeFilter, "application__call"]
    list_select_related = ["application", "application__applicant", "application__call"]
    search_fields = ["application__reference", "application__family_name", "application__given_name"]
    readonly_fields = ["application", "outcome", "rendered_lines", "checked_at", "task_id", "staff_override"]
    fieldsets = [
        (None, {"fields": ["application", "outcome", "rendered_lines", "checked_at", "task_id"]}),
        (_("Staff override"), {"fields": ["staff_override", "new_outcome", "reason"]}),
    ]
    inlines = [EligibilityOverrideInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("overrides")

    @admin.display(description=_("outcome set by staff"))
    def staff_override(self, obj):
        latest = obj.latest_override
        return latest.get_to_outcome_display() if latest else "—"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the record of a check; a re-check replaces it

    @admin.display(description=_("lines"))
    def rendered_lines(self, obj):
        return format_html("<table>{}</table>", format_html_join(
            "", "<tr><td>{}</td><td><strong>{}</strong></td><td>{}<br><span lang='ko'>{}</span>{}</td></tr>",
            ((line["code"], line["outcome"], line["message_en"], line["message_ko"],
              format_html("<br><em>{}</em>", "; ".join(line["notes"])) if line.get("notes") else "")
             for line in obj.lines),
        ))

    def save_model(self, request, obj, form, change):
        outcome = form.cleaned_data.get("new_outcome")
        if outcome:
            eligibility_override(verdict=obj, outcome=outcome, reason=form.cleaned_data["reason"], by=request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ValidationError, PermissionDenied) as error:  # raced or not allowed: say so, never a 500
            self.message_user(request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
            return HttpResponseRedirect(request.path)


@admin.register(EligibilityRun)
class EligibilityRunAdmin(admin.ModelAdmin):
    list_display = ["call", "created_at", "status", "done", "failed", "total", "requested_by", "finished_at"]
    list_filter = ["call", "status"]
    list_select_related = ["call", "requested_by"]
    readonly_fields = ["call", "requested_by", "status", "total", "done", "failed", "chunks", "completed_chunks",
                       "created_at", "started_at", "finished_at"]

    def has_add_permission(self, request):
        return False


@admin.action(description=_("Re-check eligibility"))
def recheck_eligibility(modeladmin, request, queryset):
    count = applications_eligibility_recheck(application_ids=list(queryset.values_list("pk", flat=True)),
                                             by=request.user)
    modeladmin.message_user(request, ngettext(
        "Eligibility check queued for %(count)d application.",
        "Eligibility checks queued for %(count)d applications.", count) % {"count": count})
