import numpy as np
from hypothesis import given, settings

from selection.assignment import assign_reviewers
from tests.selection.assignment.reference import linprog_optimum
from tests.selection.assignment.instances import instances

TOLERANCE = 1e-4


def lp(instance, applications, floor):
    return linprog_optimum(
        affinity=instance.affinity,
        conflicts=instance.conflicts,
        max_load=instance.max_load,
        k=instance.k,
        applications=applications,
        floor=floor,
    )


@settings(max_examples=40, deadline=None)
@given(instances(team_preference=False))
def test_fairness_floor_is_the_highest_feasible_and_the_total_is_optimal_above_it(instance):
    plain = assign_reviewers(
        affinity=instance.affinity,
        conflicts=instance.conflicts,
        max_load=instance.max_load,
        k=instance.k,
        candidates_per_application=1,
    )
    fair = assign_reviewers(
        affinity=instance.affinity,
        conflicts=instance.conflicts,
        max_load=instance.max_load,
        k=instance.k,
        fairness=True,
        candidates_per_application=1,
    )
    assert fair.uncovered_applications == plain.uncovered_applications
    if not fair.applications.size:
        return
    covered = np.unique(fair.applications)
    values = instance.affinity[fair.applications, fair.reviewers]
    assert values.min() >= fair.fairness_floor
    assert values.min() >= instance.affinity[plain.applications, plain.reviewers].min()
    assert fair.objective <= plain.objective + TOLERANCE
    assert abs(fair.objective - lp(instance, covered, fair.fairness_floor).objective) <= TOLERANCE
    higher = np.unique(instance.affinity[instance.affinity > fair.fairness_floor])
    if higher.size:
        assert lp(instance, covered, float(higher[0])) is None


def test_fairness_trades_total_affinity_for_the_worst_served_application():
    affinity = np.array([[1.0, 0.2], [0.5, 0.0]], dtype=np.float32)
    plain = assign_reviewers(affinity=affinity, max_load=np.array([1, 1]), k=1)
    fair = assign_reviewers(affinity=affinity, max_load=np.array([1, 1]), k=1, fairness=True)
    assert sorted(plain.pairs()) == [(0, 0), (1, 1)]
    assert plain.min_application_affinity == 0.0
    assert fair.fairness_floor == np.float32(0.2)
    assert fair.min_application_affinity == np.float32(0.2)
    assert sorted(fair.pairs()) == [(0, 1), (1, 0)]
