import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings

from selection.assignment import assign_reviewers
from tests.selection.assignment.reference import linprog_optimum
from tests.selection.assignment.instances import instances

TOLERANCE = 1e-4


def solve(instance, **options):
    return assign_reviewers(
        affinity=options.pop("affinity", instance.affinity),
        conflicts=options.pop("conflicts", instance.conflicts),
        max_load=instance.max_load,
        k=instance.k,
        preferred_team=instance.preferred_team,
        reviewer_team=instance.reviewer_team,
        min_preferred=instance.min_preferred,
        **options,
    )


def covered_of(result, n_applications):
    return np.setdiff1d(np.arange(n_applications), result.uncovered_applications)


@settings(max_examples=60, deadline=None)
@given(instances())
def test_every_application_gets_k_reviewers_within_loads_and_without_conflicts(instance):
    result = solve(instance, candidates_per_application=2)
    n_applications = instance.affinity.shape[0]
    counts = np.bincount(result.applications, minlength=n_applications)
    uncovered = np.zeros(n_applications, dtype=bool)
    uncovered[result.uncovered_applications] = True
    assert np.all(counts[~uncovered] == instance.k)
    assert np.all(counts[uncovered] == 0)
    assert np.all(np.bincount(result.reviewers, minlength=instance.max_load.size) <= instance.max_load)
    assert not instance.conflicts[result.applications, result.reviewers].any()
    assert len(set(result.pairs())) == len(result.pairs())
    assert all(item.reason for item in result.uncovered)


@settings(max_examples=60, deadline=None)
@given(instances())
def test_objective_equals_the_full_lp_optimum(instance):
    result = solve(instance, candidates_per_application=2)
    covered = covered_of(result, instance.affinity.shape[0])
    optimum = linprog_optimum(
        affinity=instance.affinity,
        conflicts=instance.conflicts,
        max_load=instance.max_load,
        k=instance.k,
        applications=covered,
        preferred_team=instance.preferred_team,
        reviewer_team=instance.reviewer_team,
        min_preferred=instance.min_preferred,
    )
    assert optimum is not None
    assert abs(result.objective - optimum.objective) <= TOLERANCE
    assert result.preferred_slots == optimum.preferred_slots
    assert abs(result.objective - float(instance.affinity[result.applications, result.reviewers].sum())) <= TOLERANCE


@settings(max_examples=60, deadline=None)
@given(instances())
def test_no_application_is_reported_uncovered_when_all_can_be_covered(instance):
    result = solve(instance, candidates_per_application=1)
    everyone = linprog_optimum(
        affinity=instance.affinity,
        conflicts=instance.conflicts,
        max_load=instance.max_load,
        k=instance.k,
        applications=np.arange(instance.affinity.shape[0]),
    )
    assert (everyone is not None) == result.feasible


@settings(max_examples=40, deadline=None)
@given(instances())
def test_sparse_and_narrow_candidate_paths_match_the_dense_all_pairs_path(instance):
    all_pairs = solve(instance, candidates_per_application=instance.affinity.shape[1])
    narrow = solve(instance, candidates_per_application=1)
    sparse = solve(
        instance,
        affinity=sp.csr_matrix(instance.affinity),
        conflicts=sp.csr_matrix(instance.conflicts),
        candidates_per_application=1,
    )
    assert narrow.feasible == sparse.feasible == all_pairs.feasible
    for other in (narrow, sparse):
        if other.uncovered_applications == all_pairs.uncovered_applications:
            assert abs(other.objective - all_pairs.objective) <= TOLERANCE
            assert other.preferred_slots == all_pairs.preferred_slots


def test_certificate_widens_candidates_until_the_optimum_is_proven():
    rng = np.random.default_rng(7)
    affinity = rng.random((40, 12)).astype(np.float32)
    affinity[:, 0] = 1.0  # everybody's favourite, but one reviewer can take only 2
    max_load = np.full(12, 12)
    max_load[0] = 2
    result = assign_reviewers(affinity=affinity, max_load=max_load, k=3, candidates_per_application=3)
    optimum = linprog_optimum(
        affinity=affinity,
        conflicts=np.zeros(affinity.shape, dtype=bool),
        max_load=max_load,
        k=3,
        applications=np.arange(40),
    )
    assert result.certificate_rounds > 1
    assert abs(result.objective - optimum.objective) <= TOLERANCE


def test_team_preference_takes_preferred_reviewers_even_at_a_cost_in_affinity():
    affinity = np.array([[0.9, 0.8, 0.1, 0.2]], dtype=np.float32)
    result = assign_reviewers(
        affinity=affinity,
        max_load=np.ones(4, dtype=np.int64),
        k=2,
        preferred_team=np.array([1]),
        reviewer_team=np.array([0, 0, 1, 1]),
        min_preferred=1,
    )
    assert result.preferred_slots == 1
    assert sorted(result.reviewers.tolist()) == [0, 3]
