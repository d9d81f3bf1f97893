"""Plain data the eligibility engine reads and returns.

Everything here is a frozen dataclass built by the Django layer from models; the
engine never touches the ORM. Sequences are stored as tuples and mappings as
read-only views, so facts can be shared between threads and cached safely.

The names differ from the models' on purpose: ``PhdStage``, ``BreakPeriod`` and
``CombinedOutcome`` are the engine's plain inputs and output, while ``applications.models``
keeps ``PhdStatus``, ``CareerBreak`` and ``VerdictOutcome`` for what is stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any, NamedTuple

from applications.eligibility.dates import closing_date_in_korea


class PhdStage(StrEnum):
    AWARDED = "awarded"
    EXPECTED = "expected"
    NONE = "none"


class RuleOutcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    UNDECIDED = "undecided"


class CombinedOutcome(StrEnum):
    """The rule outcomes of one application combined (``combine_outcomes``); stored as a ``VerdictOutcome``."""

    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    NEEDS_MANUAL_REVIEW = "needs_manual_review"


class Localized(NamedTuple):
    """A placeholder value that reads differently in English and Korean."""

    en: str
    ko: str


def _read_only(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, slots=True)
class BreakPeriod:
    """A documented career break; both ``start`` and ``end`` are days of the break."""

    kind: str
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"career break {self.kind!r} ends ({self.end}) before it starts ({self.start})")


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """Another active application or current fellowship found for the same person.

    ``kind`` is "application" or "fellowship"; ``matched_on`` is "email", "orcid" or
    "name_and_birth_date"; ``reference`` identifies the other record for staff.
    """

    kind: str
    matched_on: str
    reference: str


@dataclass(frozen=True, slots=True)
class EligibilityFacts:
    """Everything the rules read about one application (its applicant, PhD, documents, referees, teams).

    ``documents`` maps a document kind to its status: "valid", "invalid", or any
    other status (e.g. "pending") for a document not checked yet; a kind that is
    absent (or maps to "" / "missing") is missing. ``team_preferences`` lists team
    codes in rank order.
    """

    phd_status: str
    phd_date: date | None = None
    date_of_birth: date | None = None
    career_breaks: Sequence[BreakPeriod] = ()
    documents: Mapping[str, str] = field(default_factory=dict)
    referee_letters_received: int = 0
    research_field: str = ""
    keywords: Sequence[str] = ()
    team_preferences: Sequence[str] = ()
    duplicates: Sequence[DuplicateMatch] = ()

    def __post_init__(self) -> None:
        if self.phd_status not in PhdStage._value2member_map_:
            raise ValueError(f"phd_status must be one of {[s.value for s in PhdStage]}, got {self.phd_status!r}")
        object.__setattr__(self, "career_breaks", tuple(self.career_breaks))
        object.__setattr__(self, "documents", _read_only(self.documents))
        object.__setattr__(self, "keywords", tuple(self.keywords))
        object.__setattr__(self, "team_preferences", tuple(self.team_preferences))
        object.__setattr__(self, "duplicates", tuple(self.duplicates))


@dataclass(frozen=True, slots=True)
class CallFacts:
    """What the rules need to know about a call.

    ``closes_at`` must be timezone-aware. ``closing_date`` is derived from it: the
    calendar date of the deadline in Korea time (Asia/Seoul), which is the date
    every "at the closing date" rule is judged on.
    """

    closes_at: datetime
    appointment_starts_on: date
    team_codes: Sequence[str] = ()
    fields: Sequence[str] = ()
    required_documents: Sequence[str] = ()
    # How each document code reads to people, in both languages; a code without a name is shown as is.
    document_names: Mapping[str, Localized] = field(default_factory=dict)
    closing_date: date = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "closing_date", closing_date_in_korea(closes_at=self.closes_at))
        object.__setattr__(self, "document_names", _read_only(self.document_names))
        object.__setattr__(self, "team_codes", tuple(self.team_codes))
        object.__setattr__(self, "fields", tuple(self.fields))
        object.__setattr__(self, "required_documents", tuple(self.required_documents))


@dataclass(frozen=True, slots=True)
class RuleConfig:
    """One rule attached to a call, as edited by staff.

    ``params`` override the rule's default parameters; ``message_en`` and
    ``message_ko`` replace its default messages (None or "" keeps the defaults).
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    message_en: str | None = None
    message_ko: str | None = None
    enabled: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", _read_only(self.params))


@dataclass(frozen=True, slots=True)
class RuleResult:
    """One line of a verdict.

    ``reason`` is a stable key for the situation (e.g. "over_limit"); ``values``
    are the placeholder values the messages were rendered with (dates as ISO
    strings, ``Localized`` pairs for language-dependent text); ``notes`` are
    staff-facing remarks such as a custom message that could not be used.
    """

    code: str
    outcome: RuleOutcome
    reason: str
    message_en: str
    message_ko: str
    concerns_applicant: bool
    values: Mapping[str, Any]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    outcome: CombinedOutcome
    lines: tuple[RuleResult, ...]

    @property
    def failed(self) -> tuple[RuleResult, ...]:
        return tuple(line for line in self.lines if line.outcome == RuleOutcome.FAILED)

    @property
    def undecided(self) -> tuple[RuleResult, ...]:
        return tuple(line for line in self.lines if line.outcome == RuleOutcome.UNDECIDED)
