"""Dual prices of a restricted solve, in the form the pair sources check them against."""

from dataclasses import dataclass

import numpy as np

from selection.assignment.network import FlowSolution


@dataclass(frozen=True)
class Duals:
    """Potentials of the restricted network, indexed by global application / reviewer.

    A pair (i, j) left out of the network would be an arc ``tail(i, j) -> reviewer j`` of
    cost ``c_ij`` (``-round(scale * affinity)``, or 0 in the coverage phase). Its reduced
    cost is ``c_ij + tail_potential - reviewer_potential[j]``, where the tail is the
    application's preferred-team node when j is on that team and the preference is on.
    """

    application_potential: np.ndarray
    preferred_potential: np.ndarray | None
    reviewer_potential: np.ndarray
    preferred_team: np.ndarray | None
    reviewer_team: np.ndarray | None
    scale: float | None  # None: every pair costs 0 (coverage phase)

    def tail_potential(self, *, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        base = self.application_potential[rows]
        if self.preferred_potential is None:
            return base
        wanted = self.preferred_team[rows]
        on_team = (wanted >= 0) & (self.reviewer_team[cols] == wanted)
        return np.where(on_team, self.preferred_potential[rows], base)

    def tail_potential_block(self, *, rows: np.ndarray, cols: np.ndarray | None = None) -> np.ndarray:
        """Tail potentials of every pair (rows x ``cols``, default all reviewers) as a dense block."""
        teams = None if self.reviewer_team is None else (self.reviewer_team if cols is None else self.reviewer_team[cols])
        width = self.reviewer_potential.size if cols is None else cols.size
        base = np.broadcast_to(self.application_potential[rows][:, None], (rows.size, width))
        if self.preferred_potential is None:
            return base
        wanted = self.preferred_team[rows][:, None]
        on_team = (wanted >= 0) & (teams[None, :] == wanted)
        return np.where(on_team, self.preferred_potential[rows][:, None], base)

    def lowest_tail_potential(self, *, rows: np.ndarray) -> np.ndarray:
        base = self.application_potential[rows]
        if self.preferred_potential is None:
            return base
        return np.minimum(base, self.preferred_potential[rows])

    def pair_costs(self, *, affinity: np.ndarray) -> np.ndarray:
        if self.scale is None:
            return np.zeros(np.shape(affinity), dtype=np.int64)
        return scaled_costs(affinity=affinity, scale=self.scale)


def scaled_costs(*, affinity: np.ndarray, scale: float) -> np.ndarray:
    return -np.rint(np.asarray(affinity, dtype=np.float64) * scale).astype(np.int64)


def duals_from_potentials(
    *,
    solution: FlowSolution,
    potentials: np.ndarray,
    n_applications: int,
    preferred_team: np.ndarray | None,
    reviewer_team: np.ndarray | None,
    scale: float | None,
) -> Duals:
    net = solution.network
    n_local = net.applications.size
    application_potential = np.zeros(n_applications, dtype=np.int64)
    application_potential[net.applications] = potentials[:n_local]
    preferred_potential = None
    if net.preferred_base >= 0:
        preferred_potential = np.zeros(n_applications, dtype=np.int64)
        preferred_potential[net.applications] = potentials[net.preferred_base : net.preferred_base + n_local]
    return Duals(
        application_potential=application_potential,
        preferred_potential=preferred_potential,
        reviewer_potential=potentials[net.reviewer_base : net.sink],
        preferred_team=preferred_team if preferred_potential is not None else None,
        reviewer_team=reviewer_team if preferred_potential is not None else None,
        scale=scale,
    )
