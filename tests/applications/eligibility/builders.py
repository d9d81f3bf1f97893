"""Small builders for eligibility facts, so each test states only what it is about."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from applications.eligibility import KOREA, EligibilityFacts, CallFacts, RuleConfig, evaluate

TEAM_CODES = ("KAIST-LLM", "KAIST-DRUG", "UNIST-H2", "GIST-ACE")
CALL_FIELDS = ("large language models", "drug discovery", "hydrogen", "brain disease")
REQUIRED_DOCUMENTS = ("cv", "phd_certificate", "research_proposal")


def closing_at_noon_in_korea(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=KOREA)


def make_call(*, closing_date: date = date(2025, 7, 31), **overrides: Any) -> CallFacts:
    fields: dict[str, Any] = {
        "closes_at": closing_at_noon_in_korea(closing_date),
        "appointment_starts_on": date(2025, 9, 1),
        "team_codes": TEAM_CODES,
        "fields": CALL_FIELDS,
        "required_documents": REQUIRED_DOCUMENTS,
    }
    fields.update(overrides)
    return CallFacts(**fields)


def make_applicant(**overrides: Any) -> EligibilityFacts:
    """An applicant who passes every default rule for ``make_call()`` unless overridden."""
    fields: dict[str, Any] = {
        "phd_status": "awarded",
        "phd_date": date(2021, 2, 15),
        "date_of_birth": date(1991, 6, 2),
        "documents": {kind: "valid" for kind in REQUIRED_DOCUMENTS},
        "referee_letters_received": 2,
        "research_field": "Large language models for scientific discovery",
        "keywords": ("NLP", "reasoning"),
        "team_preferences": ("KAIST-LLM", "GIST-ACE"),
    }
    fields.update(overrides)
    return EligibilityFacts(**fields)


def line_for(*, code: str, applicant: EligibilityFacts, call: CallFacts, **config: Any):
    """The verdict line of one rule, evaluated alone."""
    verdict = evaluate(applicant=applicant, call=call, rules=[RuleConfig(code=code, **config)])
    (line,) = verdict.lines
    return line
