"""Pure eligibility rule engine: plain facts in, verdicts out; no ORM, no Django.

The Django layer builds ``EligibilityFacts`` and ``CallFacts`` from models, turns
the call's stored rules into ``RuleConfig`` objects and calls ``evaluate`` (or
``evaluate_many`` with ``compile_rules`` for a batch). Admin forms validate staff
edits with ``validate_rule_params`` / ``validate_rule_messages``.
"""

from applications.eligibility.catalogue import REGISTRY, RuleDefinition
from applications.eligibility.dates import KOREA, add_years, closing_date_in_korea, completed_years, count_break_days
from applications.eligibility.engine import (
    CompiledRules,
    combine_outcomes,
    compile_rules,
    default_rule_configs,
    evaluate,
    evaluate_many,
    validate_rule_config,
    validate_rule_messages,
    validate_rule_params,
)
from applications.eligibility.facts import (
    BreakPeriod,
    CallFacts,
    CombinedOutcome,
    DuplicateMatch,
    EligibilityFacts,
    Localized,
    PhdStage,
    RuleConfig,
    RuleOutcome,
    RuleResult,
    Verdict,
)

__all__ = [
    "KOREA",
    "REGISTRY",
    "BreakPeriod",
    "CallFacts",
    "CombinedOutcome",
    "CompiledRules",
    "DuplicateMatch",
    "EligibilityFacts",
    "Localized",
    "PhdStage",
    "RuleConfig",
    "RuleDefinition",
    "RuleOutcome",
    "RuleResult",
    "Verdict",
    "add_years",
    "closing_date_in_korea",
    "combine_outcomes",
    "compile_rules",
    "completed_years",
    "count_break_days",
    "default_rule_configs",
    "evaluate",
    "evaluate_many",
    "validate_rule_config",
    "validate_rule_messages",
    "validate_rule_params",
]
