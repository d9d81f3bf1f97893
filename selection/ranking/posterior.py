"""The Gaussian posterior of the qualities given the variance components, and exact draws from it.

Priors: quality ~ N(0, quality variance) per application; leniency either a fixed
effect per reviewer (flat prior, the default) or ~ N(0, leniency variance) with a flat
overall mean (``leniency="random"``, the SNSF/ERforResearch form). With the components
fixed at their estimates the posterior of all effects is exactly Gaussian with
precision Q = X'X / residual + prior precision, so no Markov chain is needed: we draw
from it directly (empirical Bayes; the issue's note on slow-mixing chains).

Q is sparse with a diagonal block for each factor. We eliminate the larger factor
(diagonal, so trivial) and factorise the Schur complement S of the smaller one
(plus the overall mean) with :class:`SpdFactor` (dense Cholesky up to 4,000 unknowns,
sparse LDL' above). A joint draw is then exact and cheap:

    kept ~ N(m_kept, S^-1)                      (sparse triangular solve)
    eliminated | kept ~ N(D^-1 (h - B kept), D^-1)   (diagonal: independent normals)

Why fixed leniency by default: with a flat prior, adding a constant to one reviewer's
scores moves only that reviewer's leniency, so the qualities' posterior, and the
ranking, do not change at all; a harsh and a lenient reviewer count exactly alike.
The price is that a reviewer with a single review tells nothing about quality (the
one score is, as far as the data can tell, all leniency). With random leniency such
reviews are partly used, and one reviewer's shift moves the ranking a little.
"""

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from selection.ranking.design import Design
from selection.ranking.factor import SpdFactor
from selection.ranking.variance import VarianceComponents

LENIENCY_MODELS = ("fixed", "random")
BLOCK = 250  # draws combined at a time, to bound the float64 temporaries


@dataclass
class Posterior:
    design: Design
    factor: SpdFactor
    cross: sp.csr_matrix  # eliminated x kept block of Q
    row_precision: np.ndarray  # diagonal of the eliminated block
    kept_mean: np.ndarray
    row_mean: np.ndarray
    with_mean: bool

    @property
    def quality_mean(self) -> np.ndarray:
        return self.row_mean if self.design.keep_reviewers else self.kept_mean[: self.design.n_cols]

    @property
    def leniency_mean(self) -> np.ndarray:
        leniency = self.kept_mean[: self.design.n_cols] if self.design.keep_reviewers else self.row_mean
        if self.with_mean:
            leniency = leniency + self.kept_mean[-1]
        return leniency


def gaussian_posterior(
    *, design: Design, scores: np.ndarray, components: VarianceComponents, leniency: str, factor_method: str = "auto"
) -> Posterior:
    if leniency not in LENIENCY_MODELS:
        raise ValueError(f"leniency must be one of {LENIENCY_MODELS}, got {leniency!r}")
    with_mean = leniency == "random"
    noise = 1.0 / components.residual
    quality_prior = 1.0 / components.quality
    leniency_prior = 1.0 / components.leniency if with_mean else 0.0
    row_prior, col_prior = (quality_prior, leniency_prior) if design.keep_reviewers else (leniency_prior, quality_prior)

    row_precision = design.row_counts * noise + row_prior
    cross = design.incidence * noise
    kept_diagonal = design.col_counts * noise + col_prior
    kept_rhs = design.cols_of(scores) * noise
    if with_mean:
        cross = sp.hstack([cross, sp.csr_matrix(design.row_counts[:, None] * noise)], format="csr")
        mean_column = sp.csr_matrix(design.col_counts[:, None] * noise)
        corner = sp.csr_matrix([[scores.size * noise]])
        kept_block = sp.bmat([[sp.diags(kept_diagonal), mean_column], [mean_column.T, corner]], format="csc")
        kept_rhs = np.r_[kept_rhs, scores.sum() * noise]
    else:
        kept_block = sp.diags(kept_diagonal, format="csc")
    row_rhs = design.rows_of(scores) * noise

    schur = (kept_block - cross.T @ sp.diags(1.0 / row_precision) @ cross).tocsc()
    factor = SpdFactor(schur, method=factor_method)
    kept_mean = factor.solve(kept_rhs - cross.T @ (row_rhs / row_precision))
    row_mean = (row_rhs - cross @ kept_mean) / row_precision
    return Posterior(
        design=design,
        factor=factor,
        cross=cross,
        row_precision=row_precision,
        kept_mean=kept_mean,
        row_mean=row_mean,
        with_mean=with_mean,
    )


def draw_qualities(posterior: Posterior, *, seed: int, draws: int) -> tuple[np.ndarray, np.ndarray]:
    """``draws`` x applications float32 draws of the qualities (canonical order), and their SDs.

    One generator, ``numpy.random.default_rng(seed)``: first the kept side's normals for
    all draws, then the eliminated side's, block by block; the same seed and number of
    draws give the same numbers. The SD is accumulated in float64 from the float64 draws
    (before they are stored as float32).
    """
    design = posterior.design
    n_applications = design.n_rows if design.keep_reviewers else design.n_cols
    out = np.empty((draws, n_applications), dtype=np.float32)
    rng = np.random.default_rng(seed)
    kept_noise = rng.standard_normal((posterior.factor.size, draws), dtype=np.float32)
    kept_offset = posterior.factor.sample(kept_noise)
    del kept_noise
    total = np.zeros(n_applications)
    squares = np.zeros(n_applications)
    row_variance = (1.0 / posterior.row_precision)[:, None]
    row_sd = np.sqrt(row_variance)
    exact_mean = posterior.quality_mean
    for start in range(0, draws, BLOCK):
        stop = min(start + BLOCK, draws)
        # deviation from the exact posterior mean: summed for the SD without cancellation
        if design.keep_reviewers:
            deviation = rng.standard_normal((design.n_rows, stop - start), dtype=np.float32) * row_sd
            deviation -= (posterior.cross @ kept_offset[:, start:stop]) * row_variance
        else:
            deviation = kept_offset[: design.n_cols, start:stop]
        total += deviation.sum(axis=1)
        squares += np.einsum("ij,ij->i", deviation, deviation)
        out[start:stop] = (deviation + exact_mean[:, None]).T
    offset = total / draws
    sd = np.sqrt(np.maximum(squares / draws - offset**2, 0.0))
    return out, sd
