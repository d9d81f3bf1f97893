"""Invariances of the ranking (hypothesis): order, labels, leniency shifts, ties, seeds."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selection.ranking import calibrate, rank_applications
from tests.selection.ranking.simulated import permuted, relabelled, review_sets, shifted

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DRAWS = 200


def ranked(reviews, *, seed=1, quota=2, leniency="fixed"):
    calibration = calibrate(
        applications=reviews.applications,
        reviewers=reviews.reviewers,
        scores=reviews.scores,
        seed=seed,
        draws=DRAWS,
        leniency=leniency,
    )
    return rank_applications(calibration, quota=quota)


def essentials(ranking):
    return [(row.application, row.expected_rank, row.interval, row.crosses_line) for row in ranking]


@FAST
@given(reviews=review_sets(), seed=st.integers(0, 1000))
def test_order_of_reviews_and_reviewer_labels_do_not_matter(reviews, seed):
    expected = ranked(reviews)
    assert ranked(permuted(reviews, seed=seed)) == expected
    assert ranked(relabelled(reviews, seed=seed)) == expected


@FAST
@given(reviews=review_sets(), which=st.integers(0, 100), by=st.sampled_from([-3.0, -0.5, 0.25, 2.0, 7.5]))
def test_shifting_one_reviewer_by_a_constant_does_not_change_the_ranking(reviews, which, by):
    reviewers = sorted(set(reviews.reviewers))
    before = ranked(reviews)
    after = ranked(shifted(reviews, reviewer=reviewers[which % len(reviewers)], by=by))
    assert essentials(after) == essentials(before)
    for old, new in zip(before, after):
        assert new.score == pytest.approx(old.score, abs=1e-6)  # noise-free examples are ill-conditioned
        assert (new.disagreement is None) == (old.disagreement is None)


@FAST
@given(reviews=review_sets())
def test_same_input_and_seed_give_identical_output_and_positions_follow_the_rule(reviews):
    first = ranked(reviews, seed=42)
    assert ranked(reviews, seed=42) == first
    assert [row.position for row in first] == list(range(1, len(first) + 1))
    keys = [(row.expected_rank, -row.score) for row in first]
    assert all(a[0] <= b[0] for a, b in zip(keys, keys[1:]))
    for row in first:
        low, high = row.interval
        assert 1 <= low <= high <= len(first)
        assert row.crosses_line == (low <= 2 < high)


def test_ties_in_expected_rank_are_broken_by_score_then_key():
    reviews_applications = ["B", "A", "C", "D"]
    calibration = calibrate(
        applications=reviews_applications, reviewers=["R1", "R1", "R1", "R2"], scores=[5, 5, 5, 5], seed=0, draws=2
    )
    # Hand-made draws: A and B swap places (rank sums equal), C is always third, D fourth.
    calibration.draws = np.array([[3, 2, 1, 0], [2, 3, 1, 0]], dtype=np.float32)
    calibration.score = np.array([0.1, 0.1, 0.0, -0.1])
    assert [row.application for row in rank_applications(calibration, quota=1)] == ["A", "B", "C", "D"]
    calibration.score = np.array([0.1, 0.2, 0.0, -0.1])
    for _ in range(3):
        order = rank_applications(calibration, quota=1)
        assert [row.application for row in order] == ["B", "A", "C", "D"]
        assert order[0].expected_rank == order[1].expected_rank == 1.5


def test_integer_and_string_keys_sort_integers_first():
    calibration = calibrate(applications=[2, "x", 1], reviewers=["R", "R", "R"], scores=[5, 5, 5], seed=0, draws=2)
    assert calibration.table.application_keys == (1, 2, "x")


def test_team_subset_uses_the_same_draws_and_its_own_quota():
    rng = np.random.default_rng(3)
    applications = [f"A{i}" for i in range(12) for _ in range(3)]
    reviewers = [f"R{j}" for i in range(12) for j in rng.choice(6, 3, replace=False)]
    scores = rng.uniform(1, 10, size=len(applications)).tolist()
    calibration = calibrate(applications=applications, reviewers=reviewers, scores=scores, seed=4, draws=300)
    team = ["A1", "A3", "A5", "A7"]
    ranking = rank_applications(calibration, quota=1, applications=team)
    assert sorted(row.application for row in ranking) == team
    assert all(1 <= row.interval[0] <= row.interval[1] <= 4 for row in ranking)
    whole = {row.application: row for row in rank_applications(calibration, quota=3)}
    assert all(row.score == whole[row.application].score for row in ranking)
    with pytest.raises(ValueError, match="no reviews"):
        rank_applications(calibration, quota=1, applications=["A99"])
    assert rank_applications(calibration, quota=1, applications=[]) == []
