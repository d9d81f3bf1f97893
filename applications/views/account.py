"""PIPA: download my data, delete my account."""
import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.selectors.account import personal_data_export
from applications.services.account import AccountClosing, account_closing_for, account_delete
from innocore.forms import form_add_service_error


class DeleteAccountForm(forms.Form):
    confirm_email = forms.EmailField(label=gettext_lazy("Type your email address to confirm"))

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_confirm_email(self) -> str:
        value = self.cleaned_data["confirm_email"]
        if value.strip().lower() != self.user.email.lower():
            raise forms.ValidationError(_("This is not the email address of your account."))
        return value


@login_required
def personal_data(request: HttpRequest) -> HttpResponse:
    data = personal_data_export(user=request.user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="innocore-my-data.json"'
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    closing = account_closing_for(user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            user = request.user
            try:
                closing = account_delete(user=user, by=user)
            except ValidationError as exc:
                form_add_service_error(form, exc)
                status = 409
            else:
                logout(request)
                messages.success(request, _("Your account and all its data have been deleted.")
                                 if closing == AccountClosing.DELETED else
                                 _("Your account has been closed and your personal details removed."))
                return redirect("home")
        else:
            status = 400
    context = {"form": form, "anonymise": closing == AccountClosing.ANONYMISED}
    return render(request, "applications/account_delete.html", context, status=status)
