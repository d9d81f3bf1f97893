"""Slow, obviously correct references: dense Henderson III and the dense exact Gaussian posterior.

Everything is built from the full dense design matrix X (one column per application,
reviewer, and for random leniency the overall mean), with numpy's lstsq, solve, inv and
cholesky: no elimination, no sparse algebra, nothing shared with selection.ranking.
"""

import numpy as np


def dense_design(*, applications, reviewers):
    app_keys = sorted(set(applications))
    rev_keys = sorted(set(reviewers))
    a = np.array([app_keys.index(x) for x in applications])
    r = np.array([rev_keys.index(x) for x in reviewers])
    xa = np.zeros((a.size, len(app_keys)))
    xa[np.arange(a.size), a] = 1.0
    xr = np.zeros((r.size, len(rev_keys)))
    xr[np.arange(r.size), r] = 1.0
    return app_keys, rev_keys, xa, xr


def sse(x, y):
    coefficients, *_ = np.linalg.lstsq(x, y, rcond=None)
    return float(np.sum((y - x @ coefficients) ** 2)), int(np.linalg.matrix_rank(x))


def henderson3(*, applications, reviewers, scores):
    """(quality, leniency, residual) variance estimates, unfloored, from dense least squares."""
    _, _, xa, xr = dense_design(applications=applications, reviewers=reviewers)
    y = np.asarray(scores, dtype=float)
    n = y.size
    sse_full, rank_full = sse(np.hstack([xa, xr]), y)
    sse_a, rank_a = sse(xa, y)
    sse_r, rank_r = sse(xr, y)
    residual = sse_full / (n - rank_full)
    # E[R(a | r)] = (rank_full - rank_r) s2 + tr(Xa' M_r Xa) sa2
    m_r = np.eye(n) - xr @ np.linalg.pinv(xr)
    m_a = np.eye(n) - xa @ np.linalg.pinv(xa)
    quality = (sse_r - sse_full - (rank_full - rank_r) * residual) / np.trace(xa.T @ m_r @ xa)
    leniency = (sse_a - sse_full - (rank_full - rank_a) * residual) / np.trace(xr.T @ m_a @ xr)
    return quality, leniency, residual


def exact_posterior(*, applications, reviewers, scores, quality, leniency, residual, model="fixed"):
    """Posterior mean and covariance of the application qualities (sorted key order)."""
    app_keys, _, xa, xr = dense_design(applications=applications, reviewers=reviewers)
    y = np.asarray(scores, dtype=float)
    columns = [xa, xr]
    prior = [np.full(xa.shape[1], 1.0 / quality), np.full(xr.shape[1], 0.0 if model == "fixed" else 1.0 / leniency)]
    if model == "random":
        columns.append(np.ones((y.size, 1)))
        prior.append(np.zeros(1))
    x = np.hstack(columns)
    precision = x.T @ x / residual + np.diag(np.concatenate(prior))
    mean = np.linalg.solve(precision, x.T @ y / residual)
    covariance = np.linalg.inv(precision)
    n_a = xa.shape[1]
    return app_keys, mean[:n_a], covariance[:n_a, :n_a]


def expected_ranks(*, mean, covariance, draws: int, seed: int):
    """Mean rank (1 = best) over draws from N(mean, covariance), one draw at a time."""
    rng = np.random.default_rng(seed)
    root = np.linalg.cholesky(covariance + 1e-12 * np.eye(mean.size))
    total = np.zeros(mean.size)
    for _ in range(draws):
        value = mean + root @ rng.standard_normal(mean.size)
        ranks = np.empty(mean.size)
        ranks[np.argsort(-value)] = np.arange(1, mean.size + 1)
        total += ranks
    return total / draws
