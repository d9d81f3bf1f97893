"""Serving an application's documents and referee letters to staff and reviewers.

The caller has decided who may see the application; these find the file among the
application's own, open it, record the look in the audit trail and answer under a
name the portal makes (never the uploader's), as a PDF that is neither sniffed nor
cached (the views carry ``never_cache``). A file that is not the application's, or
is missing on disk, is a 404.
"""
import logging

from django.http import FileResponse, Http404, HttpRequest

from applications.documents.naming import download_name, letter_download_name
from applications.models import Application
from applications.selectors.staff_dossier import application_document, application_letter
from applications.services.documents import document_open
from applications.services.dossier_access import document_view_record, letter_open, letter_view_record

logger = logging.getLogger(__name__)


def _private_pdf(file, *, filename: str, download: bool) -> FileResponse:
    response = FileResponse(file, as_attachment=download, filename=filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _wants_download(request: HttpRequest) -> bool:
    return request.GET.get("download") == "1"


def document_response(request: HttpRequest, *, application: Application, document_pk: int) -> FileResponse:
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


def letter_response(request: HttpRequest, *, application: Application, referee_pk: int) -> FileResponse:
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
