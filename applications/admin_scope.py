"""The admin of applicant data follows the portal's rules, not only Django's model permissions.

Model permissions say which tables an account may open; the rules say whose data:
programme staff only (``innocore.view_staff_pages``, or a stricter rule such as the
ministry's ``selection.manage_assignment``), ministry staff and superusers
everything, institute staff their institute's applications, even with ``is_staff``
and every model permission. An application outside that scope answers 404, as the
staff pages do. Every changelist page showing applicants records one audit row
naming them (``list.view``), with the search and filters it was asked for;
so does the change page of a row that hangs off an application (the application's own
change page records a dossier view instead).
"""
from django.db.models import Model
from django.http import Http404

from applications.models import Application
from applications.permissions import applications_visible_to_staff
from applications.services.dossier_access import applicant_list_view_record
from innocore.permissions import is_ministry_staff


class ApplicantDataAdminMixin:
    """For a ModelAdmin whose rows are applications (``application_path = ""``) or hang off one (its field)."""

    application_path = ""
    staff_perm = "innocore.view_staff_pages"

    def _may(self, request) -> bool:
        return request.user.has_perm(self.staff_perm)

    def _application_of(self, obj: Model) -> Application:
        return getattr(obj, self.application_path) if self.application_path else obj

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not self.application_path:
            return applications_visible_to_staff(user=request.user, queryset=queryset)
        if is_ministry_staff(request.user):
            return queryset
        visible = applications_visible_to_staff(user=request.user).values("pk")
        return queryset.filter(**{f"{self.application_path}__in": visible})

    def get_object(self, request, object_id, from_field=None):
        """Unknown and out of scope alike: 404 (the admin would otherwise redirect and say it does not exist)."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def has_module_permission(self, request):
        return self._may(request) and super().has_module_permission(request)

    def has_add_permission(self, request):
        return self._may(request) and super().has_add_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._may(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request) and super().has_delete_permission(request, obj)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            # The page's own rows (evaluated once here, then rendered from the same cache): no query per row.
            self._record(request, [self._application_of(obj) for obj in changelist.result_list])
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.application_path:
            self._record(request, [self._application_of(obj)])
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def _record(self, request, applications: list[Application]) -> None:
        applicant_list_view_record(
            by=request.user, page=request.resolver_match.view_name, query=request.GET.urlencode(),
            references=[a.reference for a in applications], call_codes=[a.call.code for a in applications],
        )
