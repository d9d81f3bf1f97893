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
CYCLE_CHECK_ROUNDS = 16


class SolverFailure(RuntimeError):
    """OR-Tools refused the network (cost range, unbalanced supplies, ...)."""


class NegativeCycle(SolverFailure):
    """The residual graph of a flow has a negative cycle: the flow is not optimal under those costs."""


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
    bonus_arcs: slice  # the arcs that pay the preferred-team bonus
    relaxed_bonus: int | None = None  # a smaller bonus OR-Tools may solve with first (see solve_network)


@dataclass(frozen=True)
class FlowSolution:
    network: FlowNetwork
    flows: np.ndarray
    cost: int  # under the network's costs (the full bonus)

    @property
    def pair_flows(self) -> np.ndarray:
        return self.flows[: self.network.pair_rows.size]

    @property
    def overflow_by_application(self) -> np.ndarray:
        start = self.network.overflow_start
        if start < 0:
            return np.zeros(self.network.applications.size, dtype=np.int64)
        return self.flows[start : start + self.network.applications.size]


@dataclass(frozen=True)
class _NodeLayout:
    local: np.ndarray  # local node of each global application index, -1 outside the solve
    preferred_base: int
    reviewer_base: int
    sink: int


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
    relaxed_bonus: int | None = None,
) -> FlowNetwork:
    """Arcs in this order: pairs, preferred-team gadget (bonus arcs first), reviewer -> sink, overflow."""
    gadget = min_preferred > 0 and preferred_team is not None and reviewer_team is not None
    layout = _node_layout(applications=applications, pair_rows=pair_rows, n_reviewers=max_load.size, gadget=gadget)
    arcs = [_pair_arcs(layout=layout, rows=pair_rows, cols=pair_cols, costs=pair_costs,
                       preferred_team=preferred_team if gadget else None, reviewer_team=reviewer_team)]
    bonus_count = 0
    if gadget:
        team_apps = np.flatnonzero(preferred_team[applications] >= 0)
        bonus_count = team_apps.size
        arcs.extend(_preference_arcs(layout=layout, team_apps=team_apps, k=k, m=min(min_preferred, k),
                                     bonus=preferred_bonus))
    arcs.append(_arcs(tails=layout.reviewer_base + np.arange(max_load.size), heads=np.full(max_load.size, layout.sink),
                      capacities=max_load, costs=0))
    overflow_start = -1
    if overflow_cost is not None:
        overflow_start = int(sum(part[0].size for part in arcs))
        arcs.append(_arcs(tails=np.arange(applications.size), heads=np.full(applications.size, layout.sink),
                          capacities=k, costs=overflow_cost))
    tails, heads, capacities, costs = (np.concatenate(column) for column in zip(*arcs))
    return FlowNetwork(
        applications=applications,
        pair_rows=pair_rows,
        pair_cols=pair_cols,
        tails=tails.astype(np.int32),
        heads=heads.astype(np.int32),
        capacities=capacities,
        costs=costs,
        node_count=layout.sink + 1,
        preferred_base=layout.preferred_base,
        reviewer_base=layout.reviewer_base,
        sink=layout.sink,
        overflow_start=overflow_start,
        supply=k,
        bonus_arcs=slice(pair_rows.size, pair_rows.size + bonus_count),
        relaxed_bonus=relaxed_bonus if gadget and relaxed_bonus is not None and relaxed_bonus < preferred_bonus else None,
    )


def _node_layout(*, applications: np.ndarray, pair_rows: np.ndarray, n_reviewers: int, gadget: bool) -> _NodeLayout:
    n_total = int(max(applications.max(initial=-1), pair_rows.max(initial=-1))) + 1
    local = np.full(n_total, -1, dtype=np.int64)
    local[applications] = np.arange(applications.size)
    reviewer_base = applications.size * (2 if gadget else 1)
    return _NodeLayout(
        local=local,
        preferred_base=applications.size if gadget else -1,
        reviewer_base=reviewer_base,
        sink=reviewer_base + n_reviewers,
    )


def _arcs(*, tails: np.ndarray, heads: np.ndarray, capacities, costs) -> tuple[np.ndarray, ...]:
    """One group of arcs as (tails, heads, capacities, costs); scalars are repeated."""
    size = tails.size
    return (
        tails.astype(np.int64),
        heads.astype(np.int64),
        np.broadcast_to(np.asarray(capacities, dtype=np.int64), (size,)).copy(),
        np.broadcast_to(np.asarray(costs, dtype=np.int64), (size,)).copy(),
    )


def _pair_arcs(
    *, layout: _NodeLayout, rows: np.ndarray, cols: np.ndarray, costs: np.ndarray,
    preferred_team: np.ndarray | None, reviewer_team: np.ndarray | None,
) -> tuple[np.ndarray, ...]:
    """Application -> reviewer, leaving from the preferred-team node when the reviewer is on that team."""
    pair_local = layout.local[rows]
    if np.any(pair_local < 0):
        raise ValueError("a candidate pair belongs to an application outside the solve")
    via_team = pair_tail_is_preferred(rows=rows, cols=cols, preferred_team=preferred_team, reviewer_team=reviewer_team)
    tails = np.where(via_team, layout.preferred_base + pair_local, pair_local)
    return _arcs(tails=tails, heads=layout.reviewer_base + cols, capacities=1, costs=costs)


def _preference_arcs(
    *, layout: _NodeLayout, team_apps: np.ndarray, k: int, m: int, bonus: int
) -> list[tuple[np.ndarray, ...]]:
    """Application -> its preferred-team node: m units at -bonus (the bonus arcs), then k - m at 0."""
    heads = layout.preferred_base + team_apps
    groups = [_arcs(tails=team_apps, heads=heads, capacities=m, costs=-bonus)]
    if k > m:
        groups.append(_arcs(tails=team_apps, heads=heads, capacities=k - m, costs=0))
    return groups


def solve_network(*, network: FlowNetwork, relaxed: bool = False) -> FlowSolution | None:
    """Optimal flow, or None when the restricted network cannot carry every supply.

    ``relaxed``: OR-Tools solves with the network's ``relaxed_bonus`` in place of the full
    preferred-team bonus (smaller costs take fewer cost-scaling phases). The flow is then
    only optimal for the relaxed costs; :func:`node_potentials` tells, by raising
    :class:`NegativeCycle`, when it is not optimal under the full bonus.
    """
    costs = network.costs
    if relaxed and network.relaxed_bonus is not None:
        costs = costs.copy()
        costs[network.bonus_arcs] = -network.relaxed_bonus
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(network.tails, network.heads, network.capacities, costs)
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
    return FlowSolution(network=network, flows=flows, cost=int(flows @ network.costs))


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
    """Bellman-Ford from ``source`` (vectorised by frontier); UNREACHED where no path leads.

    Raises :class:`NegativeCycle` when the residual graph has one (the flow is not optimal):
    every few rounds the tree of last improvements is checked for a cycle, which can only be
    a negative one, so this is found long before the ``node_count`` rounds of the textbook bound.
    """
    order = np.argsort(tails, kind="stable")
    tails, heads, costs = tails[order], heads[order], costs[order]
    starts = np.searchsorted(tails, np.arange(node_count + 1))
    distance = np.full(node_count, UNREACHED, dtype=np.int64)
    distance[source] = 0
    parent = np.full(node_count, source, dtype=np.int64)
    active = np.array([source])
    for iteration in range(node_count + 1):
        if active.size == 0:
            return distance
        counts = starts[active + 1] - starts[active]
        arc_index = np.repeat(starts[active] - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        candidate = np.repeat(distance[active], counts) + costs[arc_index]  # arcs are grouped by tail
        targets = heads[arc_index]
        improving = candidate < distance[targets]
        origins = np.repeat(active, counts)[improving]
        targets, candidate = targets[improving], candidate[improving]
        np.minimum.at(distance, targets, candidate)
        won = candidate == distance[targets]
        parent[targets[won]] = origins[won]
        active = sorted_unique(targets)
        if iteration % CYCLE_CHECK_ROUNDS == CYCLE_CHECK_ROUNDS - 1 and _has_cycle(parent=parent, source=source):
            break
    raise NegativeCycle("negative residual cycle: the flow is not optimal under these costs")


def _has_cycle(*, parent: np.ndarray, source: int) -> bool:
    """Whether following ``parent`` from some node never reaches ``source`` (pointer jumping).

    In Bellman-Ford, a node's parent is the tail of the arc that last lowered its distance;
    a cycle among those arcs has negative total cost.
    """
    root = parent.copy()
    for _ in range(max(1, int(parent.size).bit_length())):
        root = root[root]
    return bool(np.any(root != source))


def _reviewer_arc_slice(net: FlowNetwork) -> slice:
    n_reviewers = net.sink - net.reviewer_base
    end = net.overflow_start if net.overflow_start >= 0 else net.tails.size
    return slice(end - n_reviewers, end)
