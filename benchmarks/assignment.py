"""Benchmark of the reviewer assignment solver (selection/assignment).

    python -m benchmarks.assignment [--sizes 1 10 100] [--fairness]

Size s means 1,260*s applications x 300*s reviewers (1 = the real scale). Instances are
seeded and clustered: applications and reviewers draw topic vectors around shared
cluster centres, so affinities correlate. Sizes 1 and 10 are dense (float32 matrix,
2 % random conflicts); size 100 is generated directly as CSR (each application stores
~40 distinct reviewers of its own cluster of ~100, every other cell is affinity 0) with 30 random
conflicts per application, never as a dense matrix. Loads give ~1.5x the demanded reviews.

Every measurement runs in a fresh child process, which reports its own wall time and
peak resident memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, so the instance
generation and the Python runtime are included). The independent optimum is SciPy's
HiGHS on the full LP for size 1, one plain all-pairs SimpleMinCostFlow for size 10, and
for size 100 none fits: it is certified by the solver's dual check instead.

    python -m benchmarks.assignment --shape demo [--applications 12600 --reviewers 3000]

Demo shape (``benchmarks/assignment_demo.py``): the inputs an assignment run builds on the seeded demo (see
:func:`benchmarks.assignment_demo.demo_instance`): 8 teams' keywords, ties and near-ties in affinity, a team bonus,
team preference (min_preferred 1), conflicts found by ``detect_conflicts_of_interest``, the demo's
loads (8-15 per reviewer, so 12,600 x 3,000 is short of capacity and some applications
stay uncovered). It is solved through ``selection.planning.solve_keeping_fixed``, the
service's entry point. Reported: wall and CPU time (``getrusage``) of the instance
building and of the solve, restricted solves over all phases, peak RSS.

    python -m benchmarks.assignment --shape demo --save demo.npz   # build once (~50 s CPU)
    python -m benchmarks.assignment --shape demo --load demo.npz   # solve the saved instance

``--save`` writes the demo inputs (``numpy.savez``) and exits; ``--load`` solves them
instead of building them again (the building columns then show the loading).
"""

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np
import scipy.sparse as sp

K = 3
FORCE_SPARSE = False
CLUSTERS_PER_SIZE = 12
SPARSE_CLUSTERS_PER_SIZE = 3
DIMENSIONS = 24


def instance_shape(*, size: int) -> tuple[int, int]:
    return 1260 * size, 300 * size


def reviewer_loads(*, rng: np.random.Generator, n_applications: int, n_reviewers: int) -> np.ndarray:
    mean = 1.5 * K * n_applications / n_reviewers
    return rng.integers(max(1, int(mean * 0.6)), int(np.ceil(mean * 1.4)) + 1, size=n_reviewers)


def topic_vectors(*, rng: np.random.Generator, centres: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    cluster = rng.integers(0, centres.shape[0], size=count)
    vectors = centres[cluster] + 0.6 * rng.standard_normal((count, centres.shape[1]))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors.astype(np.float32), cluster


def dense_instance(*, size: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    n_applications, n_reviewers = instance_shape(size=size)
    centres = rng.standard_normal((CLUSTERS_PER_SIZE * size, DIMENSIONS))
    applications, _ = topic_vectors(rng=rng, centres=centres, count=n_applications)
    reviewers, _ = topic_vectors(rng=rng, centres=centres, count=n_reviewers)
    affinity = np.clip(applications @ reviewers.T, 0.0, 1.0)
    affinity += 0.05 * rng.random(affinity.shape, dtype=np.float32)
    return {
        "affinity": affinity.astype(np.float32),
        "conflicts": rng.random(affinity.shape, dtype=np.float32) < 0.02,
        "max_load": reviewer_loads(rng=rng, n_applications=n_applications, n_reviewers=n_reviewers),
        "k": K,
    }


def sparse_instance(*, size: int, seed: int, stored_per_application: int = 40, conflicts_per_application: int = 30) -> dict:
    rng = np.random.default_rng(seed)
    n_applications, n_reviewers = instance_shape(size=size)
    clusters = SPARSE_CLUSTERS_PER_SIZE * size
    reviewer_cluster = np.sort(rng.integers(0, clusters, size=n_reviewers))
    cluster_start = np.searchsorted(reviewer_cluster, np.arange(clusters + 1))
    cluster_size = np.maximum(np.diff(cluster_start), 1)
    application_cluster = rng.integers(0, clusters, size=n_applications)
    rows = np.repeat(np.arange(n_applications), stored_per_application)
    own = application_cluster[rows]
    cols = cluster_start[own] + rng.integers(0, 1 << 30, size=rows.size) % cluster_size[own]
    cols = np.minimum(cols, n_reviewers - 1)
    values = (0.3 + 0.7 * rng.beta(2.0, 3.0, size=rows.size)).astype(np.float32)
    keys, first = np.unique(rows.astype(np.int64) * n_reviewers + cols, return_index=True)
    affinity = sp.csr_matrix(
        (values[first], (keys // n_reviewers, keys % n_reviewers)), shape=(n_applications, n_reviewers)
    )
    conflict_rows = np.repeat(np.arange(n_applications), conflicts_per_application)
    conflict_cols = rng.integers(0, n_reviewers, size=conflict_rows.size)
    conflicts = sp.csr_matrix(
        (np.ones(conflict_rows.size, dtype=bool), (conflict_rows, conflict_cols)), shape=(n_applications, n_reviewers)
    )
    return {
        "affinity": affinity,
        "conflicts": conflicts,
        "max_load": reviewer_loads(rng=rng, n_applications=n_applications, n_reviewers=n_reviewers),
        "k": K,
    }


def build_instance(*, size: int, seed: int) -> dict:
    return sparse_instance(size=size, seed=seed) if size >= 100 or FORCE_SPARSE else dense_instance(size=size, seed=seed)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def conflict_violations(*, conflicts, rows: np.ndarray, cols: np.ndarray) -> int:
    if sp.issparse(conflicts):
        return int(np.asarray(conflicts.tocsr()[rows, cols]).ravel().astype(bool).sum())
    return int(conflicts[rows, cols].sum())


def measure_solve(*, size: int, seed: int, fairness: bool) -> dict:
    from selection.assignment.solver import assign_reviewers

    instance = build_instance(size=size, seed=seed)
    started = time.perf_counter()
    result = assign_reviewers(
        affinity=instance["affinity"],
        conflicts=instance["conflicts"],
        max_load=instance["max_load"],
        k=instance["k"],
        fairness=fairness,
    )
    seconds = time.perf_counter() - started
    loads = np.bincount(result.reviewers, minlength=instance["max_load"].size)
    per_application = np.bincount(result.applications, minlength=instance_shape(size=size)[0])
    return {
        "size": size,
        "seconds": seconds,
        "peak_rss_mb": peak_rss_mb(),
        "objective": result.objective,
        "min_application_affinity": result.min_application_affinity,
        "fairness_floor": result.fairness_floor,
        "uncovered": len(result.uncovered),
        "wrong_counts": int(np.sum((per_application != K) & (per_application != 0))),
        "load_violations": int(np.sum(loads > instance["max_load"])),
        "conflict_violations": conflict_violations(
            conflicts=instance["conflicts"], rows=result.applications, cols=result.reviewers
        ),
        "certificate_rounds": result.certificate_rounds,
        "candidate_pairs": result.candidate_pairs,
    }


def measure_reference(*, size: int, seed: int) -> dict:
    from tests.selection.assignment.reference import all_pairs_flow_optimum, linprog_optimum

    instance = build_instance(size=size, seed=seed)
    started = time.perf_counter()
    if size == 1:
        method = "SciPy HiGHS linprog, full LP"
        optimum = linprog_optimum(
            affinity=instance["affinity"],
            conflicts=instance["conflicts"],
            max_load=instance["max_load"],
            k=instance["k"],
            applications=np.arange(instance["affinity"].shape[0]),
        )
    else:
        method = "plain all-pairs SimpleMinCostFlow"
        optimum = all_pairs_flow_optimum(
            affinity=instance["affinity"], conflicts=instance["conflicts"], max_load=instance["max_load"], k=instance["k"]
        )
    return {
        "method": method,
        "objective": None if optimum is None else optimum.objective,
        "seconds": time.perf_counter() - started,
        "peak_rss_mb": peak_rss_mb(),
    }


def run_child(*, arguments: list[str]) -> dict:
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.assignment", *arguments], capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise SystemExit(f"benchmark child {arguments} failed: {completed.stderr.strip().splitlines()[-1:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def report_line(*, solve: dict, reference: dict | None) -> str:
    n_applications, n_reviewers = instance_shape(size=solve["size"])
    if reference is None or reference["objective"] is None:
        exact, ratio = "certified by the dual check", "-"
    else:
        exact = f"{reference['objective']:.4f} ({reference['method']}, {reference['seconds']:.1f} s, {reference['peak_rss_mb']:.0f} MB)"
        ratio = f"{solve['objective'] / reference['objective']:.9f}"
    return (
        f"| {n_applications:,} x {n_reviewers:,} | {solve['seconds']:.2f} s | {solve['peak_rss_mb']:.0f} MB "
        f"| {solve['objective']:.4f} | {exact} | {ratio} | {solve['min_application_affinity']:.4f} "
        f"| {solve['conflict_violations']} | {solve['load_violations']} | {solve['uncovered']} "
        f"| {solve['certificate_rounds']} | {solve['candidate_pairs']:,} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--fairness", action="store_true", help="also run the fairness pass")
    parser.add_argument("--no-reference", action="store_true", help="skip the independent optimum")
    parser.add_argument("--shape", choices=["clustered", "demo"], default="clustered")
    parser.add_argument("--applications", type=int, default=12600, help="demo shape only")
    parser.add_argument("--reviewers", type=int, default=3000, help="demo shape only")
    parser.add_argument("--save", metavar="FILE", help="demo shape only: build the inputs, save them (.npz), exit")
    parser.add_argument("--load", metavar="FILE", help="demo shape only: solve inputs saved with --save")
    parser.add_argument("--child", choices=["solve", "reference"], help=argparse.SUPPRESS)
    options = parser.parse_args(argv)

    if options.shape == "demo":
        from benchmarks.assignment_demo import demo_main, measure_demo, save_demo_instance

        if options.save:
            save_demo_instance(path=options.save, n_applications=options.applications, n_reviewers=options.reviewers)
            return 0
        if options.child == "solve":
            print(json.dumps(measure_demo(
                n_applications=options.applications, n_reviewers=options.reviewers, load=options.load
            )))
            return 0
        return demo_main(n_applications=options.applications, n_reviewers=options.reviewers, load=options.load)

    if options.child == "solve":
        print(json.dumps(measure_solve(size=options.sizes[0], seed=options.seed, fairness=options.fairness)))
        return 0
    if options.child == "reference":
        print(json.dumps(measure_reference(size=options.sizes[0], seed=options.seed)))
        return 0

    print(
        "| instance | solve wall time | peak RSS (child process) | total affinity | independent optimum "
        "| ratio | min per-application affinity | conflict violations | load violations | uncovered "
        "| certificate rounds | candidate pairs |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for size in options.sizes:
        common = ["--sizes", str(size), "--seed", str(options.seed)]
        solve = run_child(arguments=[*common, "--child", "solve", *(["--fairness"] if options.fairness else [])])
        reference = None
        if size < 100 and not options.no_reference and not options.fairness:
            reference = run_child(arguments=[*common, "--child", "reference"])
        print(report_line(solve=solve, reference=reference), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
