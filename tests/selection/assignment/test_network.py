import numpy as np
import pytest

from selection.assignment.network import FlowSolution, NegativeCycle, build_network, node_potentials, solve_network


def test_potentials_leave_no_negative_reduced_cost_on_the_residual_graph():
    rng = np.random.default_rng(3)
    n_applications, n_reviewers = 30, 12
    rows, cols = np.nonzero(rng.random((n_applications, n_reviewers)) < 0.6)
    network = build_network(
        applications=np.arange(n_applications),
        pair_rows=rows,
        pair_cols=cols,
        pair_costs=-rng.integers(0, 1000, size=rows.size),
        k=2,
        max_load=np.full(n_reviewers, 10),
        preferred_team=rng.integers(-1, 3, size=n_applications),
        reviewer_team=rng.integers(0, 3, size=n_reviewers),
        min_preferred=1,
        preferred_bonus=50_000,
        overflow_cost=10**7,
    )
    solution = solve_network(network=network)
    potential = node_potentials(solution=solution)
    forward = solution.flows < network.capacities
    backward = solution.flows > 0
    reduced = network.costs + potential[network.tails] - potential[network.heads]
    assert np.all(reduced[forward] >= 0)
    assert np.all(reduced[backward] <= 0)
    assert potential[network.sink] == 0


def test_potentials_of_a_flow_that_is_not_optimal_report_the_negative_cycle():
    rng = np.random.default_rng(5)
    n_applications, n_reviewers = 40, 15
    rows, cols = np.nonzero(rng.random((n_applications, n_reviewers)) < 0.7)
    costs = -rng.integers(0, 1000, size=rows.size)
    arguments = dict(
        applications=np.arange(n_applications), pair_rows=rows, pair_cols=cols, k=2,
        max_load=np.full(n_reviewers, 8), preferred_team=None, reviewer_team=None, min_preferred=0,
        preferred_bonus=0, overflow_cost=None,
    )
    worst = solve_network(network=build_network(pair_costs=-costs, **arguments))  # optimal for the opposite costs
    network = build_network(pair_costs=costs, **arguments)
    not_optimal = FlowSolution(network=network, flows=worst.flows, cost=int(worst.flows @ network.costs))
    with pytest.raises(NegativeCycle):
        node_potentials(solution=not_optimal)
    optimal = solve_network(network=network)
    assert node_potentials(solution=optimal) is not None
