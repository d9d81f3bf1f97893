"""The demo-shaped instance of the assignment benchmark: built (or loaded), solved through the service's entry
point, reported (``python -m benchmarks.assignment --shape demo``; see that module's docstring)."""

import os
import resource
import time
from datetime import date
from types import SimpleNamespace

import numpy as np

from benchmarks.assignment import K, conflict_violations, peak_rss_mb, run_child

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
