"""The six eligibility checks.

Each check takes the applicant, the call and the rule's merged parameters, and
returns a ``Check``: the outcome, a reason key that selects the message template,
and the placeholder values for that template. Checks do no I/O and keep no state.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from applications.eligibility.dates import add_years, completed_months, completed_years, count_break_days
from applications.eligibility.facts import CallFacts, EligibilityFacts, Localized, PhdStage, RuleOutcome

PASSED = RuleOutcome.PASSED
FAILED = RuleOutcome.FAILED
UNDECIDED = RuleOutcome.UNDECIDED
NONE_LISTED = Localized("none", "없음")

VALID_DOCUMENT = "valid"
INVALID_DOCUMENT = "invalid"
MISSING_DOCUMENT_STATUSES = frozenset({"", "missing"})

DUPLICATE_KINDS = {
    "application": Localized("active application", "진행 중인 신청"),
    "fellowship": Localized("current fellowship", "현재 펠로우십"),
}
DUPLICATE_MATCHED_ON = {
    "email": Localized("same verified email", "동일한 인증 이메일"),
    "orcid": Localized("same ORCID iD", "동일한 ORCID iD"),
    "name_and_birth_date": Localized("same name and date of birth", "동일한 이름 및 생년월일"),
}

_WORD = re.compile(r"\w+")


class Check(NamedTuple):
    outcome: RuleOutcome
    reason: str
    values: dict[str, Any]


def _listing(items: Iterable[str]) -> str | Localized:
    joined = ", ".join(items)
    return joined if joined else NONE_LISTED


def _document_listing(items: Iterable[str | tuple[str, str]], *, call: CallFacts) -> str | Localized:
    """Documents by their names in each language; an item may be (code, status) to add its status."""
    en: list[str] = []
    ko: list[str] = []
    for item in items:
        code, status = item if isinstance(item, tuple) else (item, "")
        name = call.document_names.get(code, Localized(code, code))
        suffix = f" ({status})" if status else ""
        en.append(name.en + suffix)
        ko.append(name.ko + suffix)
    return Localized(", ".join(en), ", ".join(ko)) if en else NONE_LISTED


def check_phd_awarded(*, applicant: EligibilityFacts, call: CallFacts, params: Mapping[str, Any]) -> Check:
    """PhD awarded, or expected on or before the appointment start date."""
    values: dict[str, Any] = {"appointment_start": call.appointment_starts_on.isoformat()}
    status = applicant.phd_status
    if status == PhdStage.NONE:
        return Check(FAILED, "no_phd", values)
    if applicant.phd_date is None:
        if status == PhdStage.AWARDED:
            return Check(PASSED, "awarded_undated", values)
        return Check(UNDECIDED, "expected_undated", values)
    values["phd_date"] = applicant.phd_date.isoformat()
    if status == PhdStage.AWARDED:
        return Check(PASSED, "awarded", values)
    if not params["allow_expected"]:
        return Check(FAILED, "expected_not_allowed", values)
    if applicant.phd_date <= call.appointment_starts_on:
        return Check(PASSED, "expected_in_time", values)
    return Check(FAILED, "expected_too_late", values)


def check_years_since_phd(*, applicant: EligibilityFacts, call: CallFacts, params: Mapping[str, Any]) -> Check:
    """Within ``max_years`` of the PhD (plus career breaks), or under ``age_limit`` when the call sets one."""
    closing_date = call.closing_date
    values: dict[str, Any] = {"closing_date": closing_date.isoformat()}
    age_limit = params["age_limit"]
    if age_limit is not None:
        values["age_limit"] = age_limit
        if applicant.date_of_birth is None:
            return Check(UNDECIDED, "missing_date_of_birth", values)
        age = completed_years(born=applicant.date_of_birth, on=closing_date)
        values["date_of_birth"] = applicant.date_of_birth.isoformat()
        values["age"] = age
        return Check(PASSED, "age_within", values) if age <= age_limit else Check(FAILED, "age_over", values)

    max_years = params["max_years"]
    values["max_years"] = max_years
    phd_date = applicant.phd_date
    if phd_date is None:
        return Check(UNDECIDED, "missing_phd_date", values)
    values["phd_date"] = phd_date.isoformat()
    if phd_date > closing_date:
        return Check(PASSED, "phd_after_closing", values)

    counted_kinds = params["counted_break_kinds"]
    break_days = count_break_days(
        breaks=(b for b in applicant.career_breaks if b.kind in counted_kinds), after=phd_date, before=closing_date
    )
    latest_date = add_years(start=phd_date, years=max_years) + timedelta(days=break_days)
    elapsed_years, elapsed_months = divmod(completed_months(start=phd_date, end=closing_date), 12)
    values.update(
        break_days=break_days,
        latest_date=latest_date.isoformat(),
        elapsed_years=elapsed_years,
        elapsed_months=elapsed_months,
        elapsed_days=(closing_date - phd_date).days,
    )
    if closing_date <= latest_date:
        return Check(PASSED, "within_limit", values)
    return Check(FAILED, "over_limit", values)


def check_documents_complete(*, applicant: EligibilityFacts, call: CallFacts, params: Mapping[str, Any]) -> Check:
    """Every required document present and valid, and enough referee letters received."""
    documents = applicant.documents
    missing: list[str] = []
    invalid: list[str] = []
    unchecked: list[str] = []
    for kind in call.required_documents:
        status = documents.get(kind)
        if status is None or status in MISSING_DOCUMENT_STATUSES:
            missing.append(kind)
        elif status == INVALID_DOCUMENT:
            invalid.append(kind)
        elif status != VALID_DOCUMENT:
            unchecked.append((kind, status))
    letters_required = params["min_referee_letters"]
    values: dict[str, Any] = {
        "required": _document_listing(call.required_documents, call=call),
        "missing": _document_listing(missing, call=call),
        "invalid": _document_listing(invalid, call=call),
        "unchecked": _document_listing(unchecked, call=call),
        "letters_received": applicant.referee_letters_received,
        "letters_required": letters_required,
    }
    if missing or invalid or applicant.referee_letters_received < letters_required:
        return Check(FAILED, "incomplete", values)
    if unchecked:
        return Check(UNDECIDED, "unchecked", values)
    return Check(PASSED, "complete", values)


def normalised_phrase(text: str) -> str:
    """Lower-cased words of ``text`` separated by single spaces (Unicode-aware, so Hangul works)."""
    return " ".join(_WORD.findall(text.casefold()))


@lru_cache(maxsize=256)
def _normalised_call_fields(fields: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(keyword, padded normalised phrase) for each usable call keyword; cached because calls repeat."""
    phrases = ((term, normalised_phrase(term)) for term in fields)
    return tuple((term, f" {phrase} ") for term, phrase in phrases if phrase)


def check_research_field(*, applicant: EligibilityFacts, call: CallFacts, params: Mapping[str, Any]) -> Check:
    """Case-insensitive whole-word overlap between the applicant's field/keywords and the call's fields.

    Too little overlap is undecided rather than failed: keyword matching is fuzzy,
    so staff review the application instead of the engine rejecting it.
    """
    applicant_terms = [term for term in (applicant.research_field, *applicant.keywords) if term.strip()]
    call_fields = _normalised_call_fields(tuple(call.fields))
    min_overlap = params["min_overlap"]
    values: dict[str, Any] = {
        "checked": _listing(term for term, _phrase in call_fields),
        "applicant_terms": _listing(applicant_terms),
        "min_overlap": min_overlap,
    }
    if not call_fields:
        return Check(UNDECIDED, "no_call_fields", values)
    if not applicant_terms:
        return Check(UNDECIDED, "no_applicant_field", values)
    haystack = " | ".join(f" {normalised_phrase(term)} " for term in applicant_terms)
    matched = [term for term, phrase in call_fields if phrase in haystack]
    values["matched"] = _listing(matched)
    values["match_count"] = len(matched)
    if len(matched) >= min_overlap:
        return Check(PASSED, "overlap", values)
    return Check(UNDECIDED, "too_few_matches", values)


def _describe_duplicate(*, kind: str, matched_on: str, reference: str) -> Localized:
    kind_label = DUPLICATE_KINDS.get(kind, Localized(kind, kind))
    matched_label = DUPLICATE_MATCHED_ON.get(matched_on, Localized(matched_on, matched_on))
    if not reference:
        return Localized(f"{kind_label.en} of another account ({matched_label.en})",
                         f"다른 계정의 {kind_label.ko} ({matched_label.ko})")
    return Localized(
        f"{kind_label.en} {reference} ({matched_label.en})",
        f"{kind_label.ko} {reference} ({matched_label.ko})",
    )


def check_no_duplicate(*, applicant: EligibilityFacts, call: CallFacts, params: Mapping[str, Any]) -> Check:
    """No other active application or current fellowship for the same person."""
    duplicates = applicant.duplicates
    values: dict[str, Any] = {"match_count": len(duplicates)}
    if not duplicates:
        values["matches"] = NONE_LISTED
        return Check(PASSED, "none_found", values)
    descriptions = [
        _describe_duplicate(kind=match.kind, matched_on=match.matched_on, reference=match.reference)
        for match in duplicates
    ]
    values["matches"] = Localized(
        "; ".join(description.en for description in descriptions),
        "; ".join(description.ko for description in descriptions),
    )
    return Check(FAILED, "found", values)


def check_team_preferences(*, applicant: EligibilityFacts, call: CallFacts, params: Mapping[str, Any]) -> Check:
    """Between ``min_preferences`` and ``max_preferences`` ranked teams, all of this call, no repeats."""
    preferences = applicant.team_preferences
    team_codes = call.team_codes
    seen: set[str] = set()
    duplicates: list[str] = []
    for code in preferences:
        if code in seen and code not in duplicates:
            duplicates.append(code)
        seen.add(code)
    unknown = [code for code in dict.fromkeys(preferences) if code not in team_codes]
    values: dict[str, Any] = {
        "preferences": _listing(preferences),
        "count": len(preferences),
        "min_preferences": params["min_preferences"],
        "max_preferences": params["max_preferences"],
        "duplicates": _listing(duplicates),
        "unknown": _listing(unknown),
        "team_codes": _listing(team_codes),
    }
    in_range = params["min_preferences"] <= len(preferences) <= params["max_preferences"]
    if in_range and not duplicates and not unknown:
        return Check(PASSED, "valid", values)
    return Check(FAILED, "invalid", values)
