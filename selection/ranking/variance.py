"""Variance components of the crossed model by Henderson's method III (method of moments).

    score = mu + quality[application] + leniency[reviewer] + noise

Henderson III equates three sums of squares of fixed-effect fits with their
expectations, which are linear in the components; it needs one sparse solve and no
iteration, is unbiased, and is exact for this design (each (application, reviewer)
pair scored once, so n_ij is 0 or 1). With N reviews, A applications, R reviewers
and C connected components of the review graph:

* SSE(full): residual of the fit with both factors; E = (N - A - R + C) residual
* R(quality | leniency) = SSE(reviewers only) - SSE(full); E = (A - C) residual + (N - R) quality
* R(leniency | quality) = SSE(applications only) - SSE(full); E = (R - C) residual + (N - A) leniency

With one score per pair the reviewer-by-application interaction cannot be told from
the residual; it is part of ``residual`` (the issue's note on slow MCMC mixing).

When a component is not identified by the design (a zero denominator: e.g. every
application has one review, or every reviewer one review) it is set to half of the
within-reviewer spread (mean square of scores about their reviewer's mean; 1 if that
is 0) and flagged in ``unidentified``. Estimates are floored at 1e-6 of that spread (a
floor, not 0, keeps the posterior proper; not smaller, because with noise-free scores
the system's condition number is about 1 / floor). A negative or zero quality variance
then means "no detectable differences": the posterior draws become exchangeable and
every application's interval spans the field, which is the honest answer (see
ranks.py). The spread, unlike the raw score variance, does not change when one
reviewer's scores are shifted, so neither do the floors.
"""

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from selection.ranking.design import Design
from selection.ranking.factor import SpdFactor

FLOOR_FRACTION = 1e-6
CG_TOLERANCE = 1e-10
CG_MAX_ITERATIONS = 2000


@dataclass(frozen=True)
class VarianceComponents:
    quality: float
    leniency: float
    residual: float
    residual_df: int
    unidentified: tuple[str, ...] = ()


def estimate_components(*, design: Design, scores: np.ndarray) -> VarianceComponents:
    n = scores.size
    sse_rows = _within_sse(index=design.row, counts=design.row_counts, scores=scores)
    sse_cols = _within_sse(index=design.col, counts=design.col_counts, scores=scores)
    sse_full = full_fit_sse(design=design, scores=scores)
    if design.keep_reviewers:
        sse_applications, sse_reviewers = sse_rows, sse_cols
    else:
        sse_applications, sse_reviewers = sse_cols, sse_rows
    n_applications, n_reviewers = (
        (design.n_rows, design.n_cols) if design.keep_reviewers else (design.n_cols, design.n_rows)
    )
    c = design.components
    residual_df = n - n_applications - n_reviewers + c
    unidentified = []
    residual = sse_full / residual_df if residual_df > 0 else None
    base = residual if residual is not None else 0.0
    quality = leniency = None
    if n > n_reviewers:
        quality = (sse_reviewers - sse_full - (n_applications - c) * base) / (n - n_reviewers)
    if n > n_applications:
        leniency = (sse_applications - sse_full - (n_reviewers - c) * base) / (n - n_applications)

    spread = sse_reviewers / n  # within-reviewer spread: unchanged by relabelling or shifting a reviewer
    if spread <= 0:
        spread = 1.0  # every reviewer gave one constant score: no scale to learn, and no quality signal either
    fallback = spread / 2.0
    floor = FLOOR_FRACTION * spread
    values = {}
    for name, value in (("residual", residual), ("quality", quality), ("leniency", leniency)):
        if value is None or (name != "residual" and residual is None):
            unidentified.append(name)
            value = fallback
        values[name] = max(float(value), floor)
    return VarianceComponents(
        quality=values["quality"],
        leniency=values["leniency"],
        residual=values["residual"],
        residual_df=int(residual_df),
        unidentified=tuple(unidentified),
    )


def _within_sse(*, index: np.ndarray, counts: np.ndarray, scores: np.ndarray) -> float:
    means = np.bincount(index, weights=scores, minlength=counts.size) / np.maximum(counts, 1)
    return float(np.sum((scores - means[index]) ** 2))


def full_fit_sse(*, design: Design, scores: np.ndarray) -> float:
    """Residual sum of squares of score = row effect + column effect (least squares).

    Absorbing the rows leaves L c = X_c' (y - row means), with L = diag(n_c) - N' diag(1/n_r) N,
    a graph Laplacian: singular, one null vector per component. Pinning the first column
    unit of each component to 0 makes the rest positive definite; fitted values do not
    depend on which unit is pinned.
    """
    row_means = design.rows_of(scores) / design.row_counts
    centred = scores - row_means[design.row]
    inverse_rows = sp.diags(1.0 / design.row_counts)
    laplacian = (sp.diags(design.col_counts) - design.incidence.T @ inverse_rows @ design.incidence).tocsc()
    _, pinned = np.unique(design.col_component, return_index=True)
    free = np.setdiff1d(np.arange(design.n_cols), pinned)
    col_effect = np.zeros(design.n_cols)
    if free.size:
        system = laplacian[free][:, free].tocsr()
        col_effect[free] = _solve_laplacian(system=system, rhs=design.cols_of(centred)[free])
    adjusted = scores - col_effect[design.col]
    row_effect = design.rows_of(adjusted) / design.row_counts
    residual = adjusted - row_effect[design.row]
    return float(np.sum(residual**2))


def _solve_laplacian(*, system, rhs: np.ndarray) -> np.ndarray:
    """Conjugate gradients (Jacobi-preconditioned) first: one right-hand side on a sparse,
    usually well-connected graph converges in tens of iterations and costs milliseconds,
    where a factorisation costs a few hundred. The SSE's error is quadratic in the
    solution's, so 1e-10 is plenty. A graph that is nearly cut in two converges slowly;
    then we factorise."""
    preconditioner = sp.diags(1.0 / system.diagonal())
    solution, info = spla.cg(system, rhs, rtol=CG_TOLERANCE, atol=0.0, maxiter=CG_MAX_ITERATIONS, M=preconditioner)
    if info == 0:
        return solution
    return SpdFactor(system).solve(rhs)
