"""The engine: combining lines into verdicts, the registry, parameter validation and staff messages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from applications.eligibility import (
    REGISTRY,
    BreakPeriod,
    DuplicateMatch,
    RuleConfig,
    RuleOutcome,
    CombinedOutcome,
    combine_outcomes,
    compile_rules,
    default_rule_configs,
    evaluate,
    evaluate_many,
    validate_rule_config,
    validate_rule_messages,
    validate_rule_params,
)
from applications.eligibility.messages import template_fields

from .builders import CALL_FIELDS, REQUIRED_DOCUMENTS, TEAM_CODES, line_for, make_applicant, make_call

CALL = make_call()


@given(st.lists(st.sampled_from(list(RuleOutcome)), max_size=8))
def test_any_failed_is_ineligible_else_any_undecided_needs_review_else_eligible(outcomes):
    verdict = combine_outcomes(outcomes=outcomes)
    if RuleOutcome.FAILED in outcomes:
        assert verdict == CombinedOutcome.INELIGIBLE
    elif RuleOutcome.UNDECIDED in outcomes:
        assert verdict == CombinedOutcome.NEEDS_MANUAL_REVIEW
    else:
        assert verdict == CombinedOutcome.ELIGIBLE


def test_verdicts_for_eligible_ineligible_and_undecided_applicants():
    rules = default_rule_configs()
    eligible = evaluate(applicant=make_applicant(), call=CALL, rules=rules)
    assert eligible.outcome == "eligible"
    assert [line.code for line in eligible.lines] == list(REGISTRY)
    assert all(line.concerns_applicant for line in eligible.lines)

    undecided = evaluate(applicant=make_applicant(research_field="Medieval history", keywords=[]), call=CALL,
                         rules=rules)
    assert undecided.outcome == "needs_manual_review"
    assert [line.code for line in undecided.undecided] == ["research_field"]

    both = evaluate(applicant=make_applicant(research_field="Medieval history", keywords=[], team_preferences=[]),
                    call=CALL, rules=rules)
    assert both.outcome == "ineligible"
    assert [line.code for line in both.failed] == ["team_preferences"]


applicant_facts = st.builds(
    make_applicant,
    phd_status=st.sampled_from(["awarded", "expected", "none"]),
    phd_date=st.none() | st.dates(min_value=date(2005, 1, 1), max_value=date(2026, 12, 31)),
    date_of_birth=st.none() | st.dates(min_value=date(1970, 1, 1), max_value=date(2000, 12, 31)),
    career_breaks=st.lists(
        st.builds(lambda kind, start, days: BreakPeriod(kind, start, start + timedelta(days=days)),
                  st.sampled_from(["parental_leave", "illness", "military_service", "other"]),
                  st.dates(min_value=date(2005, 1, 1), max_value=date(2026, 1, 1)), st.integers(0, 900)),
        max_size=3),
    documents=st.dictionaries(st.sampled_from(REQUIRED_DOCUMENTS), st.sampled_from(["valid", "invalid", "pending"])),
    referee_letters_received=st.integers(0, 4),
    research_field=st.text(max_size=30),
    keywords=st.lists(st.sampled_from(CALL_FIELDS + ("robotics", "")), max_size=3),
    team_preferences=st.lists(st.sampled_from(TEAM_CODES + ("OTHER",)), max_size=4),
    duplicates=st.lists(st.builds(DuplicateMatch, st.sampled_from(["application", "fellowship", "x"]),
                                  st.sampled_from(["email", "orcid", "name_and_birth_date"]), st.text(max_size=8)),
                        max_size=2),
)


@given(applicant=applicant_facts, age_limit=st.none() | st.integers(25, 45))
def test_every_result_has_messages_in_both_languages_from_declared_placeholders(applicant, age_limit):
    rules = [*default_rule_configs()[:1], RuleConfig(code="years_since_phd", params={"age_limit": age_limit}),
             *default_rule_configs()[2:]]
    verdict = evaluate(applicant=applicant, call=CALL, rules=rules)
    assert verdict.outcome == combine_outcomes(outcomes=[line.outcome for line in verdict.lines])
    for line in verdict.lines:
        definition = REGISTRY[line.code]
        assert line.message_en and line.message_ko and not line.notes
        assert set(line.values) <= definition.placeholders
        assert template_fields(definition.messages_en[line.reason]) <= set(line.values)
        assert template_fields(definition.messages_ko[line.reason]) <= set(line.values)


@pytest.mark.parametrize("definition", list(REGISTRY.values()), ids=list(REGISTRY))
def test_registry_defaults_are_valid_and_messages_exist_in_both_languages(definition):
    assert set(definition.messages_en) == set(definition.messages_ko)
    for template in (*definition.messages_en.values(), *definition.messages_ko.values()):
        assert template_fields(template) <= definition.placeholders
    assert validate_rule_params(code=definition.code, params=definition.default_params) == []


def test_default_rule_configs_cover_the_six_rules_and_validate_cleanly():
    configs = default_rule_configs()
    assert [config.code for config in configs] == [
        "phd_awarded", "years_since_phd", "documents_complete", "research_field", "no_duplicate", "team_preferences"
    ]
    assert configs[1].params == {
        "max_years": 7, "age_limit": None, "counted_break_kinds": ["parental_leave", "military_service", "illness"]
    }
    assert all(validate_rule_config(config=config) == [] for config in configs)


def test_evaluate_many_matches_evaluate_and_disabled_rules_are_skipped():
    rules = [*default_rule_configs(), RuleConfig(code="documents_complete", params={"min_referee_letters": 5},
                                                 enabled=False)]
    applicants = [make_applicant(), make_applicant(team_preferences=[]), make_applicant(phd_date=None)]
    many = evaluate_many(applicants=applicants, call=CALL, rules=rules)
    assert many == [evaluate(applicant=applicant, call=CALL, rules=rules) for applicant in applicants]
    assert [verdict.outcome for verdict in many] == ["eligible", "ineligible", "needs_manual_review"]
    assert len(compile_rules(rules=rules).rules) == 6


@pytest.mark.parametrize(
    ("code", "params", "expected"),
    [
        ("nope", {}, "unknown rule code 'nope'"),
        ("years_since_phd", {"max_years": -1}, "max_years: must be at least 0, got -1"),
        ("years_since_phd", {"max_years": "7"}, "max_years: must be a whole number, got '7'"),
        ("years_since_phd", {"max_years": True}, "max_years: must be a whole number, got True"),
        ("years_since_phd", {"max_years": None}, "max_years: a value is required"),
        ("years_since_phd", {"age_limit": 39.5}, "age_limit: must be a whole number, got 39.5"),
        ("years_since_phd", {"counted_break_kinds": "illness"}, "counted_break_kinds: must be a list of text"),
        ("years_since_phd", {"years": 7}, "years: unknown parameter; known parameters: age_limit, "),
        ("phd_awarded", {"allow_expected": "yes"}, "allow_expected: must be true or false, got 'yes'"),
        ("documents_complete", {"min_referee_letters": -2}, "min_referee_letters: must be at least 0, got -2"),
        ("research_field", {"min_overlap": 0}, "min_overlap: must be at least 1, got 0"),
        ("team_preferences", {"min_preferences": 3, "max_preferences": 2},
         "min_preferences (3) must not exceed max_preferences (2)"),
        ("team_preferences", {"min_preferences": 4}, "min_preferences (4) must not exceed max_preferences (3)"),
    ],
)
def test_param_validation_explains_each_error(code, params, expected):
    errors = validate_rule_params(code=code, params=params)
    assert len(errors) == 1
    assert errors[0].startswith(expected)


def test_valid_param_overrides_have_no_errors():
    assert validate_rule_params(code="years_since_phd", params={"max_years": 5, "age_limit": 39}) == []
    assert validate_rule_params(code="years_since_phd", params={"age_limit": None}) == []


def test_invalid_configuration_makes_a_staff_line_that_sends_the_application_to_review():
    rules = [RuleConfig(code="years_since_phd", params={"max_years": -3}), RuleConfig(code="mystery_rule")]
    verdict = evaluate(applicant=make_applicant(), call=CALL, rules=rules)
    assert verdict.outcome == "needs_manual_review"
    bad_params, unknown = verdict.lines
    assert (bad_params.outcome, bad_params.reason, bad_params.concerns_applicant) == (
        "undecided", "invalid_configuration", False
    )
    assert bad_params.message_en == (
        "Rule years_since_phd cannot be applied because its configuration is invalid: max_years: must be at least 0, "
        "got -3. Staff must review this application."
    )
    assert "설정이 올바르지 않아" in bad_params.message_ko
    assert "unknown rule code 'mystery_rule'" in unknown.message_en


def test_custom_messages_render_with_the_rule_placeholders():
    line = line_for(
        code="years_since_phd", applicant=make_applicant(phd_date=date(2016, 3, 1)), call=CALL,
        message_en="Your PhD ({phd_date}) is {elapsed_days:,} days before {closing_date}.",
        message_ko="박사학위({phd_date}) 후 {elapsed_years}년 경과.",
    )
    assert line.message_en == "Your PhD (2016-03-01) is 3,439 days before 2025-07-31."
    assert line.message_ko == "박사학위(2016-03-01) 후 9년 경과."
    assert line.notes == ()


def test_custom_message_uses_localized_values_in_each_language():
    line = line_for(code="documents_complete", applicant=make_applicant(documents={}), call=CALL,
                    message_en="Still missing: {invalid}.", message_ko="유효하지 않은 서류: {invalid}.")
    assert (line.message_en, line.message_ko) == ("Still missing: none.", "유효하지 않은 서류: 없음.")


@pytest.mark.parametrize(
    ("template", "note"),
    [
        ("Limit {limit_years} years.", "unknown placeholder {limit_years}"),
        ("Limit {0} years.", "placeholder {0} is not a plain name"),
        ("Limit {} years.", "placeholder {} is not a plain name"),
        ("Class {phd_date.__class__}.", "placeholder {phd_date.__class__} is not a plain name"),
        ("Limit {max_years years.", "malformed template"),
        ("Limit {max_years:q} years.", "cannot format"),
    ],
)
def test_custom_message_that_cannot_render_falls_back_to_the_default_with_a_note(template, note):
    line = line_for(code="years_since_phd", applicant=make_applicant(), call=CALL, message_en=template)
    assert line.message_en.startswith("PhD awarded on 2021-02-15, 4 years 5 months before the closing date")
    assert len(line.notes) == 1
    assert line.notes[0].startswith("custom English message not used (")
    assert note in line.notes[0]


def test_custom_message_valid_for_one_case_falls_back_only_where_a_placeholder_is_absent():
    message = "PhD on {phd_date}."
    with_date = line_for(code="phd_awarded", applicant=make_applicant(), call=CALL, message_ko=message)
    without_date = line_for(code="phd_awarded", applicant=make_applicant(phd_status="none", phd_date=None),
                            call=CALL, message_ko=message)
    assert (with_date.message_ko, with_date.notes) == ("PhD on 2021-02-15.", ())
    assert without_date.message_ko == "박사학위를 취득했거나 취득 예정이 아닙니다. 임용 시작일: 2025-09-01."
    assert without_date.notes == (
        "custom Korean message not used (unknown placeholder {phd_date}); the default message is shown",
    )


def test_validate_rule_messages_lists_unknown_placeholders_and_malformed_templates():
    errors = validate_rule_messages(code="no_duplicate", message_en="Dup: {reference}", message_ko="중복 {matches")
    assert errors == [
        "message_en: unknown placeholder {reference}; available: {match_count}, {matches}",
        "message_ko: malformed template: expected '}' before end of string",
    ]
    assert validate_rule_messages(code="no_duplicate", message_en="{matches}", message_ko=None) == []
    assert validate_rule_config(config=RuleConfig(code="no_duplicate", params={"x": 1}, message_en="{y}")) == [
        "x: unknown parameter; known parameters: none",
        "message_en: unknown placeholder {y}; available: {match_count}, {matches}",
    ]
