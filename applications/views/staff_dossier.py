"""Staff: an application's whole dossier, read-only, with its documents and referee letters.

Each page and each file served leaves an audit row (applications/services/dossier_access.py).
Anyone without the permission gets 404, as for an unknown id: ids reveal nothing.
Files are served under names the portal makes, never the uploader's, and never cached.
"""
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from applications.models import Application
from applications.selectors.staff_dossier import (
    application_status_history, application_verdict, numbered_referees, staff_application, staff_dossier,
)
from applications.selectors.status import application_timeline
from applications.services.dossier_access import dossier_view_record
from applications.views.private_files import document_response, letter_response
from innocore.models import User


def _allowed(user: User, application: Application | None, *perms: str) -> Application:
    if application is None or not all(user.has_perm(perm, application) for perm in perms):
        raise Http404
    return application


@never_cache
@require_safe
@login_required
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    application = _allowed(request.user, staff_dossier(pk=pk), "applications.view_dossier")
    dossier_view_record(application=application, by=request.user)
    verdict = application_verdict(application=application)
    return render(request, "applications/staff/dossier.html", {
        "application": application, "call": application.call,
        "teams": sorted(application.team_preferences.all(), key=lambda p: p.rank),
        "referees": numbered_referees(application=application),
        "verdict": verdict,
        "history": application_status_history(application=application),
        "timeline": application_timeline(application=application),
        "can_view_documents": request.user.has_perm("applications.view_documents", application),
        "can_view_letters": request.user.has_perm("applications.view_letters", application),
    })


@never_cache
@require_safe
@login_required
def document(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    application = _allowed(request.user, staff_application(pk=pk), "applications.view_dossier",
                           "applications.view_documents")
    return document_response(request, application=application, document_pk=document_pk)


@never_cache
@require_safe
@login_required
def letter(request: HttpRequest, pk: int, referee_pk: int) -> FileResponse:
    application = _allowed(request.user, staff_application(pk=pk), "applications.view_dossier",
                           "applications.view_letters")
    return letter_response(request, application=application, referee_pk=referee_pk)
