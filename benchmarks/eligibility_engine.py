"""Throughput of the pure eligibility engine: checks per second in one process.

Generates N seeded synthetic applications for one call (a mix of eligible,
ineligible and undecided cases), then times ``evaluate`` over all of them with
the call's rules compiled once, as the Django layer does for a batch. Fact
generation is not timed. Verdicts are counted and dropped as they come, like a
batch job that stores them in chunks; holding all N verdicts in memory at once
adds garbage-collection time and lowers the figure.

Run: .venv/bin/python -m benchmarks.eligibility_engine --applications 100000
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from applications.eligibility import (
    EligibilityFacts,
    CallFacts,
    BreakPeriod,
    DuplicateMatch,
    compile_rules,
    default_rule_configs,
    evaluate,
)

TEAM_CODES = ("KAIST-LLM", "KAIST-ADM", "KAIST-DRUG", "KAIST-AERO", "UNIST-H2", "UNIST-SOLAR", "DGIST-BODY", "GIST-ACE")
CALL_FIELDS = (
    "large language models",
    "drug discovery",
    "aerospace",
    "hydrogen",
    "solar",
    "physical AI",
    "brain disease",
    "manufacturing",
)
OTHER_TERMS = ("graph theory", "medieval history", "computer vision", "protein folding", "robotics", "optimisation")
REQUIRED_DOCUMENTS = ("cv", "phd_certificate", "research_proposal", "publication_list")
BREAK_KINDS = ("parental_leave", "military_service", "illness", "sabbatical")


def synthetic_call() -> CallFacts:
    return CallFacts(
        closes_at=datetime(2025, 7, 31, 23, 59, tzinfo=ZoneInfo("Asia/Seoul")),
        appointment_starts_on=date(2025, 9, 1),
        team_codes=TEAM_CODES,
        fields=CALL_FIELDS,
        required_documents=REQUIRED_DOCUMENTS,
    )


def synthetic_applicant(*, rng: random.Random, closing_date: date) -> EligibilityFacts:
    phd_status = rng.choices(("awarded", "expected", "none"), weights=(85, 13, 2))[0]
    phd_date = closing_date + timedelta(days=rng.randint(-4000, 60)) if phd_status != "none" else None
    breaks = []
    for _ in range(rng.choice((0, 0, 0, 1, 2))):
        start = closing_date - timedelta(days=rng.randint(30, 3000))
        breaks.append(BreakPeriod(rng.choice(BREAK_KINDS), start, start + timedelta(days=rng.randint(10, 400))))
    statuses = rng.choices(("valid", "invalid", "pending"), weights=(95, 3, 2), k=len(REQUIRED_DOCUMENTS))
    documents = dict(zip(REQUIRED_DOCUMENTS, statuses))
    if rng.random() < 0.05:
        documents.pop(rng.choice(REQUIRED_DOCUMENTS))
    duplicates = []
    if rng.random() < 0.02:
        duplicates.append(DuplicateMatch("application", rng.choice(("email", "orcid")), f"APP-{rng.randint(1, 9999)}"))
    return EligibilityFacts(
        phd_status=phd_status,
        phd_date=phd_date,
        date_of_birth=closing_date - timedelta(days=rng.randint(26 * 365, 45 * 365)),
        career_breaks=breaks,
        documents=documents,
        referee_letters_received=rng.choices((0, 1, 2, 3), weights=(2, 5, 60, 33))[0],
        research_field=f"{rng.choice(CALL_FIELDS + OTHER_TERMS)} for {rng.choice(OTHER_TERMS)}",
        keywords=rng.sample(CALL_FIELDS + OTHER_TERMS, k=3),
        team_preferences=rng.sample(TEAM_CODES, k=rng.randint(1, 3)),
        duplicates=duplicates,
    )


def measure(*, applications: int, seed: int) -> tuple[float, dict[str, int]]:
    """Checks per second over ``applications`` synthetic applications, and the count of each verdict."""
    rng = random.Random(seed)
    call = synthetic_call()
    applicants = [synthetic_applicant(rng=rng, closing_date=call.closing_date) for _ in range(applications)]
    rules = compile_rules(rules=default_rule_configs())
    counts: dict[str, int] = {}
    started = time.perf_counter()
    for applicant in applicants:
        outcome = evaluate(applicant=applicant, call=call, rules=rules).outcome
        counts[outcome] = counts.get(outcome, 0) + 1
    elapsed = time.perf_counter() - started
    return applications / elapsed, counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    rate, counts = measure(applications=args.applications, seed=args.seed)
    print(f"eligibility engine: {args.applications} applications, 6 rules each, seed {args.seed}")
    print(f"verdicts: {', '.join(f'{name} {count}' for name, count in sorted(counts.items()))}")
    print(f"throughput: {rate:,.0f} checks/s (one process)")


if __name__ == "__main__":
    main()
