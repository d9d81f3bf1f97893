"""The certificate loop's shortcuts: relaxed team bonus, near-violating pairs, the capacity bound, spread candidates."""
from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from ortools.graph.python import max_flow

from benchmarks.assignment_demo import demo_instance
from selection.assignment.certify import FlowSettings, solve_certified
from selection.assignment.coverage import spread_candidates
from selection.assignment.duals import duals_from_potentials, scaled_costs
from selection.assignment.keys import member, pair_keys
from selection.assignment.network import node_potentials
from selection.assignment.problem import pairs_from_arrays
from selection.assignment.solver import _preferred_bonus
from tests.selection.assignment.instances import instances
from tests.selection.assignment.reference import allowed_mask, linprog_optimum

TOLERANCE = 1e-4
SCALE = 1e6


def flow_settings(instance, *, relaxed_bonus=None, scale=SCALE, widen_margin=0, per_application=2):
    n_applications, n_reviewers = instance.affinity.shape
    preference = instance.min_preferred > 0
    return FlowSettings(
        k=instance.k,
        max_load=instance.max_load.astype(np.int64),
        preferred_team=instance.preferred_team if preference else None,
        reviewer_team=instance.reviewer_team if preference else None,
        min_preferred=instance.min_preferred,
        preferred_bonus=_preferred_bonus(
            scale=SCALE, affinity_range=float(np.ptp(instance.affinity)), n_applications=n_applications,
            n_reviewers=n_reviewers,
        ),
        scale=scale,
        widen_per_application=per_application,
        widen_margin=widen_margin,
        relaxed_bonus=relaxed_bonus,
    )


def coverable(instance) -> np.ndarray:
    allowed = allowed_mask(conflicts=instance.conflicts, max_load=instance.max_load, floor=None, affinity=instance.affinity)
    return np.flatnonzero(allowed.sum(axis=1) >= instance.k)


def first_candidates(pairs, applications, per_application=1):
    rows, cols = pairs.top_candidates(applications=applications, per_application=per_application)
    return pair_keys(rows=rows, cols=cols, n_reviewers=pairs.shape[1])


def seeded_candidates(pairs, instance, applications, *, per_application):
    """Each application's best reviewers plus a coverage flow's pairs (so the first solve is feasible), as the solver does."""
    keys = first_candidates(pairs, applications, per_application)
    coverage = solve_certified(
        pairs=pairs, applications=applications, candidate_keys=keys, settings=flow_settings(instance, scale=None)
    )
    if coverage.solution.overflow_by_application.sum():
        return None
    rows, cols = coverage.assigned_pairs()
    return np.union1d(keys, pair_keys(rows=rows, cols=cols, n_reviewers=pairs.shape[1]))


def solved_objective(pairs, flow):
    rows, cols = flow.assigned_pairs()
    return float(pairs.affinity_of(rows=rows, cols=cols).sum()), rows, cols


def preferred_slots(instance, rows, cols):
    wanted = instance.preferred_team[rows]
    on_team = (wanted >= 0) & (instance.reviewer_team[cols] == wanted)
    per_application = np.bincount(rows[on_team], minlength=instance.affinity.shape[0])
    return int(np.minimum(per_application, instance.min_preferred).sum())


def test_a_flow_solved_with_too_small_a_bonus_is_not_returned():
    # Application 0 prefers team 1, whose only member (reviewer 0) it likes least: with a bonus of 1 OR-Tools
    # swaps the reviewers for 2.0 of affinity; the full-bonus potentials do not exist, so it is solved again.
    instance = type("Instance", (), dict(
        affinity=np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32), conflicts=np.zeros((2, 2), dtype=bool),
        max_load=np.array([1, 1]), k=1, preferred_team=np.array([1, -1]), reviewer_team=np.array([1, -1]),
        min_preferred=1,
    ))
    pairs = pairs_from_arrays(affinity=instance.affinity, conflicts=instance.conflicts, max_load=instance.max_load)
    flow = solve_certified(
        pairs=pairs, applications=np.arange(2), candidate_keys=first_candidates(pairs, np.arange(2), 2),
        settings=flow_settings(instance, relaxed_bonus=1),
    )
    objective, rows, cols = solved_objective(pairs, flow)
    assert preferred_slots(instance, rows, cols) == 1
    assert objective == 0.0


@settings(max_examples=60, deadline=None)
@given(instances())
def test_relaxed_bonus_and_margin_keep_the_full_lp_optimum(instance):
    applications = coverable(instance)
    if instance.max_load.sum() < instance.k * applications.size or applications.size == 0:
        return
    pairs = pairs_from_arrays(affinity=instance.affinity, conflicts=instance.conflicts, max_load=instance.max_load)
    keys = seeded_candidates(pairs, instance, applications, per_application=1)
    if keys is None:
        return  # not all of them can be served together: the solver's coverage phase handles that
    flow = solve_certified(
        pairs=pairs, applications=applications, candidate_keys=keys,
        settings=flow_settings(instance, relaxed_bonus=1, widen_margin=int(0.2 * SCALE)),
    )
    optimum = linprog_optimum(
        affinity=instance.affinity, conflicts=instance.conflicts, max_load=instance.max_load, k=instance.k,
        applications=applications, preferred_team=instance.preferred_team, reviewer_team=instance.reviewer_team,
        min_preferred=instance.min_preferred,
    )
    objective, rows, cols = solved_objective(pairs, flow)
    assert abs(objective - optimum.objective) <= TOLERANCE
    if instance.min_preferred:
        assert preferred_slots(instance, rows, cols) == optimum.preferred_slots


def test_returned_demo_shaped_flow_carries_its_certificate():
    """Potentials of the returned flow give every allowed left-out pair a reduced cost >= 0 (checked cell by cell)."""
    raw = demo_instance(n_applications=150, n_reviewers=60)
    instance = type("Instance", (), dict(raw, affinity=raw["affinity"]))
    applications = np.arange(150)
    pairs = pairs_from_arrays(affinity=instance.affinity, conflicts=instance.conflicts, max_load=instance.max_load)
    chosen = flow_settings(instance, relaxed_bonus=1, widen_margin=int(0.01 * SCALE), per_application=3)
    chosen = replace(chosen, preferred_bonus=_preferred_bonus(
        scale=SCALE, affinity_range=pairs.affinity_range, n_applications=150, n_reviewers=60))
    flow = solve_certified(pairs=pairs, applications=applications,
                           candidate_keys=seeded_candidates(pairs, instance, applications, per_application=3),
                           settings=chosen)
    assert flow.rounds > 1
    allowed = allowed_mask(conflicts=instance.conflicts, max_load=instance.max_load, floor=None, affinity=instance.affinity)
    rows, cols = np.nonzero(allowed)
    net = flow.solution.network
    left_out = ~member(rows * 60 + cols, pair_keys(rows=net.pair_rows, cols=net.pair_cols, n_reviewers=60))
    rows, cols = rows[left_out], cols[left_out]
    certified = []
    for lowest in (False, True):
        potentials = node_potentials(solution=flow.solution, lowest=lowest)
        if potentials is None:
            continue
        duals = duals_from_potentials(solution=flow.solution, potentials=potentials, n_applications=150,
                                      preferred_team=chosen.preferred_team, reviewer_team=chosen.reviewer_team,
                                      scale=SCALE)
        reduced = (scaled_costs(affinity=instance.affinity[rows, cols], scale=SCALE)
                   + duals.tail_potential(rows=rows, cols=cols) - duals.reviewer_potential[cols])
        certified.append(bool(np.all(reduced >= 0)))
    assert any(certified)
    optimum = linprog_optimum(
        affinity=instance.affinity, conflicts=instance.conflicts, max_load=instance.max_load, k=instance.k,
        applications=applications, preferred_team=instance.preferred_team, reviewer_team=instance.reviewer_team,
        min_preferred=instance.min_preferred,
    )
    objective, assigned_rows, assigned_cols = solved_objective(pairs, flow)
    assert abs(objective - optimum.objective) <= TOLERANCE
    assert preferred_slots(instance, assigned_rows, assigned_cols) == optimum.preferred_slots


@settings(max_examples=60, deadline=None)
@given(instances(team_preference=False))
def test_coverage_flow_is_a_maximum_flow_over_all_pairs(instance):
    applications = np.arange(instance.affinity.shape[0])
    pairs = pairs_from_arrays(affinity=instance.affinity, conflicts=instance.conflicts, max_load=instance.max_load)
    flow = solve_certified(
        pairs=pairs, applications=applications, candidate_keys=first_candidates(pairs, applications),
        settings=flow_settings(instance, scale=None),
    )
    served = int(flow.solution.pair_flows.sum())
    assert served == all_pairs_max_flow(instance)


def all_pairs_max_flow(instance) -> int:
    n_applications, n_reviewers = instance.affinity.shape
    allowed = allowed_mask(conflicts=instance.conflicts, max_load=instance.max_load, floor=None, affinity=instance.affinity)
    rows, cols = np.nonzero(allowed)
    source, sink = n_applications + n_reviewers, n_applications + n_reviewers + 1
    graph = max_flow.SimpleMaxFlow()
    for application in range(n_applications):
        graph.add_arc_with_capacity(source, application, instance.k)
    for row, col in zip(rows.tolist(), cols.tolist()):
        graph.add_arc_with_capacity(row, n_applications + col, 1)
    for reviewer in range(n_reviewers):
        graph.add_arc_with_capacity(n_applications + reviewer, sink, int(instance.max_load[reviewer]))
    assert graph.solve(source, sink) == graph.OPTIMAL
    return graph.optimal_flow()


@settings(max_examples=40, deadline=None)
@given(instances())
def test_spread_candidates_are_allowed_pairs_of_the_given_applications(instance):
    pairs = pairs_from_arrays(affinity=instance.affinity, conflicts=instance.conflicts, max_load=instance.max_load)
    applications = np.arange(0, instance.affinity.shape[0], 2)
    keys = spread_candidates(pairs=pairs, applications=applications, per_application=4)
    rows, cols = keys // instance.affinity.shape[1], keys % instance.affinity.shape[1]
    assert np.isin(rows, applications).all()
    assert not instance.conflicts[rows, cols].any()
    assert (instance.max_load[cols] > 0).all()
    assert np.all(np.bincount(rows, minlength=instance.affinity.shape[0]) <= 4)
