"""Solve on candidate pairs, then prove no left-out pair could do better.

Certificate. The restricted problem (only candidate pairs as arcs) is solved to
optimality by OR-Tools. :func:`selection.assignment.network.node_potentials` then
computes potentials ``d`` with ``cost(u, v) + d[u] - d[v] >= 0`` on every residual arc
(they exist because an optimal flow leaves no negative residual cycle). A pair that was
left out is an arc with zero flow; if for every allowed left-out pair (i, j)

    reduced(i, j) = cost(i, j) + d[tail(i, j)] - d[reviewer j] >= 0,

the same potentials are feasible for the residual graph of the *full* problem, which
therefore has no negative cycle either, so the flow is optimal over all pairs. In LP
terms: ``d`` are dual prices of the restricted LP; with ``reduced >= 0`` they stay
dual-feasible for the full LP at the same objective, and weak duality closes the gap.
The check is done in bulk (dense blocks, or CSR plus a per-row "mex" for the cells a
sparse input does not store). Any feasible potentials will do: the largest ones are tried
first, then the lowest ones (which certify degenerate coverage flows at once). When some pair
fails both, the most negative pairs of each failing application (ties broken by a fixed
pseudo-random order, so tied pairs spread over reviewers) are added to the candidates and the
restricted problem is solved again; candidates only grow, so the loop ends, at the latest
with every allowed pair.
"""

from dataclasses import dataclass

import numpy as np

from selection.assignment.keys import pair_keys, union
from selection.assignment.duals import duals_from_potentials, scaled_costs
from selection.assignment.network import FlowSolution, build_network, node_potentials, solve_network


@dataclass(frozen=True)
class CertifiedFlow:
    solution: FlowSolution
    rounds: int
    candidate_pairs: int

    def assigned_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        used = self.solution.pair_flows > 0
        net = self.solution.network
        return net.pair_rows[used], net.pair_cols[used]


@dataclass(frozen=True)
class FlowSettings:
    k: int
    max_load: np.ndarray
    preferred_team: np.ndarray | None
    reviewer_team: np.ndarray | None
    min_preferred: int
    preferred_bonus: int
    scale: float | None  # None: coverage phase, every pair costs 0 and overflow arcs cost 1
    widen_per_application: int


def solve_certified(
    *,
    pairs,
    applications: np.ndarray,
    candidate_keys: np.ndarray,
    settings: FlowSettings,
    overflow_costs: np.ndarray | None = None,
) -> CertifiedFlow | None:
    """Optimal flow over *all* allowed pairs of ``applications``.

    In the coverage phase an unserved slot of ``applications[i]`` costs
    ``overflow_costs[i]`` (default 1), which lets some applications take priority.

    Returns None when even the certified candidate set cannot give every application k
    reviewers; only possible without overflow arcs, i.e. outside the coverage phase.
    """
    n_applications, n_reviewers = pairs.shape
    coverage = settings.scale is None
    wanted = np.zeros(n_applications, dtype=bool)
    wanted[applications] = True
    keys = candidate_keys[wanted[candidate_keys // n_reviewers]]
    rounds = 0
    while True:
        rounds += 1
        rows, cols = keys // n_reviewers, keys % n_reviewers
        if coverage:
            costs = np.zeros(keys.size, dtype=np.int64)
        else:
            costs = scaled_costs(affinity=pairs.affinity_of(rows=rows, cols=cols), scale=settings.scale)
        network = build_network(
            applications=applications,
            pair_rows=rows,
            pair_cols=cols,
            pair_costs=costs,
            k=settings.k,
            max_load=settings.max_load,
            preferred_team=settings.preferred_team,
            reviewer_team=settings.reviewer_team,
            min_preferred=0 if coverage else settings.min_preferred,
            preferred_bonus=settings.preferred_bonus,
            overflow_cost=(1 if overflow_costs is None else overflow_costs) if coverage else None,
        )
        solution = solve_network(network=network)
        if solution is None:
            return None
        added = _violating_keys(
            pairs=pairs,
            applications=applications,
            solution=solution,
            keys=keys,
            settings=settings,
            per_application=min(n_reviewers, settings.widen_per_application * (1 if rounds == 1 else 2)),
        )
        if added.size == 0:
            return CertifiedFlow(solution=solution, rounds=rounds, candidate_pairs=int(keys.size))
        grown = union(keys, added)
        if grown.size == keys.size:
            raise RuntimeError("certificate failed on pairs that are already candidates")
        keys = grown


def _violating_keys(
    *, pairs, applications: np.ndarray, solution, keys: np.ndarray, settings: FlowSettings, per_application: int
) -> np.ndarray:
    """Left-out pairs that break the certificate (empty: the flow is optimal over all pairs).

    Two sets of potentials are tried, the largest and the lowest (see
    :func:`selection.assignment.network.node_potentials`); either passing proves optimality.
    Otherwise the violating pairs of both, at most ``per_application`` of each per
    application, the most negative, join the candidates.
    """
    n_applications, n_reviewers = pairs.shape
    found = []
    for lowest in (False, True):
        potentials = node_potentials(solution=solution, lowest=lowest)
        if potentials is None:
            continue
        duals = duals_from_potentials(
            solution=solution,
            potentials=potentials,
            n_applications=n_applications,
            preferred_team=settings.preferred_team,
            reviewer_team=settings.reviewer_team,
            scale=settings.scale,
        )
        bad_rows, bad_cols, _ = pairs.violations(
            applications=applications, duals=duals, candidate_keys=keys, per_application=per_application
        )
        if bad_rows.size == 0:
            return bad_rows
        found.append(pair_keys(rows=bad_rows, cols=bad_cols, n_reviewers=n_reviewers))
    return union(*found)
