"""Forms of the selection pages: they validate input only; services do the writing."""
from django import forms
from django.utils.translation import gettext_lazy as _

from innocore.models import Call, Institute, ResearchTeam, User
from innocore.permissions import is_ministry_staff
from selection.models import MAX_LOAD_LIMIT, AdjustmentKind, ConflictOfInterestSource, Recommendation
from selection.models.assignments import MAX_K


class RunForm(forms.Form):
    k = forms.IntegerField(label=_("Reviewers per application"), min_value=1, max_value=MAX_K, initial=3)
    min_preferred = forms.IntegerField(
        label=_("At least this many from the preferred team"), min_value=0, max_value=MAX_K, initial=1,
        help_text=_("Met where the reviewers allow it."),
    )
    fairness = forms.BooleanField(
        label=_("Fairness pass"), required=False,
        help_text=_("First raise the weakest pair's affinity as far as possible, then maximise the total."),
    )

    def clean(self):
        data = super().clean()
        if data.get("k") is not None and data.get("min_preferred") is not None and data["min_preferred"] > data["k"]:
            self.add_error("min_preferred", _("Cannot exceed the reviewers per application."))
        return data


class PairForm(forms.Form):
    application = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reviewer = forms.IntegerField(label=_("Reviewer"), min_value=1)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    team = forms.ModelChoiceField(
        label=_("Home team"), queryset=ResearchTeam.objects.select_related("institute"), required=False,
        empty_label=_("External expert"),
    )


class AcceptInvitationForm(forms.Form):
    password1 = forms.CharField(label=_("Choose a password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("The same password again"), widget=forms.PasswordInput, strip=False)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class ReviewerProfileForm(forms.Form):
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    last_name = forms.CharField(label=_("Family name"), max_length=150)
    team = forms.ModelChoiceField(
        label=_("Home team"), queryset=ResearchTeam.objects.select_related("institute"), required=False,
        empty_label=_("None: I am an external expert"),
    )
    institution = forms.CharField(label=_("Current institution"), max_length=300)
    phd_institution = forms.CharField(label=_("PhD institution"), max_length=300, required=False)
    phd_year = forms.IntegerField(label=_("PhD year"), min_value=1950, max_value=2100, required=False)
    orcid = forms.CharField(
        label=_("ORCID iD"), required=False, max_length=40,
        help_text=_("Sixteen digits in four groups, e.g. 0000-0002-1825-0097. It helps us find conflicts of interest."),
    )
    expertise = forms.CharField(
        label=_("Expertise keywords"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Comma-separated, e.g. large language models, reinforcement learning."),
    )
    max_load = forms.IntegerField(label=_("Most applications per call"), min_value=0, max_value=MAX_LOAD_LIMIT)
    is_available = forms.BooleanField(label=_("I am available to review"), required=False)


class DeclareConflictOfInterestForm(forms.Form):
    application = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    detail = forms.CharField(label=_("How do you know this person? (optional)"), max_length=1000, required=False)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ConflictOfInterestFilterForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("All"))] + ConflictOfInterestSource.choices, required=False
    )


class ReviewForm(forms.Form):
    """One review: a radio per rubric criterion, labelled with its anchors. Every field may stay empty in a
    draft; the service says what is missing on submission and checks the scores against the rubric."""

    recommendation = forms.ChoiceField(label=_("Overall recommendation"), required=False,
                                       choices=[("", "—"), *Recommendation.choices])
    confidence = forms.TypedChoiceField(
        label=_("Your confidence in this review"), required=False, coerce=int, empty_value=None,
        choices=[("", "—"), (1, _("1 (low)")), (2, "2"), (3, "3"), (4, "4"), (5, _("5 (high)"))],
    )
    comment_to_staff = forms.CharField(label=_("Comment to staff"), required=False, max_length=20_000,
                                       widget=forms.Textarea(attrs={"rows": 6}))
    note_to_applicant = forms.CharField(
        label=_("Note for the applicant (optional)"), required=False, max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Staff may pass it on to the applicant, without your name."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, criteria, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.key}"] = forms.TypedChoiceField(
                label=f"{criterion.label} ({criterion.weight}%)", required=False, coerce=int, empty_value=None,
                widget=forms.RadioSelect, help_text=criterion.description,
                choices=[(score, f"{score}: {text}" if text else str(score)) for score, text in criterion.anchor_texts()],
            )

    def score_fields(self) -> list:
        return [self[f"score_{criterion.key}"] for criterion in self.criteria]

    def review_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in
                ("recommendation", "confidence", "comment_to_staff", "note_to_applicant")}
        data["scores"] = {c.key: self.cleaned_data[f"score_{c.key}"] for c in self.criteria
                          if self.cleaned_data.get(f"score_{c.key}") is not None}
        return data


class ReopenReviewForm(forms.Form):
    reason = forms.CharField(label=_("Why is the review re-opened?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class AdjustmentForm(forms.Form):
    reference = forms.CharField(label=_("Application reference"), max_length=32)
    kind = forms.ChoiceField(label=_("Adjustment"), choices=AdjustmentKind.choices)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class AdjustmentRemoveForm(forms.Form):
    adjustment = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(label=_("Reason for removing"), max_length=2000)


class MatchRunForm(forms.Form):
    """A POST about one match run: the run the page showed, so that a newer proposal is not acted on unseen."""
    run = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PublishForm(MatchRunForm):
    confirm = forms.BooleanField(
        label=_("I have read the proposal and its explanations; publish these decisions."), required=True)


class OfferAnswerForm(forms.Form):
    """Accepting or declining an offer: the applicant ticks the confirmation; the note is kept with the answer."""

    confirm = forms.BooleanField(label=_("I confirm my answer; it cannot be changed afterwards."), required=True)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ResearchTeam) -> str:
        return f"{obj.code} · {obj.name}"


class DashboardFilterForm(forms.Form):
    """The dashboard's filters (GET): an institute and a team of the call. Institute staff have their institute
    only: any other code is refused, and without one they get theirs."""

    institute = forms.ModelChoiceField(
        label=_("Institute"), queryset=Institute.objects.none(), to_field_name="code", required=False,
        empty_label=_("All institutes"),
    )
    team = TeamChoiceField(
        label=_("Team"), queryset=ResearchTeam.objects.none(), to_field_name="code", required=False,
        empty_label=_("All teams"),
    )

    def __init__(self, *args, user: User, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        teams = ResearchTeam.objects.filter(call_quotas__call=call).select_related("institute")
        institutes = Institute.objects.filter(teams__call_quotas__call=call).distinct()
        if not is_ministry_staff(user):
            teams, institutes = teams.filter(institute_id=user.institute_id), institutes.filter(pk=user.institute_id)
            self.fields["institute"].empty_label = None
        self.fields["team"].queryset = teams.order_by("institute__code", "code")
        self.fields["institute"].queryset = institutes.order_by("code")

    def clean(self):
        data = super().clean()
        if not is_ministry_staff(self.user):
            data["institute"] = self.user.institute
        institute, team = data.get("institute"), data.get("team")
        if institute is not None and team is not None and team.institute_id != institute.pk:
            self.add_error("team", _("This team is not one of the institute's."))
        return data

    def scope(self) -> dict:
        """The arguments of ``dashboard_figures`` besides the call (call after ``is_valid()``)."""
        return {"institute": self.cleaned_data.get("institute"), "team": self.cleaned_data.get("team")}
