"""Calibrate a call's reviews once, then rank the call or any subset of it (a team) against a quota.

``calibrate`` fits the crossed model over *all* reviews of the call (so a reviewer's
leniency is learnt from everything they scored) and keeps S posterior draws of the
qualities. ``rank_applications`` ranks any subset with those same draws: the call's
ranking and each team's come from one fit and one set of draws, so they cannot
contradict each other beyond the subset's own ranks.

Order of the result (documented tie-breaking): expected rank (exact rank sums), then
calibrated score (higher first; compared after rounding to 1e-10 of the largest
absolute score, so float noise cannot reorder), then application key (integers
before strings, each ascending). Same reviews, same seed, same draws, same threads or
not: identical output, whatever the order of reviews or the reviewers' labels.

Edge cases (all tested in tests/selection/ranking/test_edge_cases.py):

* One review for an application: ranked normally, ``disagreement`` is None.
* A reviewer with one review: under fixed leniency that score is all leniency as far
  as the data can tell, so it moves nothing (use ``leniency="random"`` to pool it).
* A single reviewer: ranked by their scores; the residual variance is not identified
  (see variance.py) and the intervals say how sure that ordering is.
* All scores equal (or no detectable quality variance): the applications are
  exchangeable, expected ranks all near (n + 1) / 2, every interval spans the field and
  crosses any line strictly inside it: a lottery, not an accident of input order.
* A review graph in several pieces (no reviewer links two panels): under fixed
  leniency each piece is compared at its own average, since a harsh panel and a weak
  one cannot be told apart; ``Calibration.pieces`` says how many pieces there are.
"""

import os
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from selection.ranking.design import design_of
from selection.ranking.errors import RankingInputError
from selection.ranking.posterior import LENIENCY_MODELS, draw_qualities, gaussian_posterior
from selection.ranking.ranks import rank_draws
from selection.ranking.reviews import ReviewTable, key_order, review_table
from selection.ranking.variance import VarianceComponents, estimate_components

DEFAULT_DRAWS = 1000
DEFAULT_LEVEL = 0.9
TIE_DECIMALS = 10


@dataclass(frozen=True)
class RankedApplication:
    application: Hashable
    position: int  # 1-based place in this ranking, after tie-breaking
    expected_rank: float
    interval: tuple[int, int]  # credible interval of the rank, best end first
    score: float  # calibrated score: posterior mean quality (0 = the call's average)
    score_sd: float  # posterior standard deviation of the quality
    raw_mean: float  # plain mean of the application's scores
    calibrated_mean: float  # mean of its scores after removing each reviewer's leniency, on the score scale
    reviews: int
    disagreement: float | None  # SD of its leniency-corrected scores; None with one review
    crosses_line: bool  # lower <= quota < upper: the interval holds ranks on both sides of the funding line
    zone: str  # "above" (upper <= quota), "crossing", or "below" (lower > quota)


@dataclass
class Calibration:
    table: ReviewTable
    components: VarianceComponents
    leniency_model: str
    seed: int
    level: float
    draws: np.ndarray  # draws x applications, float32
    score: np.ndarray
    score_sd: np.ndarray
    raw_mean: np.ndarray
    calibrated_mean: np.ndarray
    disagreement: np.ndarray  # NaN with one review
    reviews: np.ndarray
    leniency: np.ndarray  # per reviewer (canonical order), centred on the average review
    factor_method: str
    threads: int
    pieces: int  # connected pieces of the review graph (1 when every panel is linked)
    _index: dict = field(default_factory=dict, repr=False)

    def index_of(self, application: Hashable) -> int:
        if not self._index:
            self._index.update((key, i) for i, key in enumerate(self.table.application_keys))
        try:
            return self._index[application]
        except (KeyError, TypeError):
            raise RankingInputError(f"application {application!r} has no reviews in this calibration") from None


def default_threads() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def calibrate(
    *,
    applications: Sequence[Hashable],
    reviewers: Sequence[Hashable],
    scores,
    seed: int,
    draws: int = DEFAULT_DRAWS,
    level: float = DEFAULT_LEVEL,
    leniency: str = "fixed",
    threads: int | None = None,
) -> Calibration:
    """Fit the crossed model to parallel sequences (one entry per review) and draw the qualities."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise RankingInputError(f"seed must be a non-negative integer, got {seed!r}")
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise RankingInputError(f"draws must be a positive integer, got {draws!r}")
    if not 0.0 < level < 1.0:
        raise RankingInputError(f"level must lie between 0 and 1, got {level!r}")
    if leniency not in LENIENCY_MODELS:
        raise RankingInputError(f"leniency must be one of {', '.join(LENIENCY_MODELS)}, got {leniency!r}")
    threads = default_threads() if threads is None else max(1, int(threads))
    table = review_table(applications=applications, reviewers=reviewers, scores=scores)
    design = design_of(table)
    components = estimate_components(design=design, scores=table.score)
    posterior = gaussian_posterior(design=design, scores=table.score, components=components, leniency=leniency)
    sample, score_sd = draw_qualities(posterior, seed=int(seed), draws=int(draws))

    counts = np.bincount(table.application, minlength=table.n_applications)
    lenient = posterior.leniency_mean[table.reviewer]
    centred_leniency = posterior.leniency_mean - lenient.mean()
    corrected = table.score - centred_leniency[table.reviewer]
    calibrated_mean = np.bincount(table.application, weights=corrected, minlength=table.n_applications) / counts
    squares = np.bincount(
        table.application, weights=(corrected - calibrated_mean[table.application]) ** 2, minlength=table.n_applications
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        disagreement = np.where(counts > 1, np.sqrt(squares / np.maximum(counts - 1, 1)), np.nan)
    return Calibration(
        table=table,
        components=components,
        leniency_model=leniency,
        seed=int(seed),
        level=float(level),
        draws=sample,
        score=posterior.quality_mean.copy(),
        score_sd=score_sd,
        raw_mean=np.bincount(table.application, weights=table.score, minlength=table.n_applications) / counts,
        calibrated_mean=calibrated_mean,
        disagreement=disagreement,
        reviews=counts,
        leniency=centred_leniency,
        factor_method=posterior.factor.method,
        threads=threads,
        pieces=design.components,
    )


def rank_applications(
    calibration: Calibration, *, quota: int, applications: Iterable[Hashable] | None = None
) -> list[RankedApplication]:
    """Rank the whole call (``applications=None``) or the given subset against ``quota`` funded places."""
    if isinstance(quota, bool) or not isinstance(quota, int | np.integer) or quota < 0:
        raise RankingInputError(f"quota must be a non-negative integer, got {quota!r}")
    if applications is None:
        subset = np.arange(calibration.table.n_applications)
    else:
        subset = np.array(sorted({calibration.index_of(key) for key in applications}), dtype=np.int64)
    if subset.size == 0:
        return []
    whole = subset.size == calibration.table.n_applications
    summary = rank_draws(
        draws=calibration.draws if whole else calibration.draws[:, subset],
        level=calibration.level,
        threads=calibration.threads,
    )
    scale = max(float(np.abs(calibration.score).max()), np.finfo(float).tiny)
    rounded = np.round(calibration.score[subset] / scale, TIE_DECIMALS)
    keys = calibration.table.application_keys
    order = sorted(
        range(subset.size),
        key=lambda i: (int(summary.rank_sum[i]), -float(rounded[i]), key_order(keys[subset[i]])),
    )
    rows = []
    for position, i in enumerate(order, start=1):
        a = int(subset[i])
        lower, upper = int(summary.lower[i]), int(summary.upper[i])
        crosses = lower <= quota < upper
        disagreement = calibration.disagreement[a]
        rows.append(
            RankedApplication(
                application=keys[a],
                position=position,
                expected_rank=float(summary.rank_sum[i]) / summary.draws,
                interval=(lower, upper),
                score=float(calibration.score[a]),
                score_sd=float(calibration.score_sd[a]),
                raw_mean=float(calibration.raw_mean[a]),
                calibrated_mean=float(calibration.calibrated_mean[a]),
                reviews=int(calibration.reviews[a]),
                disagreement=None if np.isnan(disagreement) else float(disagreement),
                crosses_line=crosses,
                zone="crossing" if crosses else ("above" if upper <= quota else "below"),
            )
        )
    return rows
