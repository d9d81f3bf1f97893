"""The registry of rule codes: check function, default parameters, parameter schema and messages.

The defaults follow comparable Korean postdoc schemes (the programme's own rules
are not published): within 7 years of the PhD, two referee letters, one to three
ranked team preferences. Messages are ``str.format_map`` templates keyed by the
reason a check returns; ``placeholders`` lists every name a rule's results may
carry, which is what staff may use in a custom message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from applications.eligibility import rules
from applications.eligibility.params import CrossCheck, ParamKind, ParamSpec

Check = Callable[..., rules.Check]
DEFAULT_COUNTED_BREAK_KINDS = ("parental_leave", "military_service", "illness")


@dataclass(frozen=True, slots=True)
class RuleDefinition:
    code: str
    title_en: str
    title_ko: str
    check: Check
    default_params: Mapping[str, Any]
    params_schema: Mapping[str, ParamSpec]
    messages_en: Mapping[str, str]
    messages_ko: Mapping[str, str]
    placeholders: frozenset[str]
    concerns_applicant: bool = True
    cross_check: CrossCheck | None = None


def _team_preference_bounds(params: Mapping[str, Any]) -> list[str]:
    if params["min_preferences"] > params["max_preferences"]:
        return [
            f"min_preferences ({params['min_preferences']}) must not exceed "
            f"max_preferences ({params['max_preferences']})"
        ]
    return []


PHD_AWARDED = RuleDefinition(
    code="phd_awarded",
    title_en="PhD awarded or expected by the appointment start",
    title_ko="임용 시작일까지 박사학위 취득(예정)",
    check=rules.check_phd_awarded,
    default_params={"allow_expected": True},
    params_schema={"allow_expected": ParamSpec(ParamKind.BOOLEAN, help_text="accept a PhD expected by the start")},
    messages_en={
        "awarded": "PhD awarded on {phd_date}.",
        "awarded_undated": "PhD reported as awarded; the award date is not given.",
        "expected_in_time": "PhD expected on {phd_date}, on or before the appointment start date {appointment_start}.",
        "expected_too_late": "PhD expected on {phd_date}, after the appointment start date {appointment_start}.",
        "expected_not_allowed": "PhD expected on {phd_date}, but this call requires the PhD to be awarded already.",
        "expected_undated": "PhD expected, but no expected date is given; the appointment starts on "
        "{appointment_start}.",
        "no_phd": "No PhD awarded or expected; the appointment starts on {appointment_start}.",
    },
    messages_ko={
        "awarded": "박사학위 취득일: {phd_date}.",
        "awarded_undated": "박사학위 취득으로 신고되었으나 취득일이 기재되지 않았습니다.",
        "expected_in_time": "박사학위 취득 예정일({phd_date})이 임용 시작일({appointment_start}) 이전 또는 당일입니다.",
        "expected_too_late": "박사학위 취득 예정일({phd_date})이 임용 시작일({appointment_start})보다 늦습니다.",
        "expected_not_allowed": "박사학위 취득 예정일은 {phd_date}이나, 이 공고는 이미 학위를 취득한 경우에만 지원할 수 있습니다.",
        "expected_undated": "박사학위 취득 예정으로 신고되었으나 예정일이 기재되지 않았습니다. 임용 시작일: {appointment_start}.",
        "no_phd": "박사학위를 취득했거나 취득 예정이 아닙니다. 임용 시작일: {appointment_start}.",
    },
    placeholders=frozenset({"phd_date", "appointment_start"}),
)

YEARS_SINCE_PHD = RuleDefinition(
    code="years_since_phd",
    title_en="Within N years of the PhD (or under an age limit)",
    title_ko="박사학위 취득 후 N년 이내 (또는 연령 기준)",
    check=rules.check_years_since_phd,
    default_params={"max_years": 7, "age_limit": None, "counted_break_kinds": DEFAULT_COUNTED_BREAK_KINDS},
    params_schema={
        "max_years": ParamSpec(ParamKind.INTEGER, minimum=0, maximum=50, help_text="years since the PhD"),
        "age_limit": ParamSpec(
            ParamKind.INTEGER, minimum=0, maximum=120, nullable=True, help_text="if set, replaces the years test"
        ),
        "counted_break_kinds": ParamSpec(ParamKind.TEXT_LIST, help_text="career break kinds added back"),
    },
    messages_en={
        "within_limit": "PhD awarded on {phd_date}, {elapsed_years} years {elapsed_months} months before the closing "
        "date {closing_date}; the limit is {max_years} years plus {break_days} days of career breaks "
        "(latest eligible closing date {latest_date}).",
        "over_limit": "PhD awarded on {phd_date}, {elapsed_years} years {elapsed_months} months before the closing "
        "date {closing_date}; this exceeds the limit of {max_years} years plus {break_days} days of career breaks "
        "(latest eligible closing date {latest_date}).",
        "phd_after_closing": "The PhD date {phd_date} is after the closing date {closing_date}, so it is within the "
        "limit of {max_years} years.",
        "missing_phd_date": "No PhD date is given, so the years since the PhD at the closing date {closing_date} "
        "cannot be counted (limit {max_years} years).",
        "age_within": "Aged {age} at the closing date {closing_date} (born {date_of_birth}); the age limit is "
        "{age_limit}.",
        "age_over": "Aged {age} at the closing date {closing_date} (born {date_of_birth}), above the age limit of "
        "{age_limit}.",
        "missing_date_of_birth": "The call sets an age limit of {age_limit} at the closing date {closing_date}, but "
        "no date of birth is given.",
    },
    messages_ko={
        "within_limit": "박사학위 취득일 {phd_date}, 마감일({closing_date}) 기준 {elapsed_years}년 {elapsed_months}개월 "
        "경과. 기준은 {max_years}년에 경력 단절 {break_days}일을 더한 기간입니다(인정되는 마지막 마감일 {latest_date}).",
        "over_limit": "박사학위 취득일 {phd_date}, 마감일({closing_date}) 기준 {elapsed_years}년 {elapsed_months}개월 "
        "경과하여 기준({max_years}년 + 경력 단절 {break_days}일, 인정되는 마지막 마감일 {latest_date})을 초과합니다.",
        "phd_after_closing": "박사학위 (예정)일({phd_date})이 마감일({closing_date}) 이후이므로 {max_years}년 기준을 "
        "충족합니다.",
        "missing_phd_date": "박사학위 취득일이 없어 마감일({closing_date}) 기준 경과 연수를 계산할 수 없습니다"
        "(기준 {max_years}년).",
        "age_within": "마감일({closing_date}) 기준 만 {age}세(생년월일 {date_of_birth}). 연령 기준은 만 {age_limit}세 "
        "이하입니다.",
        "age_over": "마감일({closing_date}) 기준 만 {age}세(생년월일 {date_of_birth})로 연령 기준(만 {age_limit}세 "
        "이하)을 초과합니다.",
        "missing_date_of_birth": "이 공고는 마감일({closing_date}) 기준 만 {age_limit}세 이하의 연령 기준이 있으나 "
        "생년월일이 기재되지 않았습니다.",
    },
    placeholders=frozenset(
        {
            "closing_date", "age_limit", "date_of_birth", "age", "max_years", "phd_date", "break_days",
            "latest_date", "elapsed_years", "elapsed_months", "elapsed_days",
        }
    ),
)

DOCUMENTS_COMPLETE = RuleDefinition(
    code="documents_complete",
    title_en="Required documents and referee letters",
    title_ko="필수 서류 및 추천서",
    check=rules.check_documents_complete,
    default_params={"min_referee_letters": 2},
    params_schema={"min_referee_letters": ParamSpec(ParamKind.INTEGER, minimum=0, maximum=10)},
    messages_en={
        "complete": "All required documents are present and valid ({required}); {letters_received} referee letters "
        "received ({letters_required} required).",
        "incomplete": "Documents missing: {missing}; invalid: {invalid}; referee letters received: "
        "{letters_received} of {letters_required} required.",
        "unchecked": "Documents not checked yet: {unchecked}; {letters_received} referee letters received "
        "({letters_required} required).",
    },
    messages_ko={
        "complete": "필수 서류가 모두 제출되었고 유효합니다({required}). 추천서 {letters_received}통 접수"
        "(필요 {letters_required}통).",
        "incomplete": "누락된 서류: {missing}; 유효하지 않은 서류: {invalid}; 추천서 접수: 필요 {letters_required}통 중 "
        "{letters_received}통.",
        "unchecked": "아직 확인되지 않은 서류: {unchecked}; 추천서 {letters_received}통 접수(필요 {letters_required}통).",
    },
    placeholders=frozenset({"required", "missing", "invalid", "unchecked", "letters_received", "letters_required"}),
)

RESEARCH_FIELD = RuleDefinition(
    code="research_field",
    title_en="Research field within the call's fields",
    title_ko="공고 분야에 해당하는 연구 분야",
    check=rules.check_research_field,
    default_params={"min_overlap": 1},
    params_schema={"min_overlap": ParamSpec(ParamKind.INTEGER, minimum=1, maximum=20)},
    messages_en={
        "overlap": "Matching keywords: {matched} (from the applicant's field and keywords: {applicant_terms}).",
        "too_few_matches": "{match_count} matching keywords ({matched}), {min_overlap} needed; checked the "
        "applicant's field and keywords ({applicant_terms}) against the call's fields ({checked}). Keyword "
        "matching is approximate, so staff review this.",
        "no_applicant_field": "No research field or keywords given to check against the call's fields ({checked}).",
        "no_call_fields": "The call lists no field keywords to check the applicant's field and keywords "
        "({applicant_terms}) against.",
    },
    messages_ko={
        "overlap": "일치하는 키워드: {matched}(지원자의 연구 분야 및 키워드: {applicant_terms}).",
        "too_few_matches": "일치하는 키워드 {match_count}개({matched}), 필요 {min_overlap}개. 지원자의 연구 분야 및 "
        "키워드({applicant_terms})를 공고 분야({checked})와 비교했습니다. 키워드 비교는 근사적이므로 담당자가 "
        "검토합니다.",
        "no_applicant_field": "공고 분야({checked})와 비교할 연구 분야나 키워드가 없습니다.",
        "no_call_fields": "공고에 지원자의 연구 분야 및 키워드({applicant_terms})와 비교할 분야 키워드가 없습니다.",
    },
    placeholders=frozenset({"checked", "applicant_terms", "min_overlap", "matched", "match_count"}),
)

NO_DUPLICATE = RuleDefinition(
    code="no_duplicate",
    title_en="No other active application or current fellowship",
    title_ko="다른 진행 중인 신청 또는 현재 펠로우십 없음",
    check=rules.check_no_duplicate,
    default_params={},
    params_schema={},
    messages_en={
        "none_found": "No other active application or current fellowship found for this person.",
        "found": "Found {match_count} other record(s) for this person: {matches}.",
    },
    messages_ko={
        "none_found": "동일인의 다른 진행 중인 신청이나 현재 펠로우십이 없습니다.",
        "found": "동일인의 다른 기록 {match_count}건이 있습니다: {matches}.",
    },
    placeholders=frozenset({"match_count", "matches"}),
)

TEAM_PREFERENCES = RuleDefinition(
    code="team_preferences",
    title_en="Ranked team preferences",
    title_ko="희망 연구단 순위",
    check=rules.check_team_preferences,
    default_params={"min_preferences": 1, "max_preferences": 3},
    params_schema={
        "min_preferences": ParamSpec(ParamKind.INTEGER, minimum=1, maximum=20),
        "max_preferences": ParamSpec(ParamKind.INTEGER, minimum=1, maximum=20),
    },
    messages_en={
        "valid": "Team preferences in rank order: {preferences}; all are teams of this call.",
        "invalid": "Team preferences in rank order: {preferences} ({count} given, {min_preferences} to "
        "{max_preferences} allowed); repeated: {duplicates}; not teams of this call: {unknown}. Teams of this "
        "call: {team_codes}.",
    },
    messages_ko={
        "valid": "희망 연구단(순위순): {preferences}. 모두 이 공고의 연구단입니다.",
        "invalid": "희망 연구단(순위순): {preferences}({count}개 선택, {min_preferences}~{max_preferences}개 허용); "
        "중복: {duplicates}; 이 공고의 연구단이 아님: {unknown}. 이 공고의 연구단: {team_codes}.",
    },
    placeholders=frozenset(
        {"preferences", "count", "min_preferences", "max_preferences", "duplicates", "unknown", "team_codes"}
    ),
    cross_check=_team_preference_bounds,
)

REGISTRY: Mapping[str, RuleDefinition] = MappingProxyType(
    {
        definition.code: definition
        for definition in (PHD_AWARDED, YEARS_SINCE_PHD, DOCUMENTS_COMPLETE, RESEARCH_FIELD, NO_DUPLICATE,
                           TEAM_PREFERENCES)
    }
)
