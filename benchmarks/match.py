"""Benchmark of the match (selection/match): deferred acceptance, whole process.

    python -m benchmarks.match [--sizes 10 100] [--runs 5] [--order score|random] [--no-reference]

Size s means 1,260*s applicants x 8*s teams (1 = the real call: 400 seats over eight
teams). Each applicant lists 3 distinct teams uniformly at random; each team ranks
exactly the applicants who listed it, by a shared score plus team-specific noise
(``--order score``) or in random order (``--order random``); capacity 50 per team (the
real 400 / 8). Instances are seeded and written as the command line's JSON file.

"Whole process" is what ``python -m selection.match solve FILE --out OUT`` does after
Python has started: read and parse the JSON, validate, match, build the result document,
write OUT.json (``selection.match.__main__.solve_file`` + ``write_result``). The best of
``--runs`` runs is reported next to the median (the machine may be shared), and one run
of the real command in a fresh process (interpreter start and imports included).
Every result is checked: no blocking pair, no team over capacity, every pair mutually
acceptable. The PyPI package ``matching`` (HospitalResident, resident-optimal) is run on
the same instance for sizes <= 10 when installed, and its matching compared.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

CHOICES = 3
CAPACITY = 50


def instance_document(*, size: int, seed: int, order: str) -> dict:
    rng = np.random.default_rng(seed)
    n_applicants, n_teams = 1260 * size, 8 * size
    choices = rng.integers(0, n_teams, size=(n_applicants, CHOICES))
    while True:  # redraw repeated teams until every list holds distinct teams
        repeated = (
            (choices[:, 1] == choices[:, 0]) | (choices[:, 2] == choices[:, 0]) | (choices[:, 2] == choices[:, 1])
        )
        if not repeated.any():
            break
        choices[repeated] = rng.integers(0, n_teams, size=(int(repeated.sum()), CHOICES))
    applicant = np.repeat(np.arange(n_applicants), CHOICES)
    team = choices.ravel()
    if order == "score":
        merit = rng.standard_normal(n_applicants)[applicant] + 0.5 * rng.standard_normal(applicant.size)
    else:
        merit = rng.random(applicant.size)
    ranked = np.lexsort((-merit, team))
    bounds = np.searchsorted(team[ranked], np.arange(n_teams + 1))
    names = [f"A{i + 1}" for i in range(n_applicants)]
    team_names = [f"T{t + 1}" for t in range(n_teams)]
    ranked_names = [names[i] for i in applicant[ranked].tolist()]
    return {
        "applicants": {names[i]: [team_names[t] for t in row] for i, row in enumerate(choices.tolist())},
        "teams": {
            team_names[t]: {"capacity": CAPACITY, "ranking": ranked_names[bounds[t] : bounds[t + 1]]}
            for t in range(n_teams)
        },
    }


def whole_process(*, path: Path, out: Path) -> tuple[float, float, dict]:
    """Wall and CPU seconds of one read-match-write; CPU time is what a shared machine
    distorts least (the work is single-threaded)."""
    from selection.match.__main__ import solve_file
    from selection.match.io import write_result

    started, started_cpu = time.perf_counter(), time.process_time()
    document = solve_file(path=path)
    write_result(path=out, document=document)
    return time.perf_counter() - started, time.process_time() - started_cpu, document


def solve_only(*, path: Path) -> float:
    """Wall seconds of the deferred acceptance alone, on an already built market."""
    from selection.match.io import read_instance
    from selection.match.solve import solve

    market = read_instance(path=path).market
    started = time.perf_counter()
    solve(market=market)
    return time.perf_counter() - started


def check(*, path: Path, document: dict) -> dict:
    from selection.match.io import read_instance
    from selection.match.stability import blocking_pairs, over_capacity, unacceptable_pairs

    market = read_instance(path=path).market
    applicant_index, team_index = market.applicant_index, market.team_index
    team_of = np.full(len(market.applicants), -1)
    for team, members in document["matching"].items():
        team_of[[applicant_index[name] for name in members]] = team_index[team]
    return {
        "matched": int((team_of >= 0).sum()),
        "blocking_pairs": len(blocking_pairs(market=market, capacity=market.capacity, team_of=team_of)),
        "over_capacity": len(over_capacity(capacity=market.capacity, team_of=team_of)),
        "unacceptable": len(unacceptable_pairs(market=market, team_of=team_of)),
    }


def cli_seconds(*, path: Path, out: Path) -> float:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "selection.match", "solve", str(path), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"the command failed: {completed.stderr.strip()}")
    return time.perf_counter() - started


def reference_package(*, instance: dict, document: dict) -> dict | None:
    try:
        from matching.games import HospitalResident
    except ImportError:
        return None
    import warnings

    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(
            instance["applicants"],
            {team: spec["ranking"] for team, spec in instance["teams"].items()},
            {team: spec["capacity"] for team, spec in instance["teams"].items()},
        )
        solution = game.solve(optimal="resident")
    seconds = time.perf_counter() - started
    theirs = {str(team): sorted(str(r) for r in residents) for team, residents in solution.items()}
    ours = {team: sorted(members) for team, members in document["matching"].items()}
    return {"seconds": seconds, "same_matching": theirs == ours}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--order", choices=["score", "random"], default="score")
    parser.add_argument("--no-reference", action="store_true", help="skip the PyPI 'matching' package")
    options = parser.parse_args(argv)

    print(
        "| instance | order | whole process, best | median | best CPU time | runs | match alone, best "
        "| fresh process (CLI) | matched | blocking pairs | over capacity | unacceptable | PyPI `matching` |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for size in options.sizes:
            instance = instance_document(size=size, seed=options.seed + size, order=options.order)
            path, out = Path(folder) / f"match-{size}.json", Path(folder) / f"out-{size}.json"
            path.write_text(json.dumps(instance))
            times, cpu, document = [], [], None
            for _ in range(options.runs):
                seconds, cpu_seconds, document = whole_process(path=path, out=out)
                times.append(seconds)
                cpu.append(cpu_seconds)
            solving = min(solve_only(path=path) for _ in range(options.runs))
            fresh = cli_seconds(path=path, out=out)
            checks = check(path=path, document=document)
            reference = (
                None if options.no_reference or size > 10 else reference_package(instance=instance, document=document)
            )
            package = (
                "-"
                if reference is None
                else f"{reference['seconds']:.2f} s, same matching: {reference['same_matching']}"
            )
            print(
                f"| {1260 * size:,} x {8 * size:,} | {options.order} | {min(times):.3f} s | {statistics.median(times):.3f} s "
                f"| {min(cpu):.3f} s | {options.runs} | {solving:.3f} s | {fresh:.2f} s | {checks['matched']:,} "
                f"| {checks['blocking_pairs']} "
                f"| {checks['over_capacity']} | {checks['unacceptable']} | {package} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
