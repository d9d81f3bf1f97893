"""The staff overview: the dashboard of one call (filters by institute and team), the list of calls with
their staff pages, and the dashboard's exports (CSV, Excel, PDF briefing), each recorded in the audit trail."""
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from innocore.models import AuditAction, Call
from innocore.permissions import require_perm
from innocore.services.audit import audit_record
from selection.dashboard_exports import (
    dashboard_briefing_pdf, dashboard_csv_lines, dashboard_xlsx_bytes, stage_labels,
)
from selection.forms import DashboardFilterForm
from selection.selectors.dashboard import STAGES, dashboard_figures

REFRESH_SECONDS = 60


def _call(request: HttpRequest) -> Call | None:
    """The call of ``?call=CODE`` (404 if unknown), else the latest."""
    code = request.GET.get("call", "").strip()
    if code:
        return get_object_or_404(Call, code=code)
    return Call.objects.order_by("-opens_at", "-pk").first()


@never_cache
@require_GET
@login_required
def staff_overview(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "innocore.view_staff_pages")
    call = _call(request)
    calls = Call.objects.order_by("-opens_at", "-pk").only("code", "title_en", "title_ko", "opens_at", "closes_at")
    context = {"calls": calls, "call": call, "dashboard": None}
    if call is None:
        return render(request, "selection/overview.html", context)
    filters = DashboardFilterForm(request.GET, user=request.user, call=call)
    context["filters"] = filters
    if not filters.is_valid():
        return render(request, "selection/overview.html", context, status=400)
    dashboard = dashboard_figures(call=call, **filters.scope())
    labels = stage_labels()
    context.update(
        dashboard=dashboard, funnel=[(stage, labels[stage], dashboard.funnel[stage]) for stage in STAGES],
        refresh_seconds=REFRESH_SECONDS if call.is_open else 0, export_query=request.GET.urlencode(),
    )
    return render(request, "selection/overview.html", context)


EXPORTS = {
    "csv": ("text/csv; charset=utf-8", "csv", "CSV"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel"),
    "pdf": ("application/pdf", "pdf", "PDF"),
}


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    require_perm(request.user, "innocore.view_staff_pages")
    call = _call(request)
    if call is None:
        return HttpResponseBadRequest(_("There is no call to export yet."))
    filters = DashboardFilterForm(request.GET, user=request.user, call=call)
    if not filters.is_valid():
        return HttpResponseBadRequest(" ".join(str(m) for messages in filters.errors.values() for m in messages))
    dashboard = dashboard_figures(call=call, **filters.scope())
    scope = dashboard.team or dashboard.institute
    content_type, extension, label = EXPORTS[kind]
    audit_record(by=request.user, action=AuditAction.DATA_EXPORT, label=f"dashboard {call.code} ({label})",
                 call_code=call.code, data={"format": kind, "institute": getattr(dashboard.institute, "code", ""),
                                            "team": getattr(dashboard.team, "code", "")})
    if kind == "csv":
        content = "".join(dashboard_csv_lines(dashboard=dashboard)).encode("utf-8-sig")  # Excel reads UTF-8 by BOM
    elif kind == "xlsx":
        content = dashboard_xlsx_bytes(dashboard=dashboard)
    else:
        content = dashboard_briefing_pdf(dashboard=dashboard)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"innocore-dashboard-{call.code}{'-' + scope.code if scope else ''}-{stamp}.{extension}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_ascii(name)}"'
    return response


def _ascii(name: str) -> str:
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in name)


@never_cache
@require_GET
@login_required
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@never_cache
@require_GET
@login_required
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


@never_cache
@require_GET
@login_required
def dashboard_pdf(request: HttpRequest) -> HttpResponse:
    return _export(request, "pdf")
