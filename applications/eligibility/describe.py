"""Each eligibility rule as one sentence in the reader's language, from its parameters.

Staff read the rules of a call on its eligibility page; code names and JSON
(``years_since_phd {"max_years": 7, ...}``) told them nothing. Pure: plain parameters in,
text out. A parameter that is missing or of the wrong type (rules are edited in the admin)
falls back to the rule's default, so the page never fails on a rule being edited.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from applications.eligibility.catalogue import REGISTRY
from innocore.text import bilingual, reads_korean

BREAK_KINDS = {
    "parental_leave": ("parental leave", "육아휴직"),
    "military_service": ("military service", "병역"),
    "illness": ("illness", "질병"),
}


def _kinds(kinds: Any, korean: bool) -> str:
    names = [BREAK_KINDS.get(kind, (kind, kind))[1 if korean else 0] for kind in (kinds or ()) if isinstance(kind, str)]
    return ", ".join(names)


def _phd_awarded(p: Mapping[str, Any], korean: bool) -> str:
    if p["allow_expected"]:
        return ("박사학위를 취득했거나 임용 시작일까지 취득할 예정이어야 합니다." if korean
                else "The PhD is awarded, or expected by the appointment start date.")
    return "박사학위를 이미 취득했어야 합니다." if korean else "The PhD must already be awarded."


def _years_since_phd(p: Mapping[str, Any], korean: bool) -> str:
    if p.get("age_limit") is not None:
        return (f"마감일 기준 만 {p['age_limit']}세 미만이어야 합니다(박사학위 취득 후 연수 기준 대신)." if korean
                else f"The applicant is under {p['age_limit']} at the closing date (instead of the years since the "
                     f"PhD).")
    kinds = _kinds(p.get("counted_break_kinds"), korean)
    if korean:
        extension = f" 경력 단절({kinds}) 기간만큼 연장됩니다." if kinds else ""
        return f"마감일 기준 박사학위 취득 후 {p['max_years']}년 이내여야 합니다.{extension}"
    extension = f"; career breaks ({kinds}) extend it" if kinds else ""
    return f"The PhD was awarded at most {p['max_years']} years before the closing date{extension}."


def _documents_complete(p: Mapping[str, Any], korean: bool) -> str:
    letters = p["min_referee_letters"]
    if korean:
        return f"필수 서류를 모두 올리고 추천서가 {letters}부 이상 도착해야 합니다."
    return f"Every required document is uploaded and at least {letters} referee letter{'s' * (letters != 1)} arrived."


def _research_field(p: Mapping[str, Any], korean: bool) -> str:
    overlap = p["min_overlap"]
    if korean:
        return (f"연구 분야와 키워드가 공고 분야 키워드와 {overlap}개 이상 일치해야 합니다(근사 비교이므로 담당자가 "
                f"검토합니다).")
    return (f"The research field and keywords share at least {overlap} keyword{'s' * (overlap != 1)} with the "
            f"call's fields (an approximate match: staff review it).")


def _no_duplicate(p: Mapping[str, Any], korean: bool) -> str:
    return "한 사람은 공고당 한 번만 지원할 수 있습니다." if korean else "One application per person and call."


def _team_preferences(p: Mapping[str, Any], korean: bool) -> str:
    low, high = p["min_preferences"], p["max_preferences"]
    if korean:
        return f"이 공고의 연구단을 중복 없이 {low}~{high}개 순위대로 골라야 합니다."
    return f"Between {low} and {high} teams of this call, ranked, none twice."


SENTENCES: Mapping[str, Callable[[Mapping[str, Any], bool], str]] = {
    "phd_awarded": _phd_awarded,
    "years_since_phd": _years_since_phd,
    "documents_complete": _documents_complete,
    "research_field": _research_field,
    "no_duplicate": _no_duplicate,
    "team_preferences": _team_preferences,
}


def rule_sentence(*, code: str, params: Mapping[str, Any], language: str) -> str:
    """One sentence saying what the rule requires with these parameters, in ``language`` ("en" or "ko")."""
    korean = reads_korean(language)
    definition = REGISTRY.get(code)
    describe = SENTENCES.get(code)
    if definition is None or describe is None:
        return code
    merged = dict(definition.default_params)
    for key, value in (params or {}).items():
        if key in merged and _same_kind(value, merged[key]):
            merged[key] = value
    return describe(merged, korean)


def _same_kind(value: Any, default: Any) -> bool:
    """Whether an edited parameter can stand in for the default (JSON gives lists for tuples; a bool is not a
    number here; None is allowed where the default is None, e.g. an unset age limit)."""
    if default is None or value is None:
        return default is None or value is None and isinstance(default, (list, tuple))
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (list, tuple)):
        return isinstance(value, (list, tuple))
    return isinstance(value, type(default))


def rule_title(*, code: str, language: str) -> str:
    definition = REGISTRY.get(code)
    if definition is None:
        return code
    return bilingual(definition.title_en, definition.title_ko, language)
