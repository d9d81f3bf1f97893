"""Optional fairness pass: lift the worst-served application before maximising the total.

What is optimised. The pass finds the largest *floor* t such that every covered
application can still get k reviewers using only pairs with affinity >= t (the
bottleneck value), then the main solve maximises total affinity over those pairs only.
So every application's weakest reviewer is as good as it can possibly be, and every
application's total is at least k * t.

Why a floor on pairs rather than maximising the minimum per-application *total*: the
total version is a max-min allocation ("Santa Claus") problem, NP-hard in general and
not a network flow; the floor version keeps each step a certified min-cost flow, so the
result is still provably optimal (lexicographically: floor first, then total).

How. The floor is one of the distinct allowed affinity values, at most the smallest
"k-th best" value over applications. A bisection over that sorted list tests each value
with a certified coverage max-flow (no slot may stay empty); ~log2(values) flow solves.
"""

from dataclasses import dataclass, replace

import numpy as np

from selection.assignment.certify import FlowSettings, solve_certified
from selection.assignment.keys import pair_keys, union


@dataclass(frozen=True)
class FairnessFloor:
    floor: float
    seed_keys: np.ndarray  # pairs of a feasible assignment that respects the floor


def bottleneck_floor(
    *, pairs, applications: np.ndarray, settings: FlowSettings, per_application: int
) -> FairnessFloor:
    coverage = replace(settings, scale=None)
    values = pairs.distinct_values(applications=applications)
    ceiling = _kth_best_ceiling(pairs=pairs, applications=applications, k=settings.k)
    values = values[values <= ceiling]

    best_floor = float(values[0])
    best_seed = _feasible_seed(
        pairs=pairs.with_floor(floor=best_floor),
        applications=applications,
        settings=coverage,
        per_application=per_application,
        extra_keys=np.zeros(0, dtype=np.int64),
    )
    if best_seed is None:
        raise RuntimeError("the covered applications are not coverable without a floor")
    low, high = 1, values.size - 1
    while low <= high:
        middle = (low + high) // 2
        floor = float(values[middle])
        seed = _feasible_seed(
            pairs=pairs.with_floor(floor=floor),
            applications=applications,
            settings=coverage,
            per_application=per_application,
            extra_keys=_keys_at_least(pairs=pairs, keys=best_seed, floor=floor),
        )
        if seed is None:
            high = middle - 1
        else:
            best_floor, best_seed = floor, seed
            low = middle + 1
    return FairnessFloor(floor=best_floor, seed_keys=best_seed)


def _kth_best_ceiling(*, pairs, applications: np.ndarray, k: int) -> float:
    rows, cols = pairs.top_candidates(applications=applications, per_application=k)
    values = pairs.affinity_of(rows=rows, cols=cols)
    order = np.lexsort((-values, rows))
    rows, values = rows[order], values[order]
    rank = np.arange(rows.size) - np.searchsorted(rows, rows, side="left")
    kth = rank == k - 1
    if np.count_nonzero(kth) < applications.size:  # a short candidate list: no usable bound
        return np.inf
    return float(values[kth].min())


def _keys_at_least(*, pairs, keys: np.ndarray, floor: float) -> np.ndarray:
    n_reviewers = pairs.shape[1]
    values = pairs.affinity_of(rows=keys // n_reviewers, cols=keys % n_reviewers)
    return keys[values >= floor]


def _feasible_seed(
    *, pairs, applications: np.ndarray, settings: FlowSettings, per_application: int, extra_keys: np.ndarray
) -> np.ndarray | None:
    """Keys of an assignment giving every application k reviewers above the floor, or None."""
    if np.any(pairs.eligible_counts(applications=applications) < settings.k):
        return None
    rows, cols = pairs.top_candidates(applications=applications, per_application=per_application)
    keys = union(pair_keys(rows=rows, cols=cols, n_reviewers=pairs.shape[1]), extra_keys)
    flow = solve_certified(pairs=pairs, applications=applications, candidate_keys=keys, settings=settings)
    if flow.solution.overflow_by_application.sum() > 0:
        return None
    assigned_rows, assigned_cols = flow.assigned_pairs()
    return pair_keys(rows=assigned_rows, cols=assigned_cols, n_reviewers=pairs.shape[1])
