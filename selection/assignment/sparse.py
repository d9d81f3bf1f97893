"""Pairs from a sparse affinity matrix (CSR): cells that are not stored have affinity 0.

A stored cell is allowed when it is not conflicted, its reviewer has a positive max_load
and its affinity reaches the floor (if any). A cell that is not stored is allowed under
the same rules with affinity 0, so with a positive floor only stored cells remain.
Nothing here ever builds an applications x reviewers array.

The certificate for the cells that are not stored needs, per application, the largest
reviewer potential among its allowed, non-stored, non-candidate reviewers. Reviewers are
ranked by potential once; each application's blocked reviewers are then a set of ranks,
and the wanted reviewer is the smallest rank not in that set (a vectorised "mex").
"""

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from selection.assignment.duals import Duals
from selection.assignment.keys import member as _member
from selection.assignment.keys import sorted_unique, union


@dataclass(frozen=True)
class SparsePairs:
    data: np.ndarray  # float32 affinities of stored cells, CSR order, columns sorted per row
    indices: np.ndarray  # reviewer of each stored cell
    indptr: np.ndarray
    shape: tuple[int, int]
    conflict_keys: np.ndarray  # sorted int64 keys row * n_reviewers + col of conflicted pairs
    usable_reviewers: np.ndarray
    floor: float | None = None
    seed: int = 0

    @cached_property
    def entry_rows(self) -> np.ndarray:
        return np.repeat(np.arange(self.shape[0], dtype=np.int64), np.diff(self.indptr))

    @cached_property
    def entry_keys(self) -> np.ndarray:
        return self.entry_rows * self.shape[1] + self.indices

    @cached_property
    def stored_or_conflicted_keys(self) -> np.ndarray:
        """Sorted keys of cells that are stored or conflicted (each once)."""
        return union(self.entry_keys, self.conflict_keys)

    @property
    def implicit_allowed(self) -> bool:
        return self.floor is None or self.floor <= 0

    @property
    def max_abs_affinity(self) -> float:
        return float(np.abs(self.data).max(initial=0.0))

    @property
    def affinity_range(self) -> float:
        return float(max(self.data.max(initial=0.0), 0.0) - min(self.data.min(initial=0.0), 0.0))

    def with_floor(self, *, floor: float | None) -> "SparsePairs":
        return replace(self, floor=floor)

    @cached_property
    def entry_allowed(self) -> np.ndarray:
        allowed = self.usable_reviewers[self.indices] & ~_member(self.entry_keys, self.conflict_keys)
        if self.floor is not None:
            allowed &= self.data >= self.floor
        return allowed

    def eligible_counts(self, *, applications: np.ndarray) -> np.ndarray:
        n_rows = self.shape[0]
        if not self.implicit_allowed:
            return np.bincount(self.entry_rows[self.entry_allowed], minlength=n_rows)[applications]
        conflict_cols = self.conflict_keys % self.shape[1]
        usable_conflicts = self.conflict_keys[self.usable_reviewers[conflict_cols]] // self.shape[1]
        forbidden = np.bincount(usable_conflicts, minlength=n_rows)
        if self.floor is not None:
            conflicted = _member(self.entry_keys, self.conflict_keys)
            below = self.usable_reviewers[self.indices] & ~conflicted & (self.data < self.floor)
            forbidden = forbidden + np.bincount(self.entry_rows[below], minlength=n_rows)
        return (int(self.usable_reviewers.sum()) - forbidden)[applications]

    def top_candidates(self, *, applications: np.ndarray, per_application: int) -> tuple[np.ndarray, np.ndarray]:
        wanted = np.zeros(self.shape[0], dtype=bool)
        wanted[applications] = True
        rows = self.entry_rows
        keep = wanted[rows] & self.entry_allowed
        if self.implicit_allowed:
            keep &= self.data > 0
        rows, cols, values = rows[keep], self.indices[keep].astype(np.int64), self.data[keep]
        order = np.lexsort((-values, rows))
        rows, cols = rows[order], cols[order]
        starts = np.searchsorted(rows, rows, side="left")
        rank = np.arange(rows.size) - starts
        top = rank < per_application
        rows, cols = rows[top], cols[top]
        if not self.implicit_allowed:
            return rows, cols
        return _with_implicit_fill(self, rows=rows, cols=cols, applications=applications, per_application=per_application)

    def affinity_of(self, *, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        keys = rows.astype(np.int64) * self.shape[1] + cols
        stored_keys = self.entry_keys
        where = np.searchsorted(stored_keys, keys)
        where = np.minimum(where, max(stored_keys.size - 1, 0))
        found = stored_keys.size > 0
        hit = (stored_keys[where] == keys) if found else np.zeros(keys.size, dtype=bool)
        return np.where(hit, self.data[where] if found else 0.0, 0.0).astype(np.float64)

    def is_allowed(self, *, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        keys = rows.astype(np.int64) * self.shape[1] + cols
        allowed = self.usable_reviewers[cols] & ~_member(keys, self.conflict_keys)
        if not self.implicit_allowed:
            allowed &= _member(keys, self.entry_keys)
        if self.floor is not None:
            allowed &= self.affinity_of(rows=rows, cols=cols) >= self.floor
        return allowed

    def allowed_row(self, *, application: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.indptr[application], self.indptr[application + 1]
        row_cols = self.indices[start:end].astype(np.int64)
        values = np.zeros(self.shape[1], dtype=np.float64)
        values[row_cols] = self.data[start:end]
        lo, hi = np.searchsorted(self.conflict_keys, [application * self.shape[1], (application + 1) * self.shape[1]])
        allowed = self.usable_reviewers.copy()
        allowed[self.conflict_keys[lo:hi] - application * self.shape[1]] = False
        if self.implicit_allowed:
            if self.floor is not None:
                allowed &= values >= self.floor
        else:
            stored = np.zeros(self.shape[1], dtype=bool)
            stored[row_cols] = True
            allowed &= stored & (values >= self.floor)
        cols = np.flatnonzero(allowed)
        return cols, values[cols]

    def distinct_values(self, *, applications: np.ndarray) -> np.ndarray:
        wanted = np.zeros(self.shape[0], dtype=bool)
        wanted[applications] = True
        values = self.data[wanted[self.entry_rows] & self.entry_allowed].astype(np.float64)
        if self.implicit_allowed:
            values = np.append(values, 0.0)
        return sorted_unique(values)

    def violations(
        self,
        *,
        applications: np.ndarray,
        duals: Duals,
        candidate_keys: np.ndarray,
        per_application: int,
        margin: int = 0,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Like :meth:`DensePairs.violations`: pairs below ``margin``, at most ``per_application`` per row."""
        n_reviewers = self.shape[1]
        wanted = np.zeros(self.shape[0], dtype=bool)
        wanted[applications] = True
        rows = self.entry_rows
        keys = rows * n_reviewers + self.indices
        check = wanted[rows] & self.entry_allowed & ~_member(keys, candidate_keys)
        rows, cols = rows[check], self.indices[check].astype(np.int64)
        reduced = duals.pair_costs(affinity=self.data[check]) + duals.tail_potential(rows=rows, cols=cols)
        reduced = reduced - duals.reviewer_potential[cols]
        bad = reduced < margin
        rows, cols, reduced = rows[bad], cols[bad], reduced[bad]
        if self.implicit_allowed:
            extra_rows, extra_cols, extra_reduced = _implicit_violations(
                self, applications=applications, duals=duals, candidate_keys=candidate_keys, margin=margin
            )
            rows = np.concatenate([rows, extra_rows])
            cols = np.concatenate([cols, extra_cols])
            reduced = np.concatenate([reduced, extra_reduced])
        order = np.lexsort((reduced, rows))
        rows, cols, reduced = rows[order], cols[order], reduced[order]
        rank = np.arange(rows.size) - np.searchsorted(rows, rows, side="left")
        top = rank < per_application
        return rows[top], cols[top], reduced[top]

    def reachable_reviewers(
        self, *, applications: np.ndarray, assigned_rows: np.ndarray, assigned_cols: np.ndarray
    ) -> np.ndarray:
        n_reviewers = self.shape[1]
        wanted = np.zeros(self.shape[0], dtype=bool)
        wanted[applications] = True
        assigned_keys = np.sort(assigned_rows.astype(np.int64) * n_reviewers + assigned_cols)
        rows = self.entry_rows
        if not self.implicit_allowed:
            usable = wanted[rows] & self.entry_allowed & ~_member(self.entry_keys, assigned_keys)
            reachable = np.zeros(n_reviewers, dtype=bool)
            reachable[self.indices[usable]] = True
            return reachable
        blocked_keys = [self.conflict_keys, assigned_keys]
        if self.floor is not None:
            below = self.data < self.floor
            blocked_keys.append(self.entry_keys[below])
        blocked = union(*blocked_keys)
        blocked = blocked[wanted[blocked // n_reviewers]]
        blocked_count = np.bincount(blocked % n_reviewers, minlength=n_reviewers)
        return self.usable_reviewers & (blocked_count < applications.size)


def _with_implicit_fill(
    pairs: SparsePairs, *, rows: np.ndarray, cols: np.ndarray, applications: np.ndarray, per_application: int
) -> tuple[np.ndarray, np.ndarray]:
    """Add non-stored (affinity 0) reviewers, drawn at random, to every candidate list.

    Short lists are topped up to ``per_application``; every list gets at least a quarter
    of that, so applications whose stored reviewers are in demand can still be served
    in the restricted problem (the certificate decides whether they should be).
    """
    n_reviewers = pairs.shape[1]
    have = np.bincount(rows, minlength=pairs.shape[0])[applications]
    draws = np.maximum(per_application - have, max(1, per_application // 4))
    usable = np.flatnonzero(pairs.usable_reviewers)
    if usable.size == 0:
        return rows, cols
    rng = np.random.default_rng(pairs.seed)
    fill_rows = np.repeat(applications.astype(np.int64), draws)
    fill_keys = fill_rows * n_reviewers + usable[rng.integers(0, usable.size, size=fill_rows.size)]
    fresh = ~_member(fill_keys, pairs.stored_or_conflicted_keys)
    keys = union(rows * n_reviewers + cols, fill_keys[fresh])
    return keys // n_reviewers, keys % n_reviewers


def _implicit_violations(
    pairs: SparsePairs, *, applications: np.ndarray, duals: Duals, candidate_keys: np.ndarray, margin: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each application, the non-stored allowed reviewer of highest potential, if below ``margin``.

    Most rows have some unblocked reviewer in the top potential group (usually the
    reviewers with spare load, potential 0), which a per-row count decides; only rows
    that violate, or whose whole top group is blocked, go through the exact "mex".
    With the team preference on, the application's lower tail potential is used, which can
    flag a pair that is in fact fine; the pair then joins the candidates and is not flagged
    again, so the loop still ends, and no real violation is ever missed.
    """
    n_reviewers = pairs.shape[1]
    usable = np.flatnonzero(pairs.usable_reviewers)
    if usable.size == 0 or applications.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    potential = duals.reviewer_potential
    order = usable[np.argsort(-potential[usable], kind="stable")]
    rank = np.full(n_reviewers, -1, dtype=np.int64)
    rank[order] = np.arange(order.size)
    top_value = potential[order[0]]
    top_size = int(np.sum(potential[usable] == top_value))

    implicit_candidates = candidate_keys[~_member(candidate_keys, pairs.entry_keys)]
    blocked = np.concatenate([pairs.stored_or_conflicted_keys, implicit_candidates])
    blocked_rows, blocked_cols = blocked // n_reviewers, blocked % n_reviewers
    in_top = (rank[blocked_cols] >= 0) & (rank[blocked_cols] < top_size)
    top_blocked = np.bincount(blocked_rows[in_top], minlength=pairs.shape[0])[applications]
    lowest_tail = duals.lowest_tail_potential(rows=applications)
    suspect = (top_blocked >= top_size) | (lowest_tail - margin < top_value)
    rows = applications[suspect]
    if rows.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty

    wanted = np.zeros(pairs.shape[0], dtype=bool)
    wanted[rows] = True
    keep = wanted[blocked_rows] & (rank[blocked_cols] >= 0)
    base = order.size + 1
    codes = np.sort(blocked_rows[keep] * base + rank[blocked_cols[keep]])
    code_rows = codes // base
    position = np.arange(codes.size) - np.searchsorted(code_rows, code_rows, side="left")
    gap = (codes % base) != position
    mex = np.bincount(code_rows, minlength=pairs.shape[0]).astype(np.int64)
    np.minimum.at(mex, code_rows[gap], position[gap])
    mex = mex[rows]
    has_free = mex < order.size
    rows = rows[has_free]
    cols = order[mex[has_free]]
    reduced = duals.lowest_tail_potential(rows=rows) - potential[cols]
    bad = reduced < margin
    return rows[bad], cols[bad], reduced[bad]
