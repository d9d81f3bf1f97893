"""The applicant's draft, one section at a time, through the API: the page's form checks the values and the
page's service saves them (``section_form``, ``application_section_save``), so both accept exactly the same.

A save names the section's ``version`` (its fingerprint, as the page's hidden field) and changes only the
values it gives (PATCH). A save based on a stale version is not applied: it is kept as the page keeps it
(a StaleSectionEdit) and answered 409 with both versions.
"""
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from applications.forms import section_form
from applications.models import Application, CareerBreakKind, HeardVia, PhdStatus
from applications.sections import SECTIONS, SECTIONS_BY_SLUG

EDITABLE_SECTIONS = tuple(s.slug for s in SECTIONS if s.slug not in ("documents", "referees"))


def _text(**kwargs):
    return serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, **kwargs)


class PersonalValues(serializers.Serializer):
    given_name = _text()
    family_name = _text()
    nationality = _text(help_text="ISO 3166 code, e.g. IN")
    country_of_residence = _text(help_text="ISO 3166 code, e.g. US")
    date_of_birth = serializers.DateField(required=False, allow_null=True, help_text="Only if the call asks for it")


class PhdValues(serializers.Serializer):
    phd_institution = _text()
    phd_country = _text(help_text="ISO 3166 code")
    phd_status = serializers.ChoiceField(choices=PhdStatus.choices, required=False, allow_blank=True)
    phd_date = serializers.DateField(required=False, allow_null=True)
    phd_advisor = _text()


class PositionValues(serializers.Serializer):
    current_position = _text()
    current_institution = _text()


class ResearchValues(serializers.Serializer):
    research_field = _text()
    keywords = _text(help_text="Comma-separated, up to ten")
    research_summary = _text(help_text="Up to 3,000 characters")
    research_plan = _text(help_text="Up to 20,000 characters")


class OutreachValues(serializers.Serializer):
    heard_via = serializers.ChoiceField(choices=HeardVia.choices, required=False, allow_blank=True)
    heard_via_other = _text()


class TeamsValues(serializers.Serializer):
    teams = serializers.ListField(child=serializers.CharField(), required=False, max_length=3,
                                  help_text="Team codes of the call, first choice first (at most three)")


class PublicationsValues(serializers.Serializer):
    publications = serializers.ListField(child=_text(), required=False,
                                         help_text="One citation per item, with its DOI where it has one")


class CareerBreakValue(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CareerBreakKind.choices)
    start = serializers.DateField()
    end = serializers.DateField()


class CareerBreaksValues(serializers.Serializer):
    career_breaks = CareerBreakValue(many=True, required=False, max_length=3)


class ConsentsValues(serializers.Serializer):
    consent_collection = serializers.BooleanField(required=False)
    consent_overseas_transfer = serializers.BooleanField(required=False)


VALUES = {
    "personal": PersonalValues, "phd": PhdValues, "career_breaks": CareerBreaksValues, "position": PositionValues,
    "research": ResearchValues, "teams": TeamsValues, "publications": PublicationsValues,
    "outreach": OutreachValues, "consents": ConsentsValues,
}
# Form fields whose errors belong to one value of the API.
_FORM_FIELD_PREFIXES = {"rank_": "teams", "break_": "career_breaks", "publications_text": "publications"}


def section_values(*, application: Application, slug: str) -> dict[str, Any]:
    """The section's saved values, as Python values in the API's shape."""
    if slug == "teams":
        ranked = sorted(application.team_preferences.select_related("team"), key=lambda p: p.rank)
        return {"teams": [p.team.code for p in ranked]}
    if slug == "publications":
        return {"publications": [p.citation for p in application.publications.order_by("position")]}
    if slug == "career_breaks":
        return {"career_breaks": [{"kind": b.kind, "start": b.start, "end": b.end}
                                  for b in application.career_breaks.order_by("start", "id")]}
    if slug == "consents":
        return {"consent_collection": application.consent_collection_at is not None,
                "consent_overseas_transfer": application.consent_overseas_transfer_at is not None}
    values = {}
    for field in SECTIONS_BY_SLUG[slug].fields:
        value = getattr(application, field)
        values[field] = getattr(value, "code", value) if field in ("nationality", "country_of_residence",
                                                                    "phd_country") else value
    return values


def section_values_rendered(*, slug: str, values: dict[str, Any]) -> dict[str, Any]:
    return VALUES[slug](values).data


def section_bound_form(*, application: Application, slug: str, version: str, values: dict[str, Any]):
    """The page's form bound to the saved values with ``values`` laid over them; ValidationError for a team
    code that is not one of the call's or a publication that spans lines."""
    merged = {**section_values(application=application, slug=slug), **values}
    return section_form(application, slug, data={"version": version, **_form_data(application, slug, merged)})


def _form_data(application: Application, slug: str, values: dict[str, Any]) -> dict[str, Any]:
    if slug == "teams":
        ids = {code.upper(): pk for code, pk in application.call.teams.values_list("code", "pk")}
        unknown = [code for code in values["teams"] if code.upper() not in ids]
        if unknown:
            raise serializers.ValidationError({"teams": [_("Not a team of this call: %(codes)s.") % {
                "codes": ", ".join(unknown)}]})
        codes = list(values["teams"]) + [None] * 3
        return {f"rank_{rank}": ids[codes[rank - 1].upper()] if codes[rank - 1] else "" for rank in (1, 2, 3)}
    if slug == "publications":
        if any("\n" in item or "\r" in item for item in values["publications"]):
            raise serializers.ValidationError({"publications": [_("Give one publication per item, on one line.")]})
        return {"publications_text": "\n".join(values["publications"])}
    if slug == "career_breaks":
        data = {}
        for number, item in enumerate(values["career_breaks"], start=1):
            data.update({f"break_{number}_{part}": _form_value(item[part]) for part in ("kind", "start", "end")})
        return data
    if slug == "consents":
        return {name: "on" for name, given in values.items() if given}
    return {name: _form_value(value) for name, value in values.items()}


def _form_value(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def form_errors(form) -> dict[str, list[str]]:
    """The form's errors under the API's names."""
    errors: dict[str, list[str]] = {}
    for name, messages in form.errors.items():
        key = "non_field_errors" if name == "__all__" else name
        for prefix, api_name in _FORM_FIELD_PREFIXES.items():
            if name.startswith(prefix):
                key = api_name
        errors.setdefault(key, []).extend(messages)
    return errors
