"""Benchmark of the calibrated ranking (selection/ranking).

    python -m benchmarks.ranking [--sizes 1 10] [--designs teams random] [--runs 3] [--draws 1000]

Size s means 1,260*s applications x 300*s reviewers, 3 reviews per application (1 = the
real scale). Simulated truth: quality ~ N(0, 1), reviewer leniency ~ N(0, 1.5^2) (a
strong spread: two reviewers one SD apart differ by more than a noise SD), noise ~
N(0, 1), score = 6 + quality + leniency + noise (unclipped, so the model is right and the
comparison is about the method). Designs: ``teams``: 12*s teams, each application's
three reviewers drawn from its team's reviewers, with a 10 % chance per review of a
reviewer from any team (what topic-based assignment produces); ``random``: reviewers
drawn from the whole pool (the worst case for the sparse factorisation's fill).

Every run is a fresh child process, which reports the wall time of ``calibrate`` +
``rank_applications`` for the whole call (90 % intervals, quota 10 %), its peak
resident memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, simulation and imports
included), its CPU time (``time.process_time()``, all threads; with
``OPENBLAS_NUM_THREADS=1 --threads 1`` this is close to what the run takes on an idle
core), and the Spearman correlation with the true quality of the expected rank and
of the plain mean score. The best (lowest) time of ``--runs`` runs is reported too,
because the machine may be shared; each run's 1-minute load average before it starts
is printed next to its time. OpenBLAS threads follow the environment
(``OPENBLAS_NUM_THREADS``); on a loaded machine 1 is faster than 2.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np

REVIEWS_PER_APPLICATION = 3
LENIENCY_SD = 1.5
NOISE_SD = 1.0
CROSS_TEAM = 0.1
SEED = 20261130


def simulate(*, size: int, design: str, seed: int, leniency_sd: float = LENIENCY_SD) -> dict:
    rng = np.random.default_rng(seed)
    n_applications, n_reviewers = 1260 * size, 300 * size
    quality = rng.standard_normal(n_applications)
    leniency = leniency_sd * rng.standard_normal(n_reviewers)
    k = REVIEWS_PER_APPLICATION
    if design == "random":
        reviewers = np.argsort(rng.random((n_applications, n_reviewers)), axis=1)[:, :k] if n_reviewers <= 400 else None
        if reviewers is None:
            reviewers = _distinct(rng=rng, pools=[np.arange(n_reviewers)] * n_applications, k=k)
    else:
        teams = 12 * size
        team_of_reviewer = np.sort(rng.integers(0, teams, size=n_reviewers))
        members = [np.flatnonzero(team_of_reviewer == t) for t in range(teams)]
        team_of_application = rng.integers(0, teams, size=n_applications)
        reviewers = _distinct(rng=rng, pools=[members[t] for t in team_of_application], k=k)
        outside = rng.random(reviewers.shape) < CROSS_TEAM
        for i, j in zip(*np.nonzero(outside)):
            while True:
                candidate = int(rng.integers(0, n_reviewers))
                if candidate not in reviewers[i]:
                    reviewers[i, j] = candidate
                    break
    applications = np.repeat(np.arange(n_applications), k)
    reviewers = reviewers.ravel()
    scores = 6.0 + quality[applications] + leniency[reviewers] + NOISE_SD * rng.standard_normal(applications.size)
    return {"applications": applications, "reviewers": reviewers, "scores": scores, "quality": quality}


def _distinct(*, rng: np.random.Generator, pools: list[np.ndarray], k: int) -> np.ndarray:
    out = np.empty((len(pools), k), dtype=np.int64)
    for i, pool in enumerate(pools):
        out[i] = rng.choice(pool, size=k, replace=False)
    return out


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    from scipy.stats import spearmanr

    return float(spearmanr(x, y)[0])


def measure(*, size: int, design: str, draws: int, threads: int | None, seed: int, leniency_sd: float) -> dict:
    from selection.ranking import calibrate, rank_applications

    load = os.getloadavg()[0]
    data = simulate(size=size, design=design, seed=seed, leniency_sd=leniency_sd)
    n_applications = data["quality"].size
    started = time.perf_counter()
    cpu_started = time.process_time()
    calibration = calibrate(
        applications=data["applications"].tolist(),
        reviewers=data["reviewers"].tolist(),
        scores=data["scores"],
        seed=seed,
        draws=draws,
        threads=threads,
    )
    fitted = time.perf_counter()
    ranking = rank_applications(calibration, quota=n_applications // 10)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    keys = np.array([row.application for row in ranking])
    expected = np.array([row.expected_rank for row in ranking])
    raw = np.array([row.raw_mean for row in ranking])
    width = np.array([row.interval[1] - row.interval[0] for row in ranking])
    truth = data["quality"][keys]
    return {
        "size": size,
        "design": design,
        "applications": n_applications,
        "reviewers": calibration.table.n_reviewers,
        "draws": draws,
        "threads": calibration.threads,
        "seconds": seconds,
        "calibrate_seconds": fitted - started,
        "cpu_seconds": cpu_seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "spearman_expected_rank": spearman(-expected, truth),
        "spearman_plain_mean": spearman(raw, truth),
        "spearman_calibrated_score": spearman(np.array([row.score for row in ranking]), truth),
        "crossing": int(sum(row.crosses_line for row in ranking)),
        "median_interval_width": float(np.median(width)),
        "factor": calibration.factor_method,
        "load_before": load,
        "variance": [calibration.components.quality, calibration.components.leniency, calibration.components.residual],
    }


def measure_reference(*, size: int, design: str, draws: int, seed: int, leniency_sd: float) -> dict:
    """Agreement with the tests' dense exact posterior (same variance components), by brute force."""
    from selection.ranking import calibrate, rank_applications
    from tests.selection.ranking.reference import exact_posterior, expected_ranks

    data = simulate(size=size, design=design, seed=seed, leniency_sd=leniency_sd)
    applications, reviewers = data["applications"].tolist(), data["reviewers"].tolist()
    calibration = calibrate(
        applications=applications, reviewers=reviewers, scores=data["scores"], seed=seed, draws=draws
    )
    ours = {row.application: row for row in rank_applications(calibration, quota=len(data["quality"]) // 10)}
    c = calibration.components
    started = time.perf_counter()
    keys, mean, covariance = exact_posterior(
        applications=applications,
        reviewers=reviewers,
        scores=data["scores"],
        quality=c.quality,
        leniency=c.leniency,
        residual=c.residual,
    )
    reference = expected_ranks(mean=mean, covariance=covariance, draws=draws, seed=seed + 1)
    seconds = time.perf_counter() - started
    expected = np.array([ours[key].expected_rank for key in keys])
    scores = np.array([ours[key].score for key in keys])
    return {
        "spearman_expected_ranks": spearman(expected, reference),
        "max_score_difference": float(np.max(np.abs(scores - mean))),
        "max_expected_rank_difference": float(np.max(np.abs(expected - reference))),
        "reference_seconds": seconds,
    }


def run_child(*, arguments: list[str]) -> dict:
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.ranking", *arguments], capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise SystemExit(f"benchmark child {arguments} failed: {completed.stderr.strip().splitlines()[-1:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    options = _arguments(argv)
    if options.child:
        print(json.dumps(_child_result(options)))
        return 0
    print(
        "| instance | design | draws | wall time, best of runs (all runs; load before each) | CPU time, best "
        "| peak RSS | Spearman: expected rank | plain mean | calibrated score | crossing the line (quota 10 %) "
        "| median interval width |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for size in options.sizes:
        for design in options.designs:
            print(_table_row(options, size=size, design=design), flush=True)
    if options.reference:
        for design in options.designs:
            print(_reference_line(options, design=design), flush=True)
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--designs", nargs="+", choices=["teams", "random"], default=["teams", "random"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--threads", type=int, help="threads for draws and ranks (default: cores, at most 4)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--leniency-sd", type=float, default=LENIENCY_SD, help="SD of the simulated leniency")
    parser.add_argument("--reference", action="store_true", help="also compare with the dense exact posterior (size 1)")
    parser.add_argument("--child", choices=["measure", "reference"], help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _child_result(options: argparse.Namespace) -> dict:
    """What a child process measures (``--child``) for the first size and design given."""
    common = {
        "size": options.sizes[0],
        "design": options.designs[0],
        "draws": options.draws,
        "seed": options.seed,
        "leniency_sd": options.leniency_sd,
    }
    if options.child == "reference":
        return measure_reference(**common)
    return measure(**common, threads=options.threads)


def _child_arguments(options: argparse.Namespace, *, size: int, design: str) -> list[str]:
    """The options a child run of one size and design is given, as command-line words."""
    values = {"--sizes": size, "--designs": design, "--draws": options.draws, "--seed": options.seed}
    values["--leniency-sd"] = options.leniency_sd
    return [word for name, value in values.items() for word in (name, str(value))]


def _table_row(options: argparse.Namespace, *, size: int, design: str) -> str:
    """The table row of ``--runs`` child runs of one size and design."""
    common = _child_arguments(options, size=size, design=design)
    if options.threads:
        common += ["--threads", str(options.threads)]
    results = [run_child(arguments=[*common, "--child", "measure"]) for _ in range(options.runs)]
    best = min(results, key=lambda result: result["seconds"])
    times = ", ".join(f"{result['seconds']:.2f}" for result in results)
    loads = ", ".join(f"{result['load_before']:.1f}" for result in results)
    return (
        f"| {best['applications']:,} x {best['reviewers']:,} | {design} | {best['draws']} "
        f"| {best['seconds']:.2f} s ({times}; load {loads}) "
        f"| {min(result['cpu_seconds'] for result in results):.2f} s | {best['peak_rss_mb']:.0f} MB "
        f"| {best['spearman_expected_rank']:.4f} | {best['spearman_plain_mean']:.4f} "
        f"| {best['spearman_calibrated_score']:.4f} | {best['crossing']:,} "
        f"| {best['median_interval_width']:.0f} |"
    )


def _reference_line(options: argparse.Namespace, *, design: str) -> str:
    """Size 1 against the dense exact posterior, in a child process."""
    result = run_child(arguments=[*_child_arguments(options, size=1, design=design), "--child", "reference"])
    return (
        f"* 1,260 x 300 {design}: against the dense exact posterior (tests/selection/ranking/reference.py, "
        f"same variance components, {options.draws} draws each): Spearman of expected ranks "
        f"{result['spearman_expected_ranks']:.5f}, largest expected-rank difference "
        f"{result['max_expected_rank_difference']:.1f}, largest calibrated-score difference "
        f"{result['max_score_difference']:.1e} (reference: {result['reference_seconds']:.1f} s)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
