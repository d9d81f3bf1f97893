"""Command line: ``python -m selection.assignment solve FILE --out OUT.json``.

Exit status 0: every application got k reviewers. 2: some could not (OUT.json is still
written, with ``uncovered`` and ``reasons``; one line on stderr says why). 1: the input
could not be used (missing file, missing arrays, wrong shapes); one line on stderr.
The file formats are described in :mod:`selection.assignment.io`.
"""

import argparse
import sys
import time
from pathlib import Path

from selection.assignment.io import load_instance, write_result
from selection.assignment.problem import AssignmentInputError
from selection.assignment.solver import assign_reviewers
from selection.cli import command_parser

EXIT_BAD_INPUT = 1
EXIT_INFEASIBLE = 2


def build_parser() -> argparse.ArgumentParser:
    parser, commands = command_parser(
        prog="python -m selection.assignment", description="Optimal reviewer assignment.", exit_status=EXIT_BAD_INPUT
    )
    solve = commands.add_parser("solve", help="solve an .npz instance and write the assignment as JSON")
    solve.add_argument("file", type=Path, help="instance .npz (see selection/assignment/io.py)")
    solve.add_argument("--out", type=Path, required=True, help="where to write the result JSON")
    solve.add_argument("--k", type=int, help="reviewers per application (overrides the file's k)")
    solve.add_argument("--min-preferred", type=int, help="at least this many from the preferred team, where possible")
    solve.add_argument("--fairness", action="store_true", help="first raise the weakest assigned pair, then the total")
    solve.add_argument("--candidates", type=int, help="initial candidate reviewers per application")
    return parser


def run_solve(options: argparse.Namespace) -> int:
    instance = load_instance(path=options.file)
    started = time.perf_counter()
    result = assign_reviewers(
        affinity=instance.affinity,
        conflicts=instance.conflicts,
        max_load=instance.max_load,
        k=options.k if options.k is not None else instance.k,
        preferred_team=instance.preferred_team,
        reviewer_team=instance.reviewer_team,
        min_preferred=options.min_preferred if options.min_preferred is not None else instance.min_preferred,
        fairness=options.fairness,
        candidates_per_application=options.candidates,
    )
    seconds = time.perf_counter() - started
    try:
        write_result(path=options.out, result=result, seconds=seconds)
    except OSError as error:
        raise AssignmentInputError(f"cannot write {options.out}: {error.strerror}") from None
    if result.uncovered:
        first = result.uncovered[0]
        print(
            f"infeasible: {len(result.uncovered)} of {len(result.uncovered) + len(set(result.applications.tolist()))} "
            f"applications cannot get {result.k} reviewers; application {first.application}: {first.reason}",
            file=sys.stderr,
        )
        return EXIT_INFEASIBLE
    return 0


def main(argv: list[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    try:
        return run_solve(options)
    except AssignmentInputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    raise SystemExit(main())
