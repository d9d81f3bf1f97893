import numpy as np
import pytest

from selection.ranking.design import design_of
from selection.ranking.reviews import review_table
from selection.ranking.variance import estimate_components
from tests.selection.ranking.reference import henderson3
from tests.selection.ranking.simulated import simulate


def components_of(reviews):
    table = review_table(applications=reviews.applications, reviewers=reviews.reviewers, scores=reviews.scores)
    return estimate_components(design=design_of(table), scores=table.score)


@pytest.mark.parametrize(("n_applications", "n_reviewers"), [(60, 20), (15, 40)])
def test_henderson_iii_matches_the_dense_least_squares_reference(n_applications, n_reviewers):
    reviews = simulate(n_applications=n_applications, n_reviewers=n_reviewers, k=3, leniency_sd=1.5, seed=8)
    quality, leniency, residual = henderson3(
        applications=reviews.applications, reviewers=reviews.reviewers, scores=reviews.scores
    )
    found = components_of(reviews)
    assert found.unidentified == ()
    assert np.isclose(found.residual, residual, rtol=1e-8)
    assert np.isclose(found.quality, max(quality, 0), rtol=1e-8)
    assert np.isclose(found.leniency, max(leniency, 0), rtol=1e-8)


def test_estimates_recover_the_simulated_components():
    reviews = simulate(n_applications=2000, n_reviewers=500, k=3, leniency_sd=1.5, seed=9)
    found = components_of(reviews)
    assert found.quality == pytest.approx(1.0, rel=0.15)
    assert found.leniency == pytest.approx(2.25, rel=0.2)
    assert found.residual == pytest.approx(1.0, rel=0.1)


def test_unidentified_components_are_flagged_not_crashed():
    single = components_of(simulate(n_applications=20, n_reviewers=5, k=1, leniency_sd=1.0, seed=1))
    assert "residual" in single.unidentified and single.quality > 0 and single.residual > 0
