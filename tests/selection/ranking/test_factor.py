import numpy as np
import pytest
import scipy.sparse as sp

from selection.ranking.factor import SpdFactor


@pytest.mark.parametrize("method", ["dense", "sparse"])
def test_factor_solves_and_its_draws_have_covariance_a_inverse_exactly(method):
    rng = np.random.default_rng(4)
    root = sp.random(30, 30, density=0.15, random_state=5)
    matrix = (root @ root.T + 0.3 * sp.eye(30)).tocsc()
    factor = SpdFactor(matrix, method=method)
    assert factor.method == method
    rhs = rng.standard_normal((30, 3))
    assert np.allclose(matrix @ factor.solve(rhs), rhs, atol=1e-10)
    # sample() is linear in the normals: mapping the identity gives a root M with M M' = A^-1.
    mapping = factor.sample(np.eye(30))
    assert np.allclose(mapping @ mapping.T, np.linalg.inv(matrix.toarray()), atol=1e-9)


def test_empty_matrix_is_allowed():
    factor = SpdFactor(sp.csc_matrix((0, 0)))
    assert factor.solve(np.zeros(0)).shape == (0,)
    assert factor.sample(np.zeros((0, 4))).shape == (0, 4)


def test_sparse_and_dense_factors_give_the_same_posterior():
    """Calls with more than 4,000 units on the smaller side take the sparse path; force it here."""
    from selection.ranking.design import design_of
    from selection.ranking.posterior import draw_qualities, gaussian_posterior
    from selection.ranking.reviews import review_table
    from selection.ranking.variance import estimate_components
    from tests.selection.ranking.simulated import simulate

    reviews = simulate(n_applications=80, n_reviewers=25, k=3, leniency_sd=1.5, seed=6)
    table = review_table(applications=reviews.applications, reviewers=reviews.reviewers, scores=reviews.scores)
    design = design_of(table)
    components = estimate_components(design=design, scores=table.score)
    results = []
    for method in ("dense", "sparse"):
        posterior = gaussian_posterior(
            design=design, scores=table.score, components=components, leniency="random", factor_method=method
        )
        assert posterior.factor.method == method
        results.append((posterior.quality_mean, draw_qualities(posterior, seed=2, draws=8000)[1]))
    (dense_mean, dense_sd), (sparse_mean, sparse_sd) = results
    assert np.allclose(dense_mean, sparse_mean, atol=1e-10)
    assert np.allclose(dense_sd, sparse_sd, rtol=0.05)
