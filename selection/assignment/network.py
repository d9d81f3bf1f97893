"""The flow network behind one restricted solve, and its node potentials.

Nodes, in order: one per application in the solve, one "preferred-team" node per
application (only when the team preference is on), one per reviewer, then the sink.
Arcs: application -> reviewer (capacity 1) for every candidate pair, routed through
the application's preferred-team node when the reviewer belongs to that team;
application -> preferred-team node twice (capacity m at cost -bonus, capacity k - m at
cost 0), reviewer -> sink (capacity max_load), and optionally application -> sink
"overflow" arcs (capacity k) that make every instance feasible for the coverage phase.

SimpleMinCostFlow does not expose its dual prices, so :func:`node_potentials`
recomputes them: shortest-path distances from the sink in the residual graph of the
optimal flow (an optimal flow has no negative residual cycle, so Bellman-Ford
terminates). They satisfy ``cost(u, v) + d[u] - d[v] >= 0`` on every residual arc,
which is what the certificate in :mod:`selection.assignment.certify` extends to pairs
that were left out of the network.
"""

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from selection.assignment.keys import sorted_unique

UNREACHED = np.int64(2**62)


class SolverFailure(RuntimeError):
    """OR-Tools refused the network (cost range, unbalanced supplies, ...)."""


@dataclass(frozen=True)
class FlowNetwork:
    applications: np.ndarray  # global application index of each application node
    pair_rows: np.ndarray  # global application index of each pair arc
    pair_cols: np.ndarray  # reviewer index of each pair arc
    tails: np.ndarray
    heads: np.ndarray
    capacities: np.ndarray
    costs: np.ndarray
    node_count: int
    preferred_base: int  # first preferred-team node, or -1 when the preference is off
    reviewer_base: int
    sink: int
    overflow_start: int  # first overflow arc, or -1
    supply: int  # units each application node sends (k)


@dataclass(frozen=True)
class FlowSolution:
    network: FlowNetwork
    flows: np.ndarray
    cost: int

    @property
    def pair_flows(self) -> np.ndarray:
        return self.flows[: self.network.pair_rows.size]

    @property
    def overflow_by_application(self) -> np.ndarray:
        start = self.network.overflow_start
        if start < 0:
            return np.zeros(self.network.applications.size, dtype=np.int64)
        return self.flows[start : start + self.network.applications.size]


def pair_tail_is_preferred(
    *,
    rows: np.ndarray,
    cols: np.ndarray,
    preferred_team: np.ndarray | None,
    reviewer_team: np.ndarray | None,
) -> np.ndarray:
    """True where the reviewer belongs to the application's first-preference team."""
    if preferred_team is None or reviewer_team is None:
        return np.zeros(rows.size, dtype=bool)
    wanted = preferred_team[rows]
    return (wanted >= 0) & (reviewer_team[cols] == wanted)


def build_network(
    *,
    applications: np.ndarray,
    pair_rows: np.ndarray,
    pair_cols: np.ndarray,
    pair_costs: np.ndarray,
    k: int,
    max_load: np.ndarray,
    preferred_team: np.ndarray | None,
    reviewer_team: np.ndarray | None,
    min_preferred: int,
    preferred_bonus: int,
    overflow_cost: int | np.ndarray | None,
) -> FlowNetwork:
    n_total = int(max(applications.max(initial=-1), pair_rows.max(initial=-1))) + 1
    local = np.full(n_total, -1, dtype=np.int64)
    local[applications] = np.arange(applications.size)
    n_local = applications.size
    n_reviewers = max_load.size
    gadget = min_preferred > 0 and preferred_team is not None and reviewer_team is not None
    preferred_base = n_local if gadget else -1
    reviewer_base = n_local * (2 if gadget else 1)
    sink = reviewer_base + n_reviewers

    pair_local = local[pair_rows]
    if np.any(pair_local < 0):
        raise ValueError("a candidate pair belongs to an application outside the solve")
    via_team = pair_tail_is_preferred(
        rows=pair_rows, cols=pair_cols, preferred_team=preferred_team, reviewer_team=reviewer_team
    ) if gadget else np.zeros(pair_rows.size, dtype=bool)
    pair_tails = np.where(via_team, preferred_base + pair_local, pair_local)
    tails = [pair_tails]
    heads = [reviewer_base + pair_cols]
    caps = [np.ones(pair_rows.size, dtype=np.int64)]
    costs = [pair_costs.astype(np.int64)]

    if gadget:
        has_team = preferred_team[applications] >= 0
        team_apps = np.flatnonzero(has_team)
        m = min(min_preferred, k)
        tails.append(team_apps)
        heads.append(preferred_base + team_apps)
        caps.append(np.full(team_apps.size, m, dtype=np.int64))
        costs.append(np.full(team_apps.size, -preferred_bonus, dtype=np.int64))
        if k > m:
            tails.append(team_apps)
            heads.append(preferred_base + team_apps)
            caps.append(np.full(team_apps.size, k - m, dtype=np.int64))
            costs.append(np.zeros(team_apps.size, dtype=np.int64))

    tails.append(reviewer_base + np.arange(n_reviewers))
    heads.append(np.full(n_reviewers, sink))
    caps.append(max_load.astype(np.int64))
    costs.append(np.zeros(n_reviewers, dtype=np.int64))

    overflow_start = -1
    if overflow_cost is not None:
        overflow_start = int(sum(t.size for t in tails))
        tails.append(np.arange(n_local))
        heads.append(np.full(n_local, sink))
        caps.append(np.full(n_local, k, dtype=np.int64))
        costs.append(np.broadcast_to(np.asarray(overflow_cost, dtype=np.int64), (n_local,)).copy())

    return FlowNetwork(
        applications=applications,
        pair_rows=pair_rows,
        pair_cols=pair_cols,
        tails=np.concatenate(tails).astype(np.int32),
        heads=np.concatenate(heads).astype(np.int32),
        capacities=np.concatenate(caps),
        costs=np.concatenate(costs),
        node_count=sink + 1,
        preferred_base=preferred_base,
        reviewer_base=reviewer_base,
        sink=sink,
        overflow_start=overflow_start,
        supply=k,
    )


def solve_network(*, network: FlowNetwork) -> FlowSolution | None:
    """Optimal flow, or None when the restricted network cannot carry every supply."""
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(network.tails, network.heads, network.capacities, network.costs)
    supplies = np.zeros(network.node_count, dtype=np.int64)
    supplies[: network.applications.size] = network.supply
    supplies[network.sink] = -network.supply * network.applications.size
    flow.set_nodes_supplies(np.arange(network.node_count, dtype=np.int32), supplies)
    status = flow.solve()
    if status == flow.INFEASIBLE:
        return None
    if status != flow.OPTIMAL:
        raise SolverFailure(f"OR-Tools min-cost flow ended with status {status!r}")
    flows = np.asarray(flow.flows(np.arange(network.tails.size, dtype=np.int32)), dtype=np.int64)
    return FlowSolution(network=network, flows=flows, cost=int(flow.optimal_cost()))


def node_potentials(*, solution: FlowSolution, lowest: bool = False) -> np.ndarray | None:
    """Potentials d with d[sink] = 0 and reduced costs >= 0 on the residual graph.

    By default the largest ones: shortest-path distances from the sink. Reviewers with no
    load keep no residual arc but reviewer -> sink, so their potential is set to the sink's
    (0), the lowest value that arc allows; it is the LP price 0 of a reviewer with spare
    capacity, which makes the certificate as easy to pass as possible.

    ``lowest``: the smallest ones instead, minus the shortest-path distances *to* the sink
    (low reviewer prices). When costs are degenerate (the coverage phase, where every pair
    costs 0) the largest potentials price a booked-out reviewer at 0 and flag nearly every
    left-out pair, while the lowest ones prove the flow maximal at once. None when some
    node cannot reach the sink (no finite lowest potential for it).
    """
    net = solution.network
    flows = solution.flows
    forward = flows < net.capacities
    backward = flows > 0
    tails = np.concatenate([net.tails[forward], net.heads[backward]]).astype(np.int64)
    heads = np.concatenate([net.heads[forward], net.tails[backward]]).astype(np.int64)
    costs = np.concatenate([net.costs[forward], -net.costs[backward]])
    if lowest:
        to_sink = _shortest_distances(tails=heads, heads=tails, costs=costs, node_count=net.node_count, source=net.sink)
        if np.any(to_sink == UNREACHED):
            return None
        return -to_sink
    distance = _shortest_distances(tails=tails, heads=heads, costs=costs, node_count=net.node_count, source=net.sink)
    reviewers = slice(net.reviewer_base, net.sink)
    reviewer_distance = distance[reviewers]
    idle = flows[_reviewer_arc_slice(net)] == 0
    reviewer_distance[idle] = 0
    distance[reviewers] = reviewer_distance
    distance[distance == UNREACHED] = 0
    return distance


def _shortest_distances(
    *, tails: np.ndarray, heads: np.ndarray, costs: np.ndarray, node_count: int, source: int
) -> np.ndarray:
    """Bellman-Ford from ``source`` (vectorised by frontier); UNREACHED where no path leads."""
    order = np.argsort(tails, kind="stable")
    tails, heads, costs = tails[order], heads[order], costs[order]
    starts = np.searchsorted(tails, np.arange(node_count + 1))
    distance = np.full(node_count, UNREACHED, dtype=np.int64)
    distance[source] = 0
    active = np.array([source])
    for _ in range(node_count + 1):
        if active.size == 0:
            break
        counts = starts[active + 1] - starts[active]
        arc_index = np.repeat(starts[active] - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        candidate = distance[tails[arc_index]] + costs[arc_index]
        targets = heads[arc_index]
        before = distance[targets]
        improving = candidate < before
        if not improving.any():
            break
        np.minimum.at(distance, targets[improving], candidate[improving])
        active = sorted_unique(targets[improving])
    else:
        raise SolverFailure("negative residual cycle: the flow handed to the certificate is not optimal")
    return distance


def _reviewer_arc_slice(net: FlowNetwork) -> slice:
    n_reviewers = net.sink - net.reviewer_base
    end = net.overflow_start if net.overflow_start >= 0 else net.tails.size
    return slice(end - n_reviewers, end)
