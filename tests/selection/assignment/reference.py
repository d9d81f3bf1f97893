"""Independent optima to check the solver against (tests and benchmarks only).

:func:`linprog_optimum` writes the full LP (every allowed pair a variable) for SciPy's
HiGHS; :func:`all_pairs_flow_optimum` runs one plain SimpleMinCostFlow over every allowed
pair, without candidate lists or certificates. Both take dense inputs and only suit
sizes where the full pair set fits in memory.
"""

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from ortools.graph.python import min_cost_flow
from scipy.optimize import linprog


@dataclass(frozen=True)
class ReferenceOptimum:
    objective: float  # total affinity
    preferred_slots: int  # the two-tier first objective, 0 when the preference is off


def allowed_mask(*, conflicts: np.ndarray, max_load: np.ndarray, floor: float | None, affinity: np.ndarray) -> np.ndarray:
    allowed = ~conflicts & (max_load > 0)[None, :]
    if floor is not None:
        allowed &= affinity >= floor
    return allowed


def linprog_optimum(
    *,
    affinity: np.ndarray,
    conflicts: np.ndarray,
    max_load: np.ndarray,
    k: int,
    applications: np.ndarray,
    preferred_team: np.ndarray | None = None,
    reviewer_team: np.ndarray | None = None,
    min_preferred: int = 0,
    floor: float | None = None,
) -> ReferenceOptimum | None:
    """Two-tier LP optimum for the given applications (None if the LP is infeasible).

    With a team preference: first the largest number of preferred slots (each application
    counts at most m), then the largest affinity with that number fixed.
    """
    if applications.size == 0:
        return ReferenceOptimum(objective=0.0, preferred_slots=0)
    allowed = allowed_mask(conflicts=conflicts, max_load=max_load, floor=floor, affinity=affinity)
    sub = allowed[applications]
    if np.any(sub.sum(axis=1) < k):
        return None
    rows, cols = np.nonzero(sub)
    n_apps, n_pairs = applications.size, rows.size
    n_reviewers = affinity.shape[1]
    values = affinity[applications][rows, cols].astype(np.float64)
    with_team = min_preferred > 0 and preferred_team is not None and reviewer_team is not None
    n_slack = n_apps if with_team else 0
    n_vars = n_pairs + n_slack

    equality = sp.csr_matrix((np.ones(n_pairs), (rows, np.arange(n_pairs))), shape=(n_apps, n_vars))
    load_rows = sp.csr_matrix((np.ones(n_pairs), (cols, np.arange(n_pairs))), shape=(n_reviewers, n_vars))
    upper_blocks, upper_rhs = [load_rows], [max_load.astype(np.float64)]
    bounds = [(0.0, 1.0)] * n_pairs
    if with_team:
        wanted = preferred_team[applications]
        on_team = (wanted[rows] >= 0) & (reviewer_team[cols] == wanted[rows])
        link = sp.csr_matrix(
            (
                np.concatenate([-np.ones(int(on_team.sum())), np.ones(n_apps)]),
                (np.concatenate([rows[on_team], np.arange(n_apps)]), np.concatenate([np.flatnonzero(on_team), n_pairs + np.arange(n_apps)])),
            ),
            shape=(n_apps, n_vars),
        )
        upper_blocks.append(link)
        upper_rhs.append(np.zeros(n_apps))
        cap = np.where(wanted >= 0, min(min_preferred, k), 0)
        bounds += [(0.0, float(c)) for c in cap]
    a_ub = sp.vstack(upper_blocks).tocsr()
    b_ub = np.concatenate(upper_rhs)
    b_eq = np.full(n_apps, float(k))

    slots = 0.0
    if with_team:
        first = np.concatenate([np.zeros(n_pairs), -np.ones(n_apps)])
        tier = linprog(first, A_ub=a_ub, b_ub=b_ub, A_eq=equality, b_eq=b_eq, bounds=bounds, method="highs")
        if tier.status != 0:
            return None
        slots = -tier.fun
        fix = sp.csr_matrix(-first.reshape(1, -1))
        a_ub = sp.vstack([a_ub, -fix]).tocsr()
        b_ub = np.append(b_ub, -(slots - 1e-6))
    objective = np.concatenate([-values, np.zeros(n_slack)])
    result = linprog(objective, A_ub=a_ub, b_ub=b_ub, A_eq=equality, b_eq=b_eq, bounds=bounds, method="highs")
    if result.status != 0:
        return None
    return ReferenceOptimum(objective=float(-result.fun), preferred_slots=int(round(slots)))


def all_pairs_flow_optimum(
    *, affinity: np.ndarray, conflicts: np.ndarray, max_load: np.ndarray, k: int, scale: float = 1e6
) -> ReferenceOptimum | None:
    """One SimpleMinCostFlow over every allowed pair of every application (no team preference)."""
    n_apps, n_reviewers = affinity.shape
    allowed = allowed_mask(conflicts=conflicts, max_load=max_load, floor=None, affinity=affinity)
    rows, cols = np.nonzero(allowed)
    values = affinity[rows, cols].astype(np.float64)
    del allowed
    sink = n_apps + n_reviewers
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        rows.astype(np.int32),
        (n_apps + cols).astype(np.int32),
        np.ones(rows.size, dtype=np.int64),
        -np.rint(values * scale).astype(np.int64),
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        (n_apps + np.arange(n_reviewers)).astype(np.int32),
        np.full(n_reviewers, sink, dtype=np.int32),
        max_load.astype(np.int64),
        np.zeros(n_reviewers, dtype=np.int64),
    )
    supplies = np.concatenate([np.full(n_apps, k), np.zeros(n_reviewers, dtype=np.int64), [-k * n_apps]])
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies.astype(np.int64))
    if flow.solve() != flow.OPTIMAL:
        return None
    used = np.asarray(flow.flows(np.arange(rows.size, dtype=np.int32))) > 0
    return ReferenceOptimum(objective=float(values[used].sum()), preferred_slots=0)
