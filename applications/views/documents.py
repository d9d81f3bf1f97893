"""Documents and referees: upload, download, invite, remind, replace; the referee's page."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from applications.documents.naming import download_name
from applications.documents.validation import DocumentKind
from applications.errors import RefereeLinkInvalid
from applications.models import Referee, RefereeStatus
from applications.services.documents import document_open, document_upload
from applications.services.referees import (
    referee_from_token, referee_invite, referee_letter_upload, referee_remind, referee_replace,
)
from applications.selectors.dossier import section_progress
from applications.views.dossier import own_application
from innocore.forms import form_add_service_error


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("PDF file"), widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))


REPLACE_NOT_FOUND = gettext_lazy("The referee to replace was not found. Reload the page and try again.")


class RefereeForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("Email"), max_length=254)  # Referee.email's column
    institution = forms.CharField(label=gettext_lazy("Institution"), max_length=300, required=False)
    relationship = forms.CharField(label=gettext_lazy("Relationship to you"), max_length=200, required=False)
    # The id of the referee being replaced, from the page's hidden field; only a tampered form sends anything else.
    replace = forms.RegexField(regex=r"^[0-9]{1,18}$", required=False, widget=forms.HiddenInput,
                               error_messages={"invalid": REPLACE_NOT_FOUND})

    def clean(self):
        cleaned = super().clean()
        if "replace" in self.errors:
            self.add_error(None, self.errors.pop("replace"))
        return cleaned


def _upload_error(form: UploadForm) -> str:
    """An empty file is not a missing one: say which it is."""
    codes = {error.code for error in form.errors.as_data().get("file", [])}
    if "empty" in codes:
        return _("The file you chose is empty (0 bytes): choose the PDF again.")
    return _("Choose a PDF file to upload.")


@login_required
def documents(request: HttpRequest, pk: int) -> HttpResponse:
    application = own_application(request, pk)
    status = 200
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            errors[kind] = [_upload_error(form)]
            status = 400
        else:
            try:
                document_upload(application=application, kind=kind, file=form.cleaned_data["file"], by=request.user)
            except ValidationError as exc:
                errors[kind] = exc.messages
                status = 400
            else:
                messages.success(request, _("Uploaded."))
                return redirect("applications:documents", pk=pk)
    uploaded = {d.kind: d for d in application.documents.all()}
    rows = [{"kind": kind, "document": uploaded.get(kind.value), "errors": errors.get(kind.value, [])}
            for kind in DocumentKind]
    return render(request, "applications/documents.html", {
        "application": application, "rows": rows, "progress": section_progress(application=application),
        "max_mb": application.call.document_max_mb,
    }, status=status)


@login_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    application = own_application(request, pk)
    document = next((d for d in application.documents.all() if d.pk == document_pk), None)
    if document is None:
        raise Http404
    # Served under a name the portal makes, always as a download and never sniffed: whatever the
    # uploader called the file (evil.html), the browser treats it as a PDF to save.
    response = FileResponse(
        document_open(document=document), as_attachment=True, content_type="application/pdf",
        filename=download_name(reference=application.reference, kind=document.kind),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def referees(request: HttpRequest, pk: int) -> HttpResponse:
    application = own_application(request, pk)
    form = RefereeForm(request.POST or None, initial={"replace": request.GET.get("replace", "")})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            replacing = form.cleaned_data.pop("replace")
            try:
                if replacing:
                    old = Referee.objects.get(pk=int(replacing), application=application)
                    referee_replace(referee=old, by=request.user, **form.cleaned_data)
                else:
                    referee_invite(application=application, by=request.user, **form.cleaned_data)
            except Referee.DoesNotExist:
                raise Http404 from None
            except ValidationError as exc:
                form_add_service_error(form, exc)
            else:
                messages.success(request, _("We have emailed your referee a link to upload the letter."))
                return redirect("applications:referees", pk=pk)
        if form.errors:
            status = 400
    return render(request, "applications/referees.html", {
        "application": application, "form": form, "progress": section_progress(application=application),
        "referees": application.referees.all(),
    }, status=status)


@login_required
@require_POST
def referee_remind_view(request: HttpRequest, pk: int, referee_pk: int) -> HttpResponse:
    application = own_application(request, pk)
    referee = Referee.objects.filter(pk=referee_pk, application=application).first()
    if referee is None:
        raise Http404
    try:
        referee_remind(referee=referee, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Reminder sent to %(email)s.") % {"email": referee.email})
    return redirect("applications:referees", pk=pk)


def referee_letter(request: HttpRequest, token: str) -> HttpResponse:
    """The referee's page: no account, just the signed link from the email."""
    try:
        referee = referee_from_token(token=token)
    except RefereeLinkInvalid as exc:
        return render(request, "applications/referee_letter.html", {"invalid": " ".join(exc.messages)}, status=410)
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                referee_letter_upload(token=token, file=form.cleaned_data["file"])
            except ValidationError as exc:
                form.add_error("file", exc.messages)
                status = 400
            else:
                return render(request, "applications/referee_letter.html", {"done": True, "referee": referee})
        else:
            status = 400
    return render(request, "applications/referee_letter.html", {
        "referee": referee, "application": referee.application, "form": form,
        "status_received": RefereeStatus.RECEIVED,
    }, status=status)
