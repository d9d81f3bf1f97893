from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from applications.receipt import receipt_pdf_bytes
from applications.views.dossier import own_application


@login_required
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    application = own_application(request, pk)
    if not application.is_submitted:
        messages.error(request, _("A receipt exists only for a submitted application."))
        return redirect("applications:status", pk=pk)
    response = HttpResponse(receipt_pdf_bytes(application=application), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{application.reference}.pdf"'
    return response
