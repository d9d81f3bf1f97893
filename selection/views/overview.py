from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from innocore.permissions import is_programme_staff
from selection.selectors.overview import call_overviews


@login_required
def staff_overview(request: HttpRequest) -> HttpResponse:
    if not is_programme_staff(request.user):
        raise PermissionDenied
    return render(request, "selection/overview.html", {"overviews": call_overviews()})
