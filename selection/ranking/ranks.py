"""Ranks per posterior draw, expected ranks and credible intervals (Heyard et al. 2022).

In every draw the applications considered are ranked by drawn quality, 1 = best. An
application's expected rank is its mean rank over the draws (kept as the exact integer
sum of ranks, so that ties between expected ranks are exact, not float noise); its
credible interval at ``level`` (0.9) runs from the k_lo-th to the k_hi-th smallest of
its ranks, with k_lo = ceil(alpha * S) and k_hi = ceil((1 - alpha) * S), alpha =
(1 - level) / 2 and S draws: the "inverted CDF" quantiles, which are always ranks that
actually occurred. With 1,000 draws that is the 50th and the 950th smallest.

Draws are continuous, so ties within a draw have probability zero except when the
quality variance is (floored to) nil, and then the draws are still distinct tiny
numbers: every application is exchangeable, its ranks spread evenly over 1..n and its
interval spans the field. That is the SNSF's reading too: no evidence of a difference
means a lottery, not a ranking by accident of input order.
"""

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

ROW_BLOCK = 64


@dataclass(frozen=True)
class RankSummary:
    rank_sum: np.ndarray  # int64, per application of the subset
    lower: np.ndarray  # int64
    upper: np.ndarray  # int64
    draws: int

    @property
    def expected(self) -> np.ndarray:
        return self.rank_sum / self.draws


def interval_positions(*, draws: int, level: float) -> tuple[int, int]:
    """0-based positions of the interval's ends among a draw-sorted list of ranks."""
    alpha = (1.0 - level) / 2.0
    low = max(1, math.ceil(round(alpha * draws, 9)))
    high = max(low, math.ceil(round((1.0 - alpha) * draws, 9)))
    return low - 1, min(high, draws) - 1


def rank_draws(*, draws: np.ndarray, level: float, threads: int = 1) -> RankSummary:
    """Summarise ranks of the columns of ``draws`` (draws x applications, higher = better)."""
    count, n = draws.shape
    rank_type = np.int16 if n <= np.iinfo(np.int16).max else np.int32  # half the memory traffic when it fits
    ranks = np.empty((n, count), dtype=rank_type)  # one row per application: quantiles read contiguous rows
    positions = np.arange(1, n + 1, dtype=rank_type)

    def block(start: int) -> None:
        stop = min(start + ROW_BLOCK, count)
        order = np.argsort(-draws[start:stop], axis=1)
        chunk = np.empty((stop - start, n), dtype=rank_type)
        np.put_along_axis(chunk, order, positions[None, :], axis=1)
        ranks[:, start:stop] = chunk.T

    starts = range(0, count, ROW_BLOCK)
    if threads > 1 and count > ROW_BLOCK:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(block, starts))
    else:
        for start in starts:
            block(start)
    low, high = interval_positions(draws=count, level=level)
    rank_sum = ranks.sum(axis=1, dtype=np.int64)
    if n and count:
        ranks.partition([low, high] if high != low else [low], axis=1)
    return RankSummary(
        rank_sum=rank_sum,
        lower=ranks[:, low].astype(np.int64),
        upper=ranks[:, high].astype(np.int64),
        draws=count,
    )
