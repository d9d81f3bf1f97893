"""Evaluate an application against a call's rules and combine the lines into a verdict.

``evaluate`` accepts either the staff-edited ``RuleConfig`` list or a
``CompiledRules`` from ``compile_rules``; compile once and reuse it when checking
many applications of the same call (``evaluate_many`` does this), so parameter
merging and validation are not repeated per application.

A rule whose configuration is invalid (unknown code, bad parameters) does not
raise: its line is undecided, so the application goes to manual review and staff
see the configuration errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from applications.eligibility.catalogue import REGISTRY, RuleDefinition
from applications.eligibility.facts import (
    EligibilityFacts,
    CallFacts,
    RuleConfig,
    RuleOutcome,
    RuleResult,
    Verdict,
    CombinedOutcome,
)
from applications.eligibility.messages import render, render_with_fallback, template_errors, values_by_language
from applications.eligibility.params import normalised_value, schema_errors

INVALID_CONFIGURATION = "invalid_configuration"
INVALID_CONFIGURATION_EN = (
    "Rule {code} cannot be applied because its configuration is invalid: {errors}. Staff must review this application."
)
INVALID_CONFIGURATION_KO = "규칙 {code}의 설정이 올바르지 않아 적용할 수 없습니다: {errors}. 담당자 검토가 필요합니다."


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule ready to run: merged, normalised parameters, or the errors that stop it running."""

    code: str
    definition: RuleDefinition | None
    params: Mapping[str, Any]
    message_en: str | None
    message_ko: str | None
    errors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CompiledRules:
    rules: tuple[CompiledRule, ...]


def default_rule_configs() -> tuple[RuleConfig, ...]:
    """One enabled ``RuleConfig`` per registered rule with its default parameters and default messages."""
    return tuple(
        RuleConfig(
            code=definition.code,
            params={name: _json_friendly(value) for name, value in definition.default_params.items()},
        )
        for definition in REGISTRY.values()
    )


def validate_rule_params(*, code: str, params: Mapping[str, Any]) -> list[str]:
    """Errors in ``params`` for rule ``code`` (an empty list when they are valid), worded for an admin form."""
    definition = REGISTRY.get(code)
    if definition is None:
        return [f"unknown rule code {code!r}; known codes: {', '.join(REGISTRY)}"]
    return schema_errors(
        schema=definition.params_schema,
        defaults=definition.default_params,
        params=params,
        cross_check=definition.cross_check,
    )


def validate_rule_messages(*, code: str, message_en: str | None, message_ko: str | None) -> list[str]:
    """Errors in custom messages: malformed templates or placeholders the rule never provides."""
    definition = REGISTRY.get(code)
    if definition is None:
        return [f"unknown rule code {code!r}; known codes: {', '.join(REGISTRY)}"]
    errors: list[str] = []
    for label, template in (("message_en", message_en), ("message_ko", message_ko)):
        if template:
            errors.extend(template_errors(template=template, allowed=definition.placeholders, label=label))
    return errors


def validate_rule_config(*, config: RuleConfig) -> list[str]:
    """All errors in one staff-edited rule: parameters first, then messages."""
    errors = validate_rule_params(code=config.code, params=config.params)
    if config.code in REGISTRY:
        errors.extend(
            validate_rule_messages(code=config.code, message_en=config.message_en, message_ko=config.message_ko)
        )
    return errors


def compile_rules(*, rules: Sequence[RuleConfig]) -> CompiledRules:
    """The enabled rules, in order, with parameters merged over the defaults and validated."""
    return CompiledRules(rules=tuple(_compile(config=config) for config in rules if config.enabled))


def combine_outcomes(*, outcomes: Iterable[RuleOutcome]) -> CombinedOutcome:
    """Any failed line makes the application ineligible; else any undecided needs review; else eligible."""
    undecided = False
    for outcome in outcomes:
        if outcome == RuleOutcome.FAILED:
            return CombinedOutcome.INELIGIBLE
        if outcome == RuleOutcome.UNDECIDED:
            undecided = True
    return CombinedOutcome.NEEDS_MANUAL_REVIEW if undecided else CombinedOutcome.ELIGIBLE


def evaluate(
    *, applicant: EligibilityFacts, call: CallFacts, rules: Sequence[RuleConfig] | CompiledRules
) -> Verdict:
    """The verdict for one application: one line per enabled rule, in the order given."""
    compiled = rules if isinstance(rules, CompiledRules) else compile_rules(rules=rules)
    lines = tuple(_run(rule=rule, applicant=applicant, call=call) for rule in compiled.rules)
    return Verdict(outcome=combine_outcomes(outcomes=(line.outcome for line in lines)), lines=lines)


def evaluate_many(
    *, applicants: Iterable[EligibilityFacts], call: CallFacts, rules: Sequence[RuleConfig] | CompiledRules
) -> list[Verdict]:
    """Verdicts for many applications to the same call, compiling the rules once."""
    compiled = rules if isinstance(rules, CompiledRules) else compile_rules(rules=rules)
    return [evaluate(applicant=applicant, call=call, rules=compiled) for applicant in applicants]


def _compile(*, config: RuleConfig) -> CompiledRule:
    definition = REGISTRY.get(config.code)
    errors = validate_rule_params(code=config.code, params=config.params)
    if definition is None or errors:
        return CompiledRule(
            code=config.code,
            definition=definition,
            params=MappingProxyType({}),
            message_en=config.message_en,
            message_ko=config.message_ko,
            errors=tuple(errors),
        )
    merged = {**definition.default_params, **config.params}
    schema = definition.params_schema
    params = {name: normalised_value(spec=schema[name], value=value) for name, value in merged.items()}
    return CompiledRule(
        code=config.code,
        definition=definition,
        params=MappingProxyType(params),
        message_en=config.message_en,
        message_ko=config.message_ko,
    )


def _run(*, rule: CompiledRule, applicant: EligibilityFacts, call: CallFacts) -> RuleResult:
    definition = rule.definition
    if definition is None or rule.errors:
        return _invalid_configuration(rule=rule)
    outcome, reason, values = definition.check(applicant=applicant, call=call, params=rule.params)
    values_en, values_ko = values_by_language(values=values)
    message_en, note_en = render_with_fallback(
        custom=rule.message_en,
        default=definition.messages_en[reason],
        values=values_en,
        language="en",
    )
    message_ko, note_ko = render_with_fallback(
        custom=rule.message_ko,
        default=definition.messages_ko[reason],
        values=values_ko,
        language="ko",
    )
    notes = tuple(note for note in (note_en, note_ko) if note)
    return RuleResult(
        code=rule.code,
        outcome=outcome,
        reason=reason,
        message_en=message_en,
        message_ko=message_ko,
        concerns_applicant=definition.concerns_applicant,
        values=values,
        notes=notes,
    )


def _invalid_configuration(*, rule: CompiledRule) -> RuleResult:
    """An undecided line for a rule staff configured wrongly; it concerns staff, not the applicant."""
    values = {"code": rule.code, "errors": "; ".join(rule.errors)}
    return RuleResult(
        code=rule.code,
        outcome=RuleOutcome.UNDECIDED,
        reason=INVALID_CONFIGURATION,
        message_en=render(template=INVALID_CONFIGURATION_EN, values=values),
        message_ko=render(template=INVALID_CONFIGURATION_KO, values=values),
        concerns_applicant=False,
        values=values,
        notes=rule.errors,
    )


def _json_friendly(value: Any) -> Any:
    return list(value) if isinstance(value, (tuple, frozenset, set)) else value
