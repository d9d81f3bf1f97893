"""Every API answer that shows staff or a reviewer an applicant's data leaves an audit row, as a page does.

A list (or one row of it) is recorded like a list page (``applicant_list_view_record``: one row naming
the references shown); applicants reading their own data are not recorded, as on their pages.
"""
from collections.abc import Iterable

from rest_framework.response import Response

from applications.models import Application
from applications.services.dossier_access import applicant_list_view_record
from innocore.permissions import is_applicant


def api_list_view_record(request, applications: Iterable[Application]) -> None:
    """``request.user`` was sent these applications (their ``call`` fetched); nothing for an applicant."""
    if is_applicant(request.user):
        return
    applications = list(applications)
    applicant_list_view_record(
        by=request.user, page=request.resolver_match.view_name, query=request.GET.urlencode(),
        references=[a.reference for a in applications], call_codes=[a.call.code for a in applications],
    )


class AuditedReadMixin:
    """List and retrieve of a read-only viewset, each recorded; ``audited_application`` names a row's application."""

    def audited_application(self, obj) -> Application:
        return obj.application

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        api_list_view_record(request, (self.audited_application(obj) for obj in page))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        self.record_retrieve(request, obj)
        return Response(self.get_serializer(obj).data)

    def record_retrieve(self, request, obj) -> None:
        api_list_view_record(request, [self.audited_application(obj)])
