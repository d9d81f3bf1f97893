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
with every allowed pair. Outside the coverage phase, pairs whose reduced cost is below a small
positive margin join too: they are the ones the next solve's potentials tend to flag, and
taking them at once saves rounds (each a full solve). The certificate itself is only ever
"no pair below 0".

A coverage flow (pairs cost 0) that leaves empty no more slots than the loads force, all at
the cheapest overflow cost, is optimal by a counting bound; its certificate is the constant
potentials of :func:`_meets_capacity_bound`, under which every pair's reduced cost is 0.
"""

from dataclasses import dataclass

import numpy as np

from selection.assignment.keys import pair_keys, union
from selection.assignment.duals import duals_from_potentials, scaled_costs
from selection.assignment.network import (
    FlowNetwork,
    FlowSolution,
    NegativeCycle,
    build_network,
    node_potentials,
    solve_network,
)


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
    widen_margin: int = 0  # outside the coverage phase, pairs below this reduced cost join the candidates too
    relaxed_bonus: int | None = None  # what OR-Tools solves with first (see network.solve_network)


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
    keys = _keys_of_applications(keys=candidate_keys, applications=applications, shape=pairs.shape)
    rounds = 0
    while True:
        rounds += 1
        network = _restricted_network(
            pairs=pairs, applications=applications, keys=keys, settings=settings, overflow_costs=overflow_costs
        )
        checked = _solve_and_check(
            pairs=pairs,
            applications=applications,
            network=network,
            keys=keys,
            settings=settings,
            per_application=min(pairs.shape[1], settings.widen_per_application * (1 if rounds == 1 else 2)),
        )
        if checked is None:
            return None
        solution, added = checked
        if added.size == 0:
            return CertifiedFlow(solution=solution, rounds=rounds, candidate_pairs=int(keys.size))
        grown = union(keys, added)
        if grown.size == keys.size:
            raise RuntimeError("certificate failed on pairs that are already candidates")
        keys = grown


def _solve_and_check(
    *, pairs, applications: np.ndarray, network: FlowNetwork, keys: np.ndarray, settings: FlowSettings,
    per_application: int,
) -> tuple[FlowSolution, np.ndarray] | None:
    """Solve the restricted network; return the flow and the pairs that break its certificate.

    OR-Tools first solves with the relaxed preferred-team bonus (see
    :func:`selection.assignment.network.solve_network`); the potentials are always those of
    the full costs, so when that flow is not optimal under the full bonus they do not exist
    (:class:`NegativeCycle`) and the network is solved again with the full bonus.
    """
    solution = solve_network(network=network, relaxed=True)
    if solution is None:
        return None
    arguments = dict(pairs=pairs, applications=applications, keys=keys, settings=settings, per_application=per_application)
    try:
        return solution, _violating_keys(solution=solution, **arguments)
    except NegativeCycle:
        solution = solve_network(network=network)
        return solution, _violating_keys(solution=solution, **arguments)


def _keys_of_applications(*, keys: np.ndarray, applications: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    wanted = np.zeros(shape[0], dtype=bool)
    wanted[applications] = True
    return keys[wanted[keys // shape[1]]]


def _restricted_network(
    *, pairs, applications: np.ndarray, keys: np.ndarray, settings: FlowSettings, overflow_costs: np.ndarray | None
) -> FlowNetwork:
    """The network over the candidate pairs ``keys``; every pair costs 0 in the coverage phase."""
    n_reviewers = pairs.shape[1]
    coverage = settings.scale is None
    rows, cols = keys // n_reviewers, keys % n_reviewers
    if coverage:
        costs = np.zeros(keys.size, dtype=np.int64)
    else:
        costs = scaled_costs(affinity=pairs.affinity_of(rows=rows, cols=cols), scale=settings.scale)
    return build_network(
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
        relaxed_bonus=settings.relaxed_bonus,
    )


def _violating_keys(
    *, pairs, applications: np.ndarray, solution, keys: np.ndarray, settings: FlowSettings, per_application: int
) -> np.ndarray:
    """Left-out pairs that break the certificate (empty: the flow is optimal over all pairs).

    A coverage flow that meets the capacity bound needs no check (see
    :func:`_meets_capacity_bound`). Otherwise two sets of potentials are tried, the largest
    and the lowest (see :func:`selection.assignment.network.node_potentials`); either
    passing proves optimality. Otherwise the pairs that either set puts below the margin
    (the violating ones and, outside the coverage phase, those within ``widen_margin`` of
    violating), at most ``per_application`` of each per application, the most negative, join
    the candidates: pairs close to violating tend to violate after the next solve.
    """
    if settings.scale is None and _meets_capacity_bound(solution=solution, settings=settings):
        return np.zeros(0, dtype=np.int64)
    n_applications, n_reviewers = pairs.shape
    margin = 0 if settings.scale is None else settings.widen_margin
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
        rows, cols, reduced = pairs.violations(
            applications=applications, duals=duals, candidate_keys=keys, per_application=per_application, margin=margin
        )
        if not np.any(reduced < 0):
            return np.zeros(0, dtype=np.int64)
        found.append(pair_keys(rows=rows, cols=cols, n_reviewers=n_reviewers))
    return union(*found)


def _meets_capacity_bound(*, solution: FlowSolution, settings: FlowSettings) -> bool:
    """A coverage flow whose overflow cost is the least any flow can pay, so optimal as it is.

    Every flow leaves at least ``k * applications - sum(max_load)`` slots empty, each costing
    at least the cheapest overflow arc. A flow paying exactly that fills every reviewer and
    overflows only at the cheapest cost; the potentials ``-cheapest`` on every application and
    reviewer node and 0 at the sink are then feasible on its residual graph and give every
    left-out pair the reduced cost 0, so the certificate holds with no pass over the pairs.
    """
    net = solution.network
    overflow_costs = net.costs[net.overflow_start : net.overflow_start + net.applications.size]
    shortfall = max(0, settings.k * net.applications.size - int(settings.max_load.sum()))
    cheapest = int(overflow_costs.min()) if overflow_costs.size else 0
    return solution.cost == cheapest * shortfall
