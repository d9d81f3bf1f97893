from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from innocore.permissions import require_perm
from selection.selectors.overview import call_overviews


@login_required
def staff_overview(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "innocore.view_staff_pages")
    return render(request, "selection/overview.html", {"overviews": call_overviews(user=request.user)})
