"""Command line: ``python -m selection.ranking rank FILE.json --out OUT.json [--seed N] [--draws N]``.

Exit status 0: OUT.json written, best first. 2: the input cannot be ranked (missing or
unreadable file, not JSON, missing keys, a score that is not a finite number, a
negative quota, a duplicate (application, reviewer) pair, no reviews, bad options) or
OUT.json cannot be written; one line on stderr says why, and no OUT.json is written.
The formats are described in :mod:`selection.ranking.io`.
"""

import argparse
import sys
import time
from pathlib import Path

from selection.cli import command_parser
from selection.ranking.calibration import DEFAULT_DRAWS, DEFAULT_LEVEL, calibrate, rank_applications
from selection.ranking.errors import RankingInputError
from selection.ranking.io import load_reviews, result_document, write_result

EXIT_BAD_INPUT = 2
DEFAULT_SEED = 0


def build_parser() -> argparse.ArgumentParser:
    parser, commands = command_parser(
        prog="python -m selection.ranking", description="Calibrated ranking with uncertainty.", exit_status=EXIT_BAD_INPUT
    )
    rank = commands.add_parser("rank", help="rank the applications of a review file and write the ranking as JSON")
    rank.add_argument("file", type=Path, help="review file .json (see selection/ranking/io.py)")
    rank.add_argument("--out", type=Path, required=True, help="where to write the ranking JSON")
    rank.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"seed of the posterior draws (default {DEFAULT_SEED})"
    )
    rank.add_argument("--draws", type=int, default=DEFAULT_DRAWS, help=f"posterior draws (default {DEFAULT_DRAWS})")
    rank.add_argument(
        "--level", type=float, default=DEFAULT_LEVEL, help="credible level of the rank interval (default 0.9)"
    )
    rank.add_argument(
        "--leniency", choices=["fixed", "random"], default="fixed", help="reviewer leniency model (default fixed)"
    )
    return parser


def run_rank(options: argparse.Namespace) -> int:
    reviews = load_reviews(path=options.file)
    started = time.perf_counter()
    calibration = calibrate(
        applications=reviews.applications,
        reviewers=reviews.reviewers,
        scores=reviews.scores,
        seed=options.seed,
        draws=options.draws,
        level=options.level,
        leniency=options.leniency,
    )
    ranking = rank_applications(calibration, quota=reviews.quota)
    seconds = time.perf_counter() - started
    document = result_document(calibration=calibration, ranking=ranking, quota=reviews.quota, seconds=seconds)
    try:
        write_result(path=options.out, document=document)
    except OSError as error:
        raise RankingInputError(f"cannot write {options.out}: {error.strerror}") from None
    return 0


def main(argv: list[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    try:
        return run_rank(options)
    except RankingInputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    raise SystemExit(main())
