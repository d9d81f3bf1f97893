"""Which applications can get k reviewers, and why the others cannot.

Two causes are told apart:

* an application has fewer than k allowed reviewers at all (non-conflicted, max_load > 0);
* the reviewers open to it are booked out by competing applications. This is found by a
  certified max-flow (the coverage phase: every pair costs 0, an unserved slot costs 1),
  so the number of slots it leaves empty is the true minimum over all pairs. The reason
  names the group of competing applications: everything reachable from the short
  applications in the residual graph (its reviewers are all full, or the flow would not
  be maximal), with their joint demand against the joint max_load.

Which of the competing applications stay uncovered is decided by repeated certified
max-flows (see :func:`split_by_capacity`); every application left out was short in a
maximum flow, but the covered set is not guaranteed to be the largest possible (choosing
it is a hard combinatorial problem of its own and not what the issue asks to optimise).
"""

from dataclasses import dataclass

import numpy as np

from selection.assignment.certify import CertifiedFlow, FlowSettings, solve_certified
from selection.assignment.keys import pair_keys, union


@dataclass(frozen=True)
class UncoveredApplication:
    application: int
    reason: str


@dataclass(frozen=True)
class CoverageOutcome:
    covered: np.ndarray
    uncovered: tuple[UncoveredApplication, ...]
    seed_rows: np.ndarray  # pairs of a feasible assignment of ``covered``
    seed_cols: np.ndarray


def individually_short(
    *, applications: np.ndarray, eligible: np.ndarray, k: int
) -> tuple[UncoveredApplication, ...]:
    return tuple(
        UncoveredApplication(
            application=int(application),
            reason=f"only {int(count)} non-conflicted reviewers with free load (needs {k})",
        )
        for application, count in zip(applications, eligible)
        if count < k
    )


def spread_candidates(*, pairs, applications: np.ndarray, per_application: int, seed: int = 20240601) -> np.ndarray:
    """Keys of ``per_application`` allowed reviewers per application drawn at random (fewer where drawn twice).

    Candidates by affinity crowd onto the same popular reviewers; a max-flow over them leaves
    slots empty that the certificate then has to find pair by pair. Random reviewers reach
    every reviewer's load, so the first coverage solve is usually already maximal.
    """
    usable = np.flatnonzero(pairs.usable_reviewers)
    if usable.size == 0 or applications.size == 0:
        return np.zeros(0, dtype=np.int64)
    rows = np.repeat(applications.astype(np.int64), per_application)
    cols = usable[np.random.default_rng(seed).integers(0, usable.size, size=rows.size)]
    allowed = pairs.is_allowed(rows=rows, cols=cols)
    return pair_keys(rows=rows[allowed], cols=cols[allowed], n_reviewers=pairs.shape[1])


def split_by_capacity(*, pairs, flow: CertifiedFlow, settings: FlowSettings) -> CoverageOutcome:
    """Split the applications of a coverage flow into covered and uncovered ones.

    Applications the first max-flow serves fully are *kept*; they stay fully served in
    every later solve because their empty slots cost more than all the others together.
    Each round drops ceil(missing slots / k) of the least served (no fewer could close the
    gap), re-solves with the still-short applications and keeps those now served. The first
    round needs no solve of its own: the max-flow already serves the kept applications fully
    and leaves the fewest slots empty, so no flow pays less under the priority costs.
    """
    k = settings.k
    net = flow.solution.network
    overflow = flow.solution.overflow_by_application
    kept, waiting, missing = net.applications[overflow == 0], net.applications[overflow > 0], overflow[overflow > 0]
    rows, cols = flow.assigned_pairs()
    reason = _competition_reason(pairs=pairs, short=waiting, rows=rows, cols=cols, k=k, max_load=settings.max_load)
    received = dict(zip(waiting.tolist(), (k - missing).tolist()))
    candidate_keys = pair_keys(rows=net.pair_rows, cols=net.pair_cols, n_reviewers=pairs.shape[1])
    uncovered: list[UncoveredApplication] = []
    while waiting.size:
        kept = np.concatenate([kept, waiting[missing == 0]])
        still_short, missing = waiting[missing > 0], missing[missing > 0]
        order = np.lexsort((-still_short, -missing))  # most missing first
        drop_count = min(still_short.size, -(-int(missing.sum()) // k))
        uncovered.extend(
            UncoveredApplication(
                application=int(application), reason=f"only {received[int(application)]} of {k} reviewers: {reason}"
            )
            for application in still_short[order[:drop_count]]
        )
        waiting = still_short[order[drop_count:]]
        if waiting.size:
            flow = _priority_flow(
                pairs=pairs, kept=kept, waiting=waiting, candidate_keys=candidate_keys, settings=settings
            )
            missing = flow.solution.overflow_by_application[kept.size :]
            rows, cols = flow.assigned_pairs()
            candidate_keys = union(candidate_keys, pair_keys(rows=rows, cols=cols, n_reviewers=pairs.shape[1]))
    in_kept = np.zeros(pairs.shape[0], dtype=bool)
    in_kept[kept] = True
    rows, cols = flow.assigned_pairs()
    return CoverageOutcome(
        covered=np.sort(kept).astype(np.int64),
        uncovered=tuple(uncovered),
        seed_rows=rows[in_kept[rows]],
        seed_cols=cols[in_kept[rows]],
    )


def _priority_flow(
    *, pairs, kept: np.ndarray, waiting: np.ndarray, candidate_keys: np.ndarray, settings: FlowSettings
) -> CertifiedFlow:
    """Certified max-flow serving ``kept`` fully first (an empty slot there costs more than all of ``waiting``'s)."""
    priority = np.concatenate([np.full(kept.size, settings.k * waiting.size + 1), np.ones(waiting.size, dtype=np.int64)])
    return solve_certified(
        pairs=pairs,
        applications=np.concatenate([kept, waiting]),
        candidate_keys=candidate_keys,
        settings=settings,
        overflow_costs=priority,
    )


def _competition_reason(
    *, pairs, short: np.ndarray, rows: np.ndarray, cols: np.ndarray, k: int, max_load: np.ndarray
) -> str:
    group = np.unique(short)
    while True:
        reviewers = pairs.reachable_reviewers(applications=group, assigned_rows=rows, assigned_cols=cols)
        grown = np.union1d(group, rows[reviewers[cols]])
        if grown.size == group.size:
            break
        group = grown
    in_group = np.zeros(pairs.shape[0], dtype=bool)
    in_group[group] = True
    reviewers[cols[in_group[rows]]] = True
    capacity = int(max_load[reviewers].sum())
    return (
        f"{group.size} applications compete for the {int(reviewers.sum())} reviewers open to them, "
        f"needing {k * group.size} reviews against a combined max_load of {capacity}"
    )
