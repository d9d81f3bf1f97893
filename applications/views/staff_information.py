"""Staff: ask an applicant for more information."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Application
from applications.services.information import application_information_request
from innocore.forms import form_add_service_error
from innocore.permissions import require_perm


class InformationRequestForm(forms.Form):
    message = forms.CharField(label=gettext_lazy("What is needed"), widget=forms.Textarea(attrs={"rows": 6}),
                              max_length=4000)


@login_required
def request_information(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "innocore.view_staff_pages")
    application = Application.objects.select_related("call", "applicant").filter(pk=pk).first()
    # Outside the staff member's institute answers like an unknown id.
    if application is None or not request.user.has_perm("applications.request_information", application):
        raise Http404
    form = InformationRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                application_information_request(application=application, message=form.cleaned_data["message"],
                                                by=request.user)
            except ValidationError as exc:
                form_add_service_error(form, exc)
                status = 409
            else:
                messages.success(request, _("The applicant has been asked for more information."))
                return redirect("applications_staff:dossier", application.pk)
        else:
            status = 400
    return render(request, "applications/staff/request_information.html",
                  {"application": application, "form": form}, status=status)
