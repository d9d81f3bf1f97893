"""One form per section. Drafts may be incomplete; formats are checked on every save."""
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import Application, HeardVia, Publication
from applications.sections import SECTIONS_BY_SLUG
from applications.selectors.dossier import section_fingerprint
from innocore.models import Call
from innocore.text import split_list

DOI_PATTERN = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
MAX_KEYWORDS = 10
MAX_PUBLICATIONS = 50

CONSENT_COLLECTION_TEXT = _(
    "I agree that the Ministry of Science and ICT and the host institutes (KAIST, UNIST, DGIST, GIST) collect and "
    "use the personal information in this application (identity, contact details, education, career, research "
    "record and referees) to assess my eligibility, review my application and contact me about it. It is kept "
    "for three years after the call closes and then destroyed. I may refuse, but the application cannot then be "
    "assessed (Personal Information Protection Act, Article 15)."
)
CONSENT_OVERSEAS_TEXT = _(
    "I agree that my application may be transferred to and read by reviewers outside Korea (external experts in "
    "my field), solely to review it, for the duration of the review. I may refuse, but the review may then be "
    "limited to reviewers in Korea (Personal Information Protection Act, Article 28-8)."
)


class VersionedForm(forms.Form):
    # The fingerprint of the section as it was when the form was shown (see section_fingerprint).
    version = forms.CharField(widget=forms.HiddenInput, max_length=64)


class SectionModelForm(forms.ModelForm):
    version = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, call: Call, **kwargs):
        self.call = call
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.HiddenInput):
                field.required = False


class PersonalForm(SectionModelForm):
    class Meta:
        model = Application
        fields = list(SECTIONS_BY_SLUG["personal"].fields)
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.call.asks_date_of_birth:
            del self.fields["date_of_birth"]


class PhdForm(SectionModelForm):
    class Meta:
        model = Application
        fields = list(SECTIONS_BY_SLUG["phd"].fields)
        widgets = {"phd_date": forms.DateInput(attrs={"type": "date"}), "phd_status": forms.RadioSelect}
        help_texts = {"phd_advisor": _("Used only to avoid conflicts of interest when reviewers are assigned.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons need no "---------" choice: none checked is the blank answer of a draft.
        status = self.fields["phd_status"]
        status.choices = [(value, label) for value, label in status.choices if value != ""]


class PositionForm(SectionModelForm):
    class Meta:
        model = Application
        fields = list(SECTIONS_BY_SLUG["position"].fields)


class ResearchForm(SectionModelForm):
    class Meta:
        model = Application
        fields = list(SECTIONS_BY_SLUG["research"].fields)
        widgets = {
            "research_summary": forms.Textarea(attrs={"rows": 6, "maxlength": 3000}),
            "research_plan": forms.Textarea(attrs={"rows": 14, "maxlength": 20000}),
        }
        help_texts = {
            "research_summary": _("Up to 3,000 characters."),
            "research_plan": _("Up to 20,000 characters. You will also upload it as a PDF."),
        }

    def clean_keywords(self) -> str:
        keywords = split_list(self.cleaned_data.get("keywords"))
        if len(keywords) > MAX_KEYWORDS:
            raise forms.ValidationError(
                _("Give at most %(max)d keywords; you gave %(count)d.") % {"max": MAX_KEYWORDS, "count": len(keywords)}
            )
        return ", ".join(keywords)

    def clean_research_summary(self) -> str:
        return self._capped("research_summary", 3000)

    def clean_research_plan(self) -> str:
        return self._capped("research_plan", 20000)

    def _capped(self, field: str, limit: int) -> str:
        value = self.cleaned_data.get(field) or ""
        if len(value) > limit:
            raise forms.ValidationError(
                _("This text is %(length)d characters long; the limit is %(limit)d.") % {"length": len(value), "limit": limit}
            )
        return value


class OutreachForm(SectionModelForm):
    class Meta:
        model = Application
        fields = list(SECTIONS_BY_SLUG["outreach"].fields)
        widgets = {"heard_via": forms.RadioSelect}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("heard_via") != HeardVia.OTHER:
            cleaned["heard_via_other"] = ""
        return cleaned


class TeamsForm(VersionedForm):
    def __init__(self, *args, call: Call, teams, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(none)"))] + [(str(team.pk), f"{team.institute.code}: {team.name}") for team in teams]
        for rank, label in ((1, _("First choice")), (2, _("Second choice")), (3, _("Third choice"))):
            self.fields[f"rank_{rank}"] = forms.TypedChoiceField(
                label=label, choices=choices, coerce=int, empty_value=None, required=False
            )

    def clean(self):
        cleaned = super().clean()
        ranked = [cleaned.get(f"rank_{rank}") for rank in (1, 2, 3)]
        chosen = [team for team in ranked if team]
        if len(set(chosen)) != len(chosen):
            raise forms.ValidationError(_("Each team can be chosen only once."))
        if ranked[0] is None and chosen:
            self.add_error("rank_1", _("Give a first choice before a second or third."))
        elif ranked[1] is None and ranked[2]:
            self.add_error("rank_2", _("Give a second choice before a third."))
        cleaned["teams"] = chosen
        return cleaned


class PublicationsForm(VersionedForm):
    publications_text = forms.CharField(
        label=_("Publications"), required=False, widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("One publication per line, with its DOI where it has one (e.g. 10.1038/s41586-021-03819-2)."),
    )

    def clean(self):
        cleaned = super().clean()
        lines = [line.strip() for line in (cleaned.get("publications_text") or "").splitlines() if line.strip()]
        if len(lines) > MAX_PUBLICATIONS:
            self.add_error("publications_text", _("List at most %(max)d publications.") % {"max": MAX_PUBLICATIONS})
            return cleaned
        publications = []
        citation_limit, doi_limit = _max_length(Publication, "citation"), _max_length(Publication, "doi")
        for number, line in enumerate(lines, start=1):
            if len(line) > citation_limit:
                self.add_error("publications_text", _("Line %(n)d is longer than %(limit)s characters.") % {
                    "n": number, "limit": f"{citation_limit:,}"})
                continue
            doi = DOI_PATTERN.search(line)
            year = re.search(r"\b(19[5-9]\d|20\d\d)\b", line)
            if "doi" in line.lower() and not doi:
                self.add_error(
                    "publications_text",
                    _("Line %(n)d mentions a DOI, but it is not one: a DOI looks like 10.1234/abc.") % {"n": number},
                )
                continue
            doi_text = doi.group(1).rstrip(".,;") if doi else ""
            if len(doi_text) > doi_limit:
                self.add_error("publications_text", _(
                    "The DOI on line %(n)d is longer than %(limit)d characters; check that it is followed by a space."
                ) % {"n": number, "limit": doi_limit})
                continue
            publications.append({"citation": line, "doi": doi_text, "year": int(year.group(1)) if year else None})
        cleaned["publications"] = publications
        return cleaned


def _max_length(model, field: str) -> int:
    """The column's limit, so that a value the form accepts always fits the database (no DataError)."""
    return model._meta.get_field(field).max_length


MAX_CAREER_BREAKS = 3


class CareerBreaksForm(VersionedForm):
    """Up to three documented breaks after the PhD (parental leave, military service, illness)."""

    def __init__(self, *args, **kwargs):
        from applications.models import CareerBreakKind

        super().__init__(*args, **kwargs)
        kinds = [("", _("(none)"))] + list(CareerBreakKind.choices)
        for number in range(1, MAX_CAREER_BREAKS + 1):
            self.fields[f"break_{number}_kind"] = forms.ChoiceField(
                label=_("Break %(n)d: kind") % {"n": number}, choices=kinds, required=False)
            self.fields[f"break_{number}_start"] = forms.DateField(
                label=_("first day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
            self.fields[f"break_{number}_end"] = forms.DateField(
                label=_("last day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        breaks = []
        for number in range(1, MAX_CAREER_BREAKS + 1):
            kind, start, end = (cleaned.get(f"break_{number}_{part}") for part in ("kind", "start", "end"))
            if not (kind or start or end):
                continue
            if not (kind and start and end):
                self.add_error(f"break_{number}_kind", _("Give the kind, the first and the last day of this break."))
                continue
            if end < start:
                self.add_error(f"break_{number}_end", _("The last day cannot be before the first day."))
                continue
            breaks.append({"kind": kind, "start": start, "end": end})
        cleaned["career_breaks"] = breaks
        return cleaned


class ConsentsForm(VersionedForm):
    consent_collection = forms.BooleanField(label=CONSENT_COLLECTION_TEXT, required=False)
    consent_overseas_transfer = forms.BooleanField(label=CONSENT_OVERSEAS_TEXT, required=False)


SECTION_FORMS = {
    "personal": PersonalForm, "phd": PhdForm, "position": PositionForm, "research": ResearchForm,
    "outreach": OutreachForm,
}


def section_form(application: Application, slug: str, data=None):
    """The bound or unbound form of one section, its ``version`` the section's fingerprint: the page's and
    the API's (applications/api/sections.py), so that both check exactly the same."""
    call = application.call
    initial = {"version": section_fingerprint(application=application, section=slug)}
    if slug in SECTION_FORMS:
        return SECTION_FORMS[slug](data=data, instance=application, call=call, initial=initial)
    if slug == "teams":
        ranked = {p.rank: p.team_id for p in application.team_preferences.all()}
        initial.update({f"rank_{rank}": ranked.get(rank) for rank in (1, 2, 3)})
        teams = call.teams.select_related("institute").order_by("institute__code", "code")
        return TeamsForm(data=data, initial=initial, call=call, teams=teams)
    if slug == "career_breaks":
        for number, item in enumerate(application.career_breaks.all(), start=1):
            initial.update({f"break_{number}_kind": item.kind, f"break_{number}_start": item.start,
                            f"break_{number}_end": item.end})
        return CareerBreaksForm(data=data, initial=initial)
    if slug == "publications":
        initial["publications_text"] = "\n".join(p.citation for p in application.publications.all())
        return PublicationsForm(data=data, initial=initial)
    if slug == "consents":
        initial.update({"consent_collection": application.consent_collection_at is not None,
                        "consent_overseas_transfer": application.consent_overseas_transfer_at is not None})
        return ConsentsForm(data=data, initial=initial)
    return None
