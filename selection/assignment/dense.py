"""Pairs from a dense affinity matrix: every (application, reviewer) cell is a pair.

A pair is *allowed* when it is not conflicted, the reviewer has a positive max_load and
(after the fairness pass has set a floor) its affinity is at least the floor. Work is
done in blocks of rows so a 12,600 x 3,000 matrix never needs more than a few copies of
one block in memory.
"""

from dataclasses import dataclass, replace
from functools import cache, cached_property

import numpy as np

from selection.assignment.duals import Duals

BLOCK_CELLS = 4_000_000
INT32_LIMIT = 2**31 - 1
TIE_CELLS = 12_000_000  # float32 cells of the tie-breaking patterns (48 MB): 4,000 orders at 3,000 reviewers


@dataclass(frozen=True)
class DensePairs:
    affinity: np.ndarray  # float32, applications x reviewers
    conflicts: np.ndarray  # bool, same shape
    usable_reviewers: np.ndarray  # bool per reviewer: max_load > 0
    floor: float | None = None

    @property
    def shape(self) -> tuple[int, int]:
        return self.affinity.shape

    @cached_property
    def _extremes(self) -> tuple:
        """Smallest and largest affinity in the matrix's dtype (None when empty); no temporary copy."""
        if self.affinity.size == 0:
            return None
        return self.affinity.min(), self.affinity.max()

    @property
    def max_abs_affinity(self) -> float:
        if self._extremes is None:
            return 0.0
        return float(max(abs(self._extremes[0]), abs(self._extremes[1])))

    @property
    def affinity_range(self) -> float:
        if self._extremes is None:
            return 0.0
        return float(self._extremes[1] - self._extremes[0])

    def with_floor(self, *, floor: float | None) -> "DensePairs":
        return replace(self, floor=floor)

    @cached_property
    def _scaled_costs(self) -> dict:
        return {}

    def scaled_cost_rows(self, *, rows: np.ndarray, duals: Duals) -> np.ndarray:
        """Integer pair costs of whole rows, as the restricted networks use them.

        Computed once per scale as an int32 matrix (the certificate reads every cell each
        round), unless some cost would not fit in int32.
        """
        if duals.scale is None:
            return np.zeros((rows.size, self.shape[1]), dtype=np.int64)
        costs = self._scaled_costs.get(duals.scale)
        if costs is None:
            if self.max_abs_affinity * duals.scale >= 2**31 - 1:
                return duals.pair_costs(affinity=self.affinity[rows])
            costs = np.empty(self.shape, dtype=np.int32)
            step = max(1, BLOCK_CELLS // max(1, self.shape[1]))
            for start in range(0, self.shape[0], step):
                costs[start : start + step] = duals.pair_costs(affinity=self.affinity[start : start + step])
            self._scaled_costs[duals.scale] = costs
        return costs[rows]

    def _blocks(self, applications: np.ndarray, *, with_values: bool = True):
        step = max(1, BLOCK_CELLS // max(1, self.shape[1]))
        for start in range(0, applications.size, step):
            rows = applications[start : start + step]
            if not with_values and self.floor is None:
                yield rows, None, ~self.conflicts[rows] & self.usable_reviewers[None, :]
                continue
            values = self.affinity[rows].astype(np.float64)
            allowed = ~self.conflicts[rows] & self.usable_reviewers[None, :]
            if self.floor is not None:
                allowed &= values >= self.floor
            yield rows, values, allowed

    def eligible_counts(self, *, applications: np.ndarray) -> np.ndarray:
        counts = [allowed.sum(axis=1) for _, _, allowed in self._blocks(applications)]
        return np.concatenate(counts) if counts else np.zeros(0, dtype=np.int64)

    def top_candidates(self, *, applications: np.ndarray, per_application: int) -> tuple[np.ndarray, np.ndarray]:
        take = min(per_application, self.shape[1])
        rows_out, cols_out = [], []
        for rows, values, allowed in self._blocks(applications):
            # Ties (same keywords, same team bonus) spread over the tied reviewers, not the first few columns.
            score = np.where(allowed, values + 1e-6 * tie_breaker(rows=rows, n_reviewers=self.shape[1]), -np.inf)
            if take < self.shape[1]:
                cols = np.argpartition(-score, take - 1, axis=1)[:, :take]
            else:
                cols = np.broadcast_to(np.arange(take), (rows.size, take))
            keep = np.isfinite(np.take_along_axis(score, cols, axis=1))
            rows_out.append(np.repeat(rows, take).reshape(rows.size, take)[keep])
            cols_out.append(cols[keep])
        return _concat(rows_out), _concat(cols_out)

    def affinity_of(self, *, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return self.affinity[rows, cols].astype(np.float64)

    def is_allowed(self, *, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        allowed = ~self.conflicts[rows, cols] & self.usable_reviewers[cols]
        if self.floor is not None:
            allowed &= self.affinity[rows, cols] >= self.floor
        return allowed

    def allowed_row(self, *, application: int) -> tuple[np.ndarray, np.ndarray]:
        _, values, allowed = next(self._blocks(np.array([application])))
        cols = np.flatnonzero(allowed[0])
        return cols, values[0, cols]

    def distinct_values(self, *, applications: np.ndarray) -> np.ndarray:
        parts = [np.unique(values[allowed]) for _, values, allowed in self._blocks(applications)]
        return np.unique(_concat(parts, dtype=np.float64))

    def violations(
        self,
        *,
        applications: np.ndarray,
        duals: Duals,
        candidate_keys: np.ndarray,
        per_application: int,
        margin: int = 0,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Allowed pairs outside the candidate set whose reduced cost is below ``margin``.

        Pairs below 0 violate the certificate; a positive ``margin`` also returns pairs that
        are close to it. At most ``per_application`` pairs per application, the most negative.
        """
        rows_out, cols_out, reduced_out = [], [], []
        for rows, allowed in self._blocks_outside(applications, candidate_keys=candidate_keys):
            below = allowed & self._below_margin(rows=rows, duals=duals, margin=margin)
            hit = np.flatnonzero(below.any(axis=1))
            if hit.size == 0:
                continue
            rows, below = rows[hit], below[hit]
            few = below.sum(axis=1) <= per_application  # all their pairs go in: no ranking needed
            local_rows, cols = np.nonzero(below[few])
            few_rows = rows[few][local_rows]
            rows_out.append(few_rows)
            cols_out.append(cols)
            reduced_out.append(self.reduced_costs(rows=few_rows, cols=cols, duals=duals))
            if not few.all():
                many = rows[~few]
                reduced = self.scaled_cost_rows(rows=many, duals=duals) + duals.tail_potential_block(rows=many)
                picked = _most_negative(
                    reduced=reduced - duals.reviewer_potential[None, :], bad=below[~few], rows=many, take=per_application
                )
                for out, part in zip((rows_out, cols_out, reduced_out), picked):
                    out.append(part)
        return _concat(rows_out), _concat(cols_out), _concat(reduced_out)

    def reduced_costs(self, *, rows: np.ndarray, cols: np.ndarray, duals: Duals) -> np.ndarray:
        """Exact reduced cost of each pair (rows[n], cols[n])."""
        costs = duals.pair_costs(affinity=self.affinity[rows, cols])
        return costs + duals.tail_potential(rows=rows, cols=cols) - duals.reviewer_potential[cols]

    def _blocks_outside(self, applications: np.ndarray, *, candidate_keys: np.ndarray):
        """Row blocks with the allowed mask, candidate pairs cleared."""
        n_reviewers = self.shape[1]
        candidate_rows = candidate_keys // n_reviewers
        candidate_cols = candidate_keys % n_reviewers
        local = np.full(self.shape[0], -1, dtype=np.int64)
        for rows, _, allowed in self._blocks(applications, with_values=False):
            local[rows] = np.arange(rows.size)
            picked = local[candidate_rows]
            inside = picked >= 0
            allowed[picked[inside], candidate_cols[inside]] = False
            local[rows] = -1
            yield rows, allowed

    def _below_margin(self, *, rows: np.ndarray, duals: Duals, margin: int) -> np.ndarray:
        """``reduced < margin`` for every pair of ``rows`` (rows x all reviewers).

        Off the preferred team the tail potential is the application's, a per-row constant,
        so the test is ``cost - reviewer_potential < margin - application_potential``: done
        in int32 (half the memory traffic of int64) when the values fit. The columns of team
        members (whose potentials can carry the team bonus, far outside int32) are then
        tested exactly, with the preferred-team node as tail where the team is preferred.
        """
        reviewer = duals.reviewer_potential
        members = np.zeros(reviewer.size, dtype=bool) if duals.reviewer_team is None else duals.reviewer_team >= 0
        lowest = int(reviewer[~members].min()) if not members.all() else 0
        shifted = np.where(members, 0, reviewer - lowest)
        costs = None if duals.scale is None else self.scaled_cost_rows(rows=rows, duals=duals)
        bound = int(shifted.max(initial=0)) + (0 if costs is None else int(self.max_abs_affinity * duals.scale) + 1)
        narrow = np.int32 if bound < INT32_LIMIT and (costs is None or costs.dtype == np.int32) else np.int64
        threshold = margin - duals.application_potential[rows] + lowest
        if narrow is np.int32:
            threshold = np.clip(threshold, -INT32_LIMIT, INT32_LIMIT)
        threshold = threshold.astype(narrow)[:, None]
        shifted = shifted.astype(narrow)
        below = (-shifted)[None, :] < threshold if costs is None else np.subtract(costs, shifted, dtype=narrow) < threshold
        if members.any():
            cols = np.flatnonzero(members)
            member_costs = np.zeros((rows.size, cols.size), dtype=np.int64) if costs is None else costs[:, cols]
            tails = duals.tail_potential_block(rows=rows, cols=cols)
            below[:, cols] = member_costs + tails - reviewer[cols][None, :] < margin
        return below

    def reachable_reviewers(
        self, *, applications: np.ndarray, assigned_rows: np.ndarray, assigned_cols: np.ndarray
    ) -> np.ndarray:
        """Reviewers that at least one of ``applications`` may use and does not use yet."""
        reachable = np.zeros(self.shape[1], dtype=bool)
        local = np.full(self.shape[0], -1, dtype=np.int64)
        for rows, _, allowed in self._blocks(applications):
            local[rows] = np.arange(rows.size)
            picked = local[assigned_rows]
            inside = picked >= 0
            allowed[picked[inside], assigned_cols[inside]] = False
            local[rows] = -1
            reachable |= allowed.any(axis=0)
        return reachable


def _most_negative(
    *, reduced: np.ndarray, bad: np.ndarray, rows: np.ndarray, take: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``take`` most negative violating pairs of each row (more than ``take`` violate in each)."""
    n_reviewers = reduced.shape[1]
    score = np.where(bad, reduced + tie_breaker(rows=rows, n_reviewers=n_reviewers), np.inf)
    cols = np.argpartition(score, take - 1, axis=1)[:, :take]
    return (
        np.repeat(rows, take),
        cols.ravel(),
        np.take_along_axis(reduced, cols, axis=1).ravel(),
    )


def tie_breaker(*, rows: np.ndarray, n_reviewers: int) -> np.ndarray:
    """A fixed pseudo-random offset in [0, 0.5) per pair (rows x all reviewers).

    Reduced costs are integers, so adding it only orders pairs of equal reduced cost. Demo
    data has many such ties (few topics, a team bonus shared by a whole team, and every pair
    costs 0 in the coverage phase); ordered by column, every application would pick the same
    few reviewers each round and the certificate loop would crawl.
    """
    patterns = _tie_patterns(n_reviewers)
    return patterns[rows % patterns.shape[0]]


@cache
def _tie_patterns(n_reviewers: int) -> np.ndarray:
    """Applications i and i + (number of patterns) share an order; few enough to spread ties."""
    count = max(61, TIE_CELLS // max(1, n_reviewers))
    return np.random.default_rng(20240601).random((count, n_reviewers), dtype=np.float32) * 0.5


def _concat(parts: list[np.ndarray], dtype=np.int64) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)
