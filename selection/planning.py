"""Solve an assignment that keeps pairs already fixed (reviews started), from plain arrays.

The solver (:mod:`selection.assignment`) gives every application the same k. An
application with f fixed reviewers needs only k - f more, and each fixed pair uses one
unit of its reviewer's load. Loads are reduced by the caller; the per-application k is
expressed with *placeholder reviewers*: placeholder p (p = 1 .. max f) may review exactly
the applications with f >= p (it conflicts with all others), has a load equal to their
number, and an affinity above every real one. In an optimal assignment every such
application takes each of its placeholders (otherwise swapping one of its real reviewers
for the unused placeholder would raise the affinity without breaking a load), so after
dropping the placeholders each application has exactly k - f new reviewers, and the
choice of real reviewers is optimal over all pairs.

The team-preference tier could prefer a real reviewer from the preferred team over a
placeholder when ``min_preferred`` exceeds k - f; ``min_preferred`` is therefore lowered
to k - (largest f) for that run, and the run notes say so.
"""
from dataclasses import dataclass

import numpy as np

from selection.assignment import AssignmentResult, assign_reviewers


@dataclass(frozen=True)
class PlannedAssignment:
    pairs: list[tuple[int, int]]  # (application index, reviewer index), real reviewers only
    affinities: list[float]
    objective: float
    uncovered: list[tuple[int, str]]  # (application index, reason)
    min_preferred_used: int
    result: AssignmentResult


def solve_keeping_fixed(
    *,
    affinity: np.ndarray,
    conflicts: np.ndarray,
    max_load: np.ndarray,
    fixed_counts: np.ndarray,
    k: int,
    preferred_team: np.ndarray | None = None,
    reviewer_team: np.ndarray | None = None,
    min_preferred: int = 0,
    fairness: bool = False,
) -> PlannedAssignment:
    """``fixed_counts[i]`` (< k) reviewers of application i are already fixed; assign the rest."""
    n_applications, n_reviewers = affinity.shape
    fixed_counts = np.asarray(fixed_counts, dtype=np.int64)
    if np.any(fixed_counts >= k) or np.any(fixed_counts < 0):
        raise ValueError("fixed_counts must lie in 0 .. k-1 (applications with k fixed reviewers need no solve)")
    most_fixed = int(fixed_counts.max(initial=0))
    min_preferred_used = min(min_preferred, k - most_fixed) if most_fixed else min_preferred
    if most_fixed:
        high = float(affinity.max(initial=0.0)) + 1.0
        placeholder_rows = np.arange(1, most_fixed + 1)[None, :] <= fixed_counts[:, None]
        affinity = np.hstack([affinity, np.where(placeholder_rows, high, 0.0).astype(np.float32)])
        conflicts = np.hstack([conflicts, ~placeholder_rows])
        max_load = np.concatenate([max_load, placeholder_rows.sum(axis=0)])
        if reviewer_team is not None:
            reviewer_team = np.concatenate([reviewer_team, np.full(most_fixed, -1, dtype=np.int64)])
    result = assign_reviewers(
        affinity=affinity, max_load=max_load.astype(np.int64), conflicts=conflicts, k=k,
        preferred_team=preferred_team, reviewer_team=reviewer_team, min_preferred=min_preferred_used,
        fairness=fairness,
    )
    real = result.reviewers < n_reviewers
    rows, cols = result.applications[real], result.reviewers[real]
    values = affinity[rows, cols].astype(float)
    placeholder_pairs = int((~real).sum())
    if placeholder_pairs != int(fixed_counts[np.unique(result.applications)].sum()):
        raise RuntimeError("a kept review was not honoured by the solver")  # the argument above rules this out
    return PlannedAssignment(
        pairs=list(zip(rows.tolist(), cols.tolist())),
        affinities=values.tolist(),
        objective=float(values.sum()),
        uncovered=[(item.application, item.reason) for item in result.uncovered],
        min_preferred_used=min_preferred_used,
        result=result,
    )
