"""Keeping started reviews: per-application k through placeholder reviewers, checked against an LP."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from selection.planning import solve_keeping_fixed


def lp_optimum(affinity, conflicts, max_load, need) -> float | None:
    """max sum a_ij x_ij, sum_j x_ij = need_i, sum_i x_ij <= load_j, x_ij in [0, 1], conflicted x_ij = 0."""
    n, m = affinity.shape
    bounds = [(0, 0) if conflicts[i, j] else (0, 1) for i in range(n) for j in range(m)]
    a_eq = np.zeros((n, n * m))
    for i in range(n):
        a_eq[i, i * m:(i + 1) * m] = 1
    a_ub = np.zeros((m, n * m))
    for j in range(m):
        a_ub[j, j::m] = 1
    result = linprog(-affinity.ravel(), A_ub=a_ub, b_ub=max_load, A_eq=a_eq, b_eq=need, bounds=bounds, method="highs")
    return -result.fun if result.status == 0 else None


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), k=st.integers(1, 3))
def test_each_application_gets_k_minus_fixed_reviewers_optimally(seed, k):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 9)), int(rng.integers(k, 8))
    affinity = rng.random((n, m)).astype(np.float32)
    conflicts = rng.random((n, m)) < 0.15
    max_load = rng.integers(1, 5, size=m)
    fixed = rng.integers(0, k, size=n)
    plan = solve_keeping_fixed(affinity=affinity, conflicts=conflicts, max_load=max_load, fixed_counts=fixed, k=k)
    covered = sorted(set(range(n)) - {a for a, _reason in plan.uncovered})
    counts = np.bincount([a for a, _r in plan.pairs], minlength=n)
    assert all(counts[i] == k - fixed[i] for i in covered)
    assert all(counts[a] == 0 for a, _reason in plan.uncovered)
    assert not any(conflicts[a, r] for a, r in plan.pairs)
    assert np.all(np.bincount([r for _a, r in plan.pairs], minlength=m) <= max_load)
    if not plan.uncovered:
        expected = lp_optimum(affinity.astype(float), conflicts, max_load, k - fixed)
        assert plan.objective == pytest.approx(expected, abs=1e-4)


def test_min_preferred_is_lowered_when_started_reviews_would_fight_the_preference():
    affinity = np.full((2, 4), 0.5, dtype=np.float32)
    plan = solve_keeping_fixed(
        affinity=affinity, conflicts=np.zeros((2, 4), dtype=bool), max_load=np.full(4, 3), fixed_counts=np.array([2, 0]),
        k=3, preferred_team=np.array([0, 0]), reviewer_team=np.array([0, 0, 0, 1]), min_preferred=3,
    )
    assert plan.min_preferred_used == 1
    counts = np.bincount([a for a, _r in plan.pairs], minlength=2)
    assert counts.tolist() == [1, 3]


def test_fixed_counts_must_leave_something_to_solve():
    with pytest.raises(ValueError, match="0 .. k-1"):
        solve_keeping_fixed(affinity=np.ones((1, 2), dtype=np.float32), conflicts=np.zeros((1, 2), dtype=bool),
                            max_load=np.ones(2, dtype=np.int64), fixed_counts=np.array([2]), k=2)
