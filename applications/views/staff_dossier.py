"""Staff: an application's whole dossier, read-only, with its documents and referee letters.

Each page and each file served leaves an audit row (applications/services/dossier_access.py).
Anyone without the permission gets 404, as for an unknown id: ids reveal nothing.
Files are served under names the portal makes, never the uploader's, and never cached.
"""
import logging

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from applications.documents.naming import download_name, letter_download_name
from applications.models import Application
from applications.selectors.staff_dossier import (
    application_document, application_letter, application_status_history, application_verdict, numbered_referees,
    staff_application, staff_dossier,
)
from applications.selectors.status import application_timeline
from applications.services.documents import document_open
from applications.services.dossier_access import (
    document_view_record, dossier_view_record, letter_open, letter_view_record,
)
from innocore.models import User

logger = logging.getLogger(__name__)


def _allowed(user: User, application: Application | None, *perms: str) -> Application:
    if application is None or not all(user.has_perm(perm, application) for perm in perms):
        raise Http404
    return application


def _private_pdf(file, *, filename: str, download: bool) -> FileResponse:
    """The file under the portal's name; never cached (``never_cache`` on the views) nor sniffed."""
    response = FileResponse(file, as_attachment=download, filename=filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _wants_download(request: HttpRequest) -> bool:
    return request.GET.get("download") == "1"


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
    found = application_document(application=application, document_pk=document_pk)
    if found is None:
        raise Http404
    try:
        file = document_open(document=found)
    except FileNotFoundError:
        logger.error("Stored document %s of application %s is missing", found.pk, application.pk)
        raise Http404 from None
    download = _wants_download(request)
    document_view_record(document=found, application=application, by=request.user, download=download)
    return _private_pdf(file, filename=download_name(reference=application.reference, kind=found.kind),
                        download=download)


@never_cache
@require_safe
@login_required
def letter(request: HttpRequest, pk: int, referee_pk: int) -> FileResponse:
    application = _allowed(request.user, staff_application(pk=pk), "applications.view_dossier",
                           "applications.view_letters")
    found = application_letter(application=application, referee_pk=referee_pk)
    if found is None:
        raise Http404
    try:
        file = letter_open(referee=found.referee)
    except FileNotFoundError:
        logger.error("Stored letter of referee %s of application %s is missing", found.referee.pk, application.pk)
        raise Http404 from None
    download = _wants_download(request)
    letter_view_record(referee=found.referee, application=application, by=request.user, download=download)
    return _private_pdf(file, filename=letter_download_name(reference=application.reference, number=found.number),
                       download=download)
