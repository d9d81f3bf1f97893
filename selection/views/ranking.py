"""Staff: a call's calibrated ranking (whole call or one team), read-only; the look is in the audit trail."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from applications.services.dossier_access import applicant_list_view_record
from innocore.models import CallTeamQuota
from innocore.permissions import staff_call_or_404
from selection.ranking import RankingInputError
from selection.selectors.ranking import call_ranking
from selection.services.ranking import ranking_refresh_queue, ranking_seed_record

# Ranks decide funding: the whole call is the ministry's; a team's ranking also its institute's staff.
PERM = "selection.view_ranking"
# Drawing of the interval bar (an inline SVG: the CSP forbids style attributes, not SVG attributes).
BAR_WIDTH = 200
# Rows per page: a whole call is over a thousand rows (a 0.9 MB page); the funding line has a link of its own.
ROWS_PER_PAGE = 100


def _bar(row, size: int, quota: int) -> dict:
    """SVG coordinates: rank r occupies [(r-1)/size, r/size] of the width."""
    unit = BAR_WIDTH / max(size, 1)
    return {
        "x": round((row.lower - 1) * unit, 2), "width": round(max((row.upper - row.lower + 1) * unit, 1), 2),
        "mark": round((row.expected_rank - 0.5) * unit, 2),
        "line": round(quota * unit, 2) if 0 < quota < size else None,
    }


@require_safe
@login_required
def ranking(request: HttpRequest, code: str) -> HttpResponse:
    """The whole call (ministry staff), or one team (``?team=CODE``: also that team's institute staff; a team
    the call does not have, or another institute's, answers 404).

    The ranking is read from the cache when it was computed from the reviews as they are; otherwise a worker is
    asked to compute it and the page shows the latest one, marked as being updated, and reloads itself."""
    call = staff_call_or_404(user=request.user, code=code)
    team_code = request.GET.get("team", "").strip()[:32]
    if team_code:
        quota = CallTeamQuota.objects.filter(call=call, team__code=team_code).select_related("team").first()
        if quota is None or not request.user.has_perm(PERM, quota.team):
            raise Http404
    elif not request.user.has_perm(PERM):
        raise PermissionDenied
    seed = ranking_seed_record(call=call)
    try:
        result = call_ranking(call=call, team_code=team_code or None, seed=seed, compute=False)
        if not result.current:  # a worker computes it (NumPy and SciPy stay out of the web process)
            ranking_refresh_queue(call=call, team_code=team_code)
    except CallTeamQuota.DoesNotExist:
        raise Http404 from None
    except RankingInputError as exc:
        return render(request, "selection/ranking.html", {"call": call, "error": str(exc)}, status=409)
    query = request.GET.get("q", "").strip()[:100]
    shown = _matching(result.rows, query)
    page = Paginator(shown, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    last_page = page.number == page.paginator.num_pages
    unranked = [application for application in result.unranked if _matches(application, query)] if last_page else []
    applicant_list_view_record(
        by=request.user, page=request.resolver_match.view_name, call_codes=[call.code],
        references=[row.application.reference for row in page.object_list]
        + [application.reference for application in unranked],
        query=request.GET.urlencode(),
    )
    return render(request, "selection/ranking.html", {
        "call": call, "ranking": result, "page": page, "query": query, "unranked": unranked,
        "rows": [(row, _bar(row, len(result.rows), result.quota)) for row in page.object_list],
        "line_page": _line_page(shown, result.quota) if not query else None, "bar_width": BAR_WIDTH,
        "whole_call": request.user.has_perm(PERM),
        "team_links": [quota for quota in result.teams if request.user.has_perm(PERM, quota.team)],
    })


def _matches(application, query: str) -> bool:
    folded = query.casefold()
    return not folded or folded in application.reference.casefold() or folded in application.full_name.casefold()


def _matching(rows: list, query: str) -> list:
    """The rows whose application's reference or name contains ``query`` (all rows without one)."""
    return [row for row in rows if _matches(row.application, query)] if query else rows


def _line_page(rows: list, quota: int) -> int | None:
    """The page holding the last funded position (where the funding line is drawn), if the ranking reaches it."""
    if not 0 < quota <= len(rows):
        return None
    return (quota - 1) // ROWS_PER_PAGE + 1
