from zoneinfo import available_timezones

from django import forms
from django.utils.translation import gettext_lazy as _

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
