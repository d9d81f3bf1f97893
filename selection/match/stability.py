"""Checks any matching against the definition, for tests, benchmarks and the Django side.

Kept apart from the solver on purpose: it restates stability directly from the lists
(vectorized, one pass over all list entries) instead of trusting the algorithm, so a
matching edited by hand, or moved by the waitlist, can be checked the same way.
"""

import numpy as np

from selection.match.market import Market


def blocking_pairs(*, market: Market, capacity: np.ndarray, team_of: np.ndarray) -> list[tuple[int, int]]:
    """(applicant, team) index pairs that both prefer each other to what they got.

    ``team_of``: team index per applicant, -1 if unmatched. A pair blocks when the team
    ranks the applicant, the applicant lists the team above their own team (or is
    unmatched), and the team has a free seat or admitted someone it ranks lower.
    """
    n_applicants, n_teams = len(market.applicants), len(market.teams)
    capacity = np.asarray(capacity, dtype=np.int64)
    team_of = np.asarray(team_of, dtype=np.int64)
    owner = np.repeat(np.arange(n_applicants), np.diff(market.pref_ptr))
    position = np.arange(market.pref_team.size) - market.pref_ptr[owner]
    own = (market.pref_team == team_of[owner]) & (team_of[owner] >= 0)
    own_position = np.full(n_applicants, np.iinfo(np.int64).max)
    own_position[owner[own]] = position[own]
    own_rank = np.full(n_applicants, -1, dtype=np.int64)
    own_rank[owner[own]] = market.pref_rank[own]
    matched = np.flatnonzero(team_of >= 0)
    fill = np.bincount(team_of[matched], minlength=n_teams)
    worst = np.full(n_teams, -1, dtype=np.int64)
    np.maximum.at(worst, team_of[matched], own_rank[matched])
    team = market.pref_team
    blocking = (
        (market.pref_rank >= 0)
        & (position < own_position[owner])
        & ((fill[team] < capacity[team]) | (worst[team] > market.pref_rank))
    )
    return list(zip(owner[blocking].tolist(), team[blocking].tolist()))


def over_capacity(*, capacity: np.ndarray, team_of: np.ndarray) -> list[int]:
    """Teams holding more applicants than their capacity."""
    team_of = np.asarray(team_of, dtype=np.int64)
    fill = np.bincount(team_of[team_of >= 0], minlength=np.asarray(capacity).size)
    return np.flatnonzero(fill > capacity).tolist()


def unacceptable_pairs(*, market: Market, team_of: np.ndarray) -> list[tuple[int, int]]:
    """Matched (applicant, team) pairs where either side does not list the other."""
    team_of = np.asarray(team_of, dtype=np.int64)
    owner = np.repeat(np.arange(len(market.applicants)), np.diff(market.pref_ptr))
    good = (market.pref_team == team_of[owner]) & (market.pref_rank >= 0)
    ok = np.zeros(len(market.applicants), dtype=bool)
    ok[owner[good]] = True
    bad = np.flatnonzero((team_of >= 0) & ~ok)
    return list(zip(bad.tolist(), team_of[bad].tolist()))
