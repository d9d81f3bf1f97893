"""Optimal reviewer assignment: the entry point of the package.

Model. Application i needs exactly k reviewers; reviewer j takes at most max_load[j];
conflicted pairs are never used; the total affinity of the chosen pairs is maximal. It is
a transportation problem (totally unimodular), solved as a min-cost flow by OR-Tools with
integer costs ``-round(affinity * scale)``, scale = 1e6 (smaller only when |affinity|
exceeds 1,000), so the optimum is the LP optimum up to that rounding; the reported
objective is the sum of the original float affinities.

Team preference (soft, two-tier). With ``min_preferred = m > 0``, each application's
first m reviewers from its preferred team earn a bonus B per slot (see
:mod:`selection.assignment.network`). B exceeds what any exchange cycle can gain in
affinity (``(2 * min(applications, reviewers) + 2) * scale * affinity range``), so the
optimum first maximises the number of satisfied preferred slots and only then the
affinity: exactly "at least m where possible". If that B would overflow OR-Tools' cost
range it is capped, and the preference is then a large bonus rather than a strict tier.

Large inputs are solved on candidate pairs (each application's best reviewers) and
certified over all pairs; see :mod:`selection.assignment.certify`. Infeasible inputs
are explained; see :mod:`selection.assignment.coverage`. The optional fairness pass is
in :mod:`selection.assignment.fairness`.
"""

import math
from dataclasses import dataclass, replace

import numpy as np

from selection.assignment.certify import CertifiedFlow, FlowSettings, solve_certified
from selection.assignment.coverage import (
    UncoveredApplication,
    individually_short,
    split_by_capacity,
    spread_candidates,
)
from selection.assignment.keys import pair_keys, union
from selection.assignment.fairness import bottleneck_floor
from selection.assignment.problem import AssignmentInputError, pairs_from_arrays, team_vector

DEFAULT_K = 3
AFFINITY_SCALE = 1e6
MAX_ARC_COST = 10**9
SAFE_COST_TIMES_NODES = 2**58
RELAXED_BONUS_SWAPS = 2  # OR-Tools first solves with the bonus that beats exchanges of 2 pairs
WIDEN_MARGIN = 0.01  # share of the affinity range: near-violating pairs that join the candidates


@dataclass(frozen=True)
class AssignmentResult:
    applications: np.ndarray  # application index of each assigned pair
    reviewers: np.ndarray  # reviewer index of each assigned pair
    objective: float  # total affinity of the assigned pairs, original units
    uncovered: tuple[UncoveredApplication, ...]
    k: int
    preferred_slots: int  # sum over applications of min(reviewers from its preferred team, min_preferred)
    fairness_floor: float | None  # every assigned pair's affinity is >= this, when fairness ran
    min_application_affinity: float | None  # smallest per-application total among covered ones
    certificate_rounds: int
    candidate_pairs: int

    @property
    def feasible(self) -> bool:
        return not self.uncovered

    @property
    def uncovered_applications(self) -> list[int]:
        return sorted(item.application for item in self.uncovered)

    def pairs(self) -> list[tuple[int, int]]:
        return list(zip(self.applications.tolist(), self.reviewers.tolist()))


def default_candidates_per_application(*, k: int, n_reviewers: int) -> int:
    return min(n_reviewers, max(4 * k, 12))


def assign_reviewers(
    *,
    affinity,
    max_load,
    conflicts=None,
    k: int = DEFAULT_K,
    preferred_team=None,
    reviewer_team=None,
    min_preferred: int = 0,
    fairness: bool = False,
    candidates_per_application: int | None = None,
) -> AssignmentResult:
    """Assign k reviewers to every application, maximising total affinity.

    ``affinity``: applications x reviewers, a numpy array or a scipy.sparse matrix (cells
    not stored count as affinity 0). ``conflicts``: same shape, dense bool or sparse
    (stored cells are conflicts), or None. ``max_load``: int per reviewer (or one int).
    ``preferred_team``: team index per application (-1: none); ``reviewer_team``: team
    index per reviewer; ``min_preferred``: the m of "at least m from the preferred team".
    """
    pairs, settings = _checked_inputs(
        affinity=affinity, max_load=max_load, conflicts=conflicts, k=k, preferred_team=preferred_team,
        reviewer_team=reviewer_team, min_preferred=min_preferred,
        candidates_per_application=candidates_per_application,
    )
    everyone = np.arange(pairs.shape[0])
    eligible = pairs.eligible_counts(applications=everyone)
    uncovered = list(individually_short(applications=everyone, eligible=eligible, k=settings.k))
    covered = everyone[eligible >= k]
    settings = _with_bonus(settings=settings, pairs=pairs, n_covered=covered.size)
    if covered.size == 0:
        return _result(pairs=pairs, flow=None, uncovered=uncovered, settings=settings, floor=None)

    cover = _cover(pairs=pairs, applications=covered, settings=settings)
    uncovered.extend(cover.uncovered)
    covered, keys, flow = cover.covered, cover.keys, cover.flow
    floor = None
    if fairness and covered.size:
        fair = bottleneck_floor(
            pairs=pairs, applications=covered, settings=settings, per_application=settings.widen_per_application
        )
        floor = fair.floor
        pairs = pairs.with_floor(floor=floor)
        rows, cols = pairs.top_candidates(applications=covered, per_application=settings.widen_per_application)
        keys = union(pair_keys(rows=rows, cols=cols, n_reviewers=pairs.shape[1]), fair.seed_keys)
        flow = None
    if flow is None and covered.size:
        flow = solve_certified(pairs=pairs, applications=covered, candidate_keys=keys, settings=settings)
        if flow is None:
            raise RuntimeError("a coverable set of applications could not be assigned")
    return _result(pairs=pairs, flow=flow if covered.size else None, uncovered=uncovered, settings=settings, floor=floor)


def _checked_inputs(
    *, affinity, max_load, conflicts, k, preferred_team, reviewer_team, min_preferred: int,
    candidates_per_application: int | None,
) -> tuple:
    """The pair source and the flow settings (bonuses still 0), or AssignmentInputError."""
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise AssignmentInputError(f"k must be a positive integer, got {k!r}")
    if min_preferred < 0:
        raise AssignmentInputError(f"min_preferred must be >= 0, got {min_preferred}")
    pairs = pairs_from_arrays(affinity=affinity, conflicts=conflicts, max_load=max_load)
    n_applications, n_reviewers = pairs.shape
    preferred = team_vector(teams=preferred_team, length=n_applications, name="preferred_team")
    teams = team_vector(teams=reviewer_team, length=n_reviewers, name="reviewer_team")
    if min_preferred > 0 and (preferred is None or teams is None):
        raise AssignmentInputError("min_preferred needs both preferred_team and reviewer_team")
    scale = _affinity_scale(max_abs=pairs.max_abs_affinity)
    settings = FlowSettings(
        k=int(k),
        max_load=np.broadcast_to(np.asarray(max_load, dtype=np.int64), (n_reviewers,)).copy(),
        preferred_team=preferred,
        reviewer_team=teams,
        min_preferred=int(min_preferred),
        preferred_bonus=0,
        scale=scale,
        widen_per_application=candidates_per_application
        or default_candidates_per_application(k=k, n_reviewers=n_reviewers),
        widen_margin=math.ceil(WIDEN_MARGIN * scale * pairs.affinity_range),
    )
    return pairs, settings


def _with_bonus(*, settings: FlowSettings, pairs, n_covered: int) -> FlowSettings:
    """The preferred-team bonus for ``n_covered`` applications, and the relaxed one OR-Tools tries first."""
    sizes = dict(
        scale=settings.scale, affinity_range=pairs.affinity_range, n_applications=n_covered, n_reviewers=pairs.shape[1]
    )
    return replace(
        settings,
        preferred_bonus=_preferred_bonus(**sizes),
        relaxed_bonus=_preferred_bonus(**sizes, swaps=RELAXED_BONUS_SWAPS),
    )


@dataclass(frozen=True)
class _Cover:
    covered: np.ndarray
    uncovered: tuple[UncoveredApplication, ...]
    keys: np.ndarray  # candidate pairs for the solve over ``covered``
    flow: CertifiedFlow | None  # that solve, when it is already done


def _cover(*, pairs, applications: np.ndarray, settings: FlowSettings) -> _Cover:
    """Solve at once when the loads can serve every application; else the coverage phase picks who is served."""
    n_reviewers = pairs.shape[1]
    rows, cols = pairs.top_candidates(applications=applications, per_application=settings.widen_per_application)
    keys = pair_keys(rows=rows, cols=cols, n_reviewers=n_reviewers)
    if int(settings.max_load.sum()) >= settings.k * applications.size:  # else short of capacity for sure
        flow = solve_certified(pairs=pairs, applications=applications, candidate_keys=keys, settings=settings)
        if flow is not None:
            return _Cover(covered=applications, uncovered=(), keys=keys, flow=flow)
    coverage = replace(settings, scale=None)
    spread = spread_candidates(pairs=pairs, applications=applications, per_application=settings.widen_per_application)
    coverage_flow = solve_certified(
        pairs=pairs, applications=applications, candidate_keys=union(keys, spread), settings=coverage
    )
    outcome = split_by_capacity(pairs=pairs, flow=coverage_flow, settings=coverage)
    reach = coverage_flow.solution.network  # its candidates reach every reviewer: fewer rounds after
    keys = union(
        keys,
        pair_keys(rows=outcome.seed_rows, cols=outcome.seed_cols, n_reviewers=n_reviewers),
        pair_keys(rows=reach.pair_rows, cols=reach.pair_cols, n_reviewers=n_reviewers),
    )
    return _Cover(covered=outcome.covered, uncovered=outcome.uncovered, keys=keys, flow=None)


def _affinity_scale(*, max_abs: float) -> float:
    if max_abs * AFFINITY_SCALE <= MAX_ARC_COST:
        return AFFINITY_SCALE
    return MAX_ARC_COST / max_abs


def _preferred_bonus(
    *, scale: float, affinity_range: float, n_applications: int, n_reviewers: int, swaps: int | None = None
) -> int:
    """Bonus per preferred slot: more than an exchange cycle of ``swaps`` pairs can gain (default: any cycle)."""
    nodes = 2 * n_applications + n_reviewers + 2
    swaps = min(n_applications, n_reviewers) if swaps is None else min(swaps, n_applications, n_reviewers)
    lexicographic = (2 * swaps + 2) * math.ceil(scale * affinity_range + 1) + 1
    return int(min(lexicographic, SAFE_COST_TIMES_NODES // nodes))


def _result(
    *, pairs, flow: CertifiedFlow | None, uncovered: list[UncoveredApplication], settings: FlowSettings, floor
) -> AssignmentResult:
    if flow is None:
        rows = cols = np.zeros(0, dtype=np.int64)
        rounds = candidates = 0
    else:
        rows, cols = flow.assigned_pairs()
        order = np.lexsort((cols, rows))
        rows, cols = rows[order], cols[order]
        rounds, candidates = flow.rounds, flow.candidate_pairs
    values = pairs.affinity_of(rows=rows, cols=cols)
    per_application = np.bincount(rows, weights=values, minlength=pairs.shape[0])
    covered = np.unique(rows)
    preferred_slots = 0
    if settings.min_preferred > 0:
        wanted = settings.preferred_team[rows]
        on_team = (wanted >= 0) & (settings.reviewer_team[cols] == wanted)
        per_team = np.bincount(rows[on_team], minlength=pairs.shape[0])
        preferred_slots = int(np.minimum(per_team, settings.min_preferred).sum())
    return AssignmentResult(
        applications=rows,
        reviewers=cols,
        objective=float(values.sum()),
        uncovered=tuple(sorted(uncovered, key=lambda item: item.application)),
        k=settings.k,
        preferred_slots=preferred_slots,
        fairness_floor=floor,
        min_application_affinity=float(per_application[covered].min()) if covered.size else None,
        certificate_rounds=rounds,
        candidate_pairs=candidates,
    )
