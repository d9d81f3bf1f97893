"""The audit trail for ministry staff: search, filter, page through and export it.

Looking at the trail is not itself recorded: the rows name other people's actions, not
applicants' personal data, and recording each look would fill the trail with itself.
Exporting it is: the file leaves the portal with staff emails, addresses and reasons.
"""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from innocore.models import AuditAction, UserRole
from innocore.permissions import require_perm
from innocore.selectors.audit import audit_csv_lines, audit_filter
from innocore.services.audit import audit_record

PAGE_SIZE = 50


@never_cache
@require_GET
@login_required
def audit_trail(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "innocore.view_audit_trail")
    filters = audit_filter(params=request.GET)
    if not filters.is_valid():
        return render(request, "innocore/audit.html", {"filter": filters, "page": None}, status=400)
    if request.GET.get("format") == "csv":
        audit_record(by=request.user, action=AuditAction.DATA_EXPORT, label="audit trail (CSV)",
                     data={"filters": {key: value for key, value in request.GET.items() if key != "format"}})
        response = StreamingHttpResponse(audit_csv_lines(entries=filters.qs), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="innocore-audit-{stamp}.csv"'
        return response
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "innocore/audit.html", {"filter": filters, "page": page, "roles": UserRole.choices})
