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

Demo shape: the inputs an assignment run builds on the seeded demo (see
:func:`demo_instance`): 8 teams' keywords, ties and near-ties in affinity, a team bonus,
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
import os
import resource
import subprocess
import sys
import time
from datetime import date
from types import SimpleNamespace

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


DEMO_CLOSING_DATE = date(2025, 3, 31)
DEMO_MIN_PREFERRED = 1  # AssignmentRun.min_preferred's default, as assignment_run_start uses it


def demo_instance(*, n_applications: int, n_reviewers: int) -> dict:
    """The inputs ``selection.services.assignment._plan`` would build on the seeded demo, without a database.

    Applicants are ``synthetic_applicant(0, 1, ...)`` (drafts skipped), reviewers
    ``selection.demo.demo_reviewer_profile(0, 1, ...)`` over the 8 demo teams; affinities come
    from ``affinity_matrix`` (keywords + summary against expertise, ranked team bonus),
    conflicts from ``detect_conflicts_of_interest``. Django is set up (settings only, no query) because
    ``selection.demo`` imports models.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocore.settings")
    import django

    django.setup()
    from applications.demo_data import INSTITUTE_NAMES, REVIEWER_TEAM_ORDER, TEAM_INSTITUTES, TEAM_KEYWORDS
    from applications.demo_data import demo_reviewer_name
    from selection.assignment.affinity import affinity_matrix
    from selection.conflicts_of_interest import ApplicantTies, ReviewerTies, detect_conflicts_of_interest
    from selection.demo import demo_reviewer_profile

    teams = [SimpleNamespace(code=code, keyword_list=TEAM_KEYWORDS[code],
                             institute=SimpleNamespace(name_en=INSTITUTE_NAMES[TEAM_INSTITUTES[code]]))
             for code in REVIEWER_TEAM_ORDER]
    team_index = {code: position for position, code in enumerate(REVIEWER_TEAM_ORDER)}
    applicants = _demo_submitted_applicants(n_applications=n_applications)
    reviewers = [demo_reviewer_profile(i, teams) for i in range(n_reviewers)]
    preferences = [[team_index[code] for code in p.team_preferences][:3] for p in applicants]
    reviewer_team = np.asarray([team_index[r["team"].code] if r["team"] else -1 for r in reviewers], dtype=np.int64)
    affinity = affinity_matrix(
        application_keywords=[list(p.keywords) for p in applicants],
        research_summaries=[p.research_summary for p in applicants],
        reviewer_keywords=[[w.strip() for w in r["expertise"].split(",")] for r in reviewers],
        team_preferences=preferences, reviewer_teams=reviewer_team.tolist(),
    )
    found = detect_conflicts_of_interest(
        applications=[
            ApplicantTies(key=row, current_institution=p.current_institution, phd_institution=p.phd_institution,
                          phd_year=p.phd_date(closing_date=DEMO_CLOSING_DATE).year, advisor=p.phd_advisor,
                          citations=tuple(item.citation for item in p.publications))
            for row, p in enumerate(applicants)
        ],
        reviewers=[
            ReviewerTies(key=j, given_name=demo_reviewer_name(j)[0], family_name=demo_reviewer_name(j)[1],
                         institution=r["institution"], phd_institution=r["phd_institution"], phd_year=r["phd_year"])
            for j, r in enumerate(reviewers)
        ],
    )
    conflicts = np.zeros(affinity.shape, dtype=bool)
    for item in found:
        conflicts[item.application, item.reviewer] = True
    return {
        "affinity": affinity,
        "conflicts": conflicts,
        "max_load": np.asarray([r["max_load"] for r in reviewers], dtype=np.int64),
        "k": K,
        "preferred_team": np.asarray([p[0] if p else -1 for p in preferences], dtype=np.int64),
        "reviewer_team": reviewer_team,
        "min_preferred": DEMO_MIN_PREFERRED,
    }


def _demo_submitted_applicants(*, n_applications: int) -> list:
    """The first ``n_applications`` submitted demo profiles, drafts skipped (Django set up by the caller)."""
    from applications.demo_profiles import synthetic_applicant

    applicants, index = [], 0
    while len(applicants) < n_applications:
        profile = synthetic_applicant(index, year=DEMO_CLOSING_DATE.year)
        index += 1
        if not profile.is_draft:
            applicants.append(profile)
    return applicants


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


def save_demo_instance(*, path: str, n_applications: int, n_reviewers: int) -> None:
    np.savez(path, **demo_instance(n_applications=n_applications, n_reviewers=n_reviewers))


def load_demo_instance(*, path: str) -> dict:
    with np.load(path) as stored:
        instance = {name: stored[name] for name in stored.files}
    for name in ("k", "min_preferred"):
        instance[name] = int(instance[name])
    return instance


def measure_demo(*, n_applications: int, n_reviewers: int, load: str | None = None) -> dict:
    import selection.assignment.certify as certify
    from selection.planning import solve_keeping_fixed

    clock = _Clock()
    if load:
        instance = load_demo_instance(path=load)
        n_applications, n_reviewers = instance["affinity"].shape
    else:
        instance = demo_instance(n_applications=n_applications, n_reviewers=n_reviewers)
    built = clock.lap()
    solves = []
    solve_network = certify.solve_network

    def counted(**arguments):  # every restricted solve, coverage phases included
        solves.append(1)
        return solve_network(**arguments)

    certify.solve_network = counted
    plan = solve_keeping_fixed(
        affinity=instance["affinity"], conflicts=instance["conflicts"], max_load=instance["max_load"],
        fixed_counts=np.zeros(n_applications, dtype=np.int64), k=instance["k"],
        preferred_team=instance["preferred_team"], reviewer_team=instance["reviewer_team"],
        min_preferred=instance["min_preferred"],
    )
    solved = clock.lap()
    result = plan.result
    loads = np.bincount(result.reviewers, minlength=n_reviewers)
    return {
        "instance": f"{n_applications:,} x {n_reviewers:,}",
        "build_wall": built[0], "build_cpu": built[1], "solve_wall": solved[0], "solve_cpu": solved[1],
        "peak_rss_mb": peak_rss_mb(), "objective": result.objective, "uncovered": len(result.uncovered),
        "preferred_slots": result.preferred_slots, "restricted_solves": len(solves),
        "final_rounds": result.certificate_rounds, "candidate_pairs": result.candidate_pairs,
        "conflicts": int(instance["conflicts"].sum()), "capacity": int(instance["max_load"].sum()),
        "load_violations": int(np.sum(loads > instance["max_load"])),
        "conflict_violations": conflict_violations(
            conflicts=instance["conflicts"], rows=result.applications, cols=result.reviewers
        ),
    }


class _Clock:
    """Wall and CPU seconds (this process, user + system) since the last lap."""

    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), self._cpu()

    @staticmethod
    def _cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    def lap(self) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), self._cpu()
        lap = (wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
        return lap


def demo_main(*, n_applications: int, n_reviewers: int, load: str | None = None) -> int:
    arguments = ["--shape", "demo", "--applications", str(n_applications), "--reviewers", str(n_reviewers)]
    if load:
        arguments += ["--load", load]
    before = os.getloadavg()[0]
    run = run_child(arguments=[*arguments, "--child", "solve"])
    print(f"load average (1 min) before: {before:.2f}, after: {os.getloadavg()[0]:.2f}")
    print("| instance | solve wall | solve CPU | restricted solves (final phase rounds) | peak RSS | total affinity "
          "| uncovered | preferred slots | candidate pairs | conflicts | violations (conflict, load) "
          "| building the inputs (wall / CPU) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {run['instance']} | {run['solve_wall']:.2f} s | {run['solve_cpu']:.2f} s | {run['restricted_solves']} "
          f"({run['final_rounds']}) | {run['peak_rss_mb']:.0f} MB | {run['objective']:.4f} | {run['uncovered']} "
          f"| {run['preferred_slots']} | {run['candidate_pairs']:,} | {run['conflicts']:,} "
          f"| {run['conflict_violations']}, {run['load_violations']} | {run['build_wall']:.1f} s / "
          f"{run['build_cpu']:.1f} s |")
    return 0


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
