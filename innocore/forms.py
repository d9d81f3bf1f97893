from zoneinfo import available_timezones

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def form_add_service_error(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)

TIMEZONE_CHOICES = [("", _("(the browser's)"))] + [(zone, zone) for zone in sorted(available_timezones())]


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    orcid = forms.CharField(
        label=_("ORCID iD"), max_length=40, required=False,
        help_text=_("Sixteen digits in four groups, e.g. 0000-0002-1825-0097. It helps us avoid conflicts of interest."),
    )
    timezone = forms.ChoiceField(
        label=_("Time zone"), choices=TIMEZONE_CHOICES, required=False,
        help_text=_("Deadlines are shown in Korea time and in this time zone."),
    )
