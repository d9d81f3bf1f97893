"""Agreement with the dense exact posterior (tests/selection/ranking/reference.py) and with the truth."""

import numpy as np
import pytest
from scipy.stats import spearmanr

from selection.ranking import calibrate, rank_applications
from tests.selection.ranking.reference import exact_posterior, expected_ranks
from tests.selection.ranking.simulated import simulate


@pytest.mark.parametrize(("model", "n_reviewers"), [("fixed", 20), ("random", 20), ("fixed", 90), ("random", 90)])
def test_posterior_and_expected_ranks_agree_with_the_dense_reference(model, n_reviewers):
    """n_reviewers 90 > 60 applications makes the module keep the application side instead."""
    reviews = simulate(n_applications=60, n_reviewers=n_reviewers, k=3, leniency_sd=1.5, seed=11)
    calibration = calibrate(
        applications=reviews.applications,
        reviewers=reviews.reviewers,
        scores=reviews.scores,
        seed=3,
        draws=4000,
        leniency=model,
    )
    c = calibration.components
    keys, mean, covariance = exact_posterior(
        applications=reviews.applications,
        reviewers=reviews.reviewers,
        scores=reviews.scores,
        quality=c.quality,
        leniency=c.leniency,
        residual=c.residual,
        model=model,
    )
    assert list(calibration.table.application_keys) == keys
    assert np.allclose(calibration.score, mean, atol=1e-9)
    assert np.allclose(calibration.score_sd, np.sqrt(np.diag(covariance)), rtol=0.06)
    reference = expected_ranks(mean=mean, covariance=covariance, draws=4000, seed=99)
    ranking = {row.application: row for row in rank_applications(calibration, quota=10)}
    ours = np.array([ranking[key].expected_rank for key in keys])
    assert spearmanr(ours, reference)[0] > 0.99
    assert np.max(np.abs(ours - reference)) < 2.0


def test_draw_correlations_match_the_exact_covariance():
    reviews = simulate(n_applications=40, n_reviewers=12, k=3, leniency_sd=1.5, seed=12)
    calibration = calibrate(
        applications=reviews.applications, reviewers=reviews.reviewers, scores=reviews.scores, seed=5, draws=20000
    )
    c = calibration.components
    _, _, covariance = exact_posterior(
        applications=reviews.applications,
        reviewers=reviews.reviewers,
        scores=reviews.scores,
        quality=c.quality,
        leniency=c.leniency,
        residual=c.residual,
    )
    empirical = np.cov(calibration.draws.astype(np.float64), rowvar=False)
    assert np.max(np.abs(empirical - covariance)) < 0.05 * np.max(np.diag(covariance))


def test_expected_rank_beats_the_plain_mean_against_the_simulated_truth():
    reviews = simulate(n_applications=300, n_reviewers=100, k=3, leniency_sd=1.5, seed=2024)
    calibration = calibrate(
        applications=reviews.applications, reviewers=reviews.reviewers, scores=reviews.scores, seed=7
    )
    ranking = rank_applications(calibration, quota=30)
    truth = np.array([reviews.quality[row.application] for row in ranking])
    calibrated = spearmanr([-row.expected_rank for row in ranking], truth)[0]
    plain = spearmanr([row.raw_mean for row in ranking], truth)[0]
    assert calibrated > plain + 0.1, (calibrated, plain)
    assert calibrated > 0.8
