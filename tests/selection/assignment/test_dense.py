"""The dense reduced-cost check (int32 fast path, team pairs, margin) against a cell-by-cell computation."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from selection.assignment.dense import DensePairs
from selection.assignment.duals import Duals, scaled_costs

SCALE = 1e6


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([10**3, 10**6, 10**12]), st.sampled_from([0, 50_000]), st.booleans())
def test_violations_are_every_pair_below_the_margin_outside_the_candidates(seed, spread, margin, with_team):
    rng = np.random.default_rng(seed)
    n_applications, n_reviewers = 30, 25
    affinity = rng.random((n_applications, n_reviewers)).astype(np.float32)
    pairs = DensePairs(
        affinity=affinity,
        conflicts=rng.random(affinity.shape) < 0.1,
        usable_reviewers=rng.random(n_reviewers) < 0.9,
    )
    preferred_team = rng.integers(-1, 3, size=n_applications) if with_team else np.full(n_applications, -1)
    reviewer_team = rng.integers(-1, 3, size=n_reviewers) if with_team else np.full(n_reviewers, -1)
    duals = Duals(
        application_potential=rng.integers(-spread, spread, size=n_applications),
        preferred_potential=rng.integers(-spread, spread, size=n_applications) if with_team else None,
        reviewer_potential=rng.integers(-spread, spread, size=n_reviewers),
        preferred_team=preferred_team if with_team else None,
        reviewer_team=reviewer_team if with_team else None,
        scale=SCALE,
    )
    candidate_keys = np.sort(rng.choice(n_applications * n_reviewers, size=200, replace=False)).astype(np.int64)
    rows, cols, reduced = pairs.violations(
        applications=np.arange(n_applications), duals=duals, candidate_keys=candidate_keys,
        per_application=n_reviewers, margin=margin,
    )

    all_rows, all_cols = np.indices(affinity.shape).reshape(2, -1)
    on_team = (preferred_team[all_rows] >= 0) & (reviewer_team[all_cols] == preferred_team[all_rows])
    tail = duals.application_potential[all_rows]
    if with_team:
        tail = np.where(on_team, duals.preferred_potential[all_rows], tail)
    exact = scaled_costs(affinity=affinity[all_rows, all_cols], scale=SCALE) + tail - duals.reviewer_potential[all_cols]
    allowed = ~pairs.conflicts[all_rows, all_cols] & pairs.usable_reviewers[all_cols]
    allowed &= ~np.isin(all_rows * n_reviewers + all_cols, candidate_keys)
    expected = np.flatnonzero(allowed & (exact < margin))
    found = rows * n_reviewers + cols
    assert np.array_equal(np.sort(found), expected)
    assert np.array_equal(reduced, exact[found])
    ranked_rows, ranked_cols, ranked = pairs.violations(
        applications=np.arange(n_applications), duals=duals, candidate_keys=candidate_keys,
        per_application=3, margin=margin,
    )
    assert np.array_equal(ranked, exact[ranked_rows * n_reviewers + ranked_cols])
    for row in range(n_applications):
        below = np.sort(exact[expected[expected // n_reviewers == row]])
        assert np.array_equal(np.sort(ranked[ranked_rows == row]), below[:3])  # the 3 most negative, ties aside
