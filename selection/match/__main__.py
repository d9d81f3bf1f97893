"""Command line: ``python -m selection.match solve FILE.json --out OUT.json``.

Exit status 0: matched, OUT.json written. 2: the input cannot be used (not JSON, wrong
types, unknown team or applicant, a name twice, negative capacity, missing file, bad
arguments); one line on stderr, nothing written. 1: OUT.json cannot be written.
Formats: :mod:`selection.match.io`.
"""

import argparse
import sys
import time
from pathlib import Path

from selection.cli import command_parser
from selection.match.errors import MatchInputError
from selection.match.io import read_instance, result_document, write_result
from selection.match.solve import solve

EXIT_CANNOT_WRITE = 1
EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    parser, commands = command_parser(
        prog="python -m selection.match", description="Stable match of applicants to teams.", exit_status=EXIT_BAD_INPUT
    )
    command = commands.add_parser("solve", help="match a JSON instance and write the matching as JSON")
    command.add_argument("file", type=Path, help="instance JSON (see selection/match/io.py)")
    command.add_argument("--out", type=Path, required=True, help="where to write the result JSON")
    command.add_argument("--total", type=int, help="the call's total quota (overrides the file's 'total')")
    command.add_argument("--explain", action="store_true", help="add one explanation sentence per applicant")
    return parser


def solve_file(*, path: Path, total: int | None = None, explain: bool = False) -> dict:
    """Read, match and build the result document: what the benchmark times as "whole process"."""
    started = time.perf_counter()
    instance = read_instance(path=path)
    result = solve(market=instance.market, total=instance.total if total is None else total)
    document = result_document(result=result, seconds=0.0, explain=explain)
    document["seconds"] = round(time.perf_counter() - started, 6)
    return document


def main(argv: list[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    try:
        document = solve_file(path=options.file, total=options.total, explain=options.explain)
    except MatchInputError as error:
        print(f"error: {error}".replace("\n", "\\n"), file=sys.stderr)  # one line, even if a name holds a newline
        return EXIT_BAD_INPUT
    try:
        write_result(path=options.out, document=document)
    except OSError as error:
        print(f"error: cannot write {options.out}: {error.strerror}", file=sys.stderr)
        return EXIT_CANNOT_WRITE
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
