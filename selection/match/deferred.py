"""Applicant-proposing deferred acceptance with capacities, on integer arrays.

Why rounds: a textbook loop makes one Python step per proposal. Here every free
applicant proposes at once (McVitie and Wilson showed that the order of proposals does
not change the outcome: it is always the applicant-optimal stable matching), and each
touched team keeps the ``capacity`` best-ranked among what it held and what it was
just offered; everyone else is rejected and proposes to the next team on their list.
A round is a handful of numpy calls whatever its size.

When only a few applicants are still free (long rejection chains near the end), a
round would cost more than the few proposals in it: the rest is finished one proposal
at a time, each team keeping a max-heap of admitted ranks (its worst admitted on
top), so the worst case stays O(proposals x log capacity) instead of rounds x applicants.

Only mutually acceptable pairs are ever proposed: entries whose team does not rank the
applicant, or whose team has capacity 0, are dropped before the first round (they are
explained afterwards from the full lists, see :mod:`selection.match.explain`).
"""

import heapq
from dataclasses import dataclass

import numpy as np

UNMATCHED = -1


@dataclass(frozen=True)
class _Proposals:
    """The acceptable lists and the tentative matching; the arrays are updated in place.

    ``proposing[a]``: the entry applicant ``a`` is proposing to or held at, up to ``end[a]``, over
    ``team``/``rank``; ``team_of``/``rank_of``: where each is held (``team_of`` = number of teams
    when not held, a sentinel that indexes safely; ``rank_of`` -1).
    """

    proposing: np.ndarray
    end: np.ndarray
    team: np.ndarray
    rank: np.ndarray
    capacity: np.ndarray
    team_of: np.ndarray
    rank_of: np.ndarray


def deferred_acceptance(
    *,
    pref_ptr: np.ndarray,
    pref_team: np.ndarray,
    pref_rank: np.ndarray,
    capacity: np.ndarray,
    sequential_below: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(team_of, rank_of)`` per applicant: the team index (``UNMATCHED``)
    and the applicant's 0-based rank on that team's list (-1 when unmatched).

    ``sequential_below``: switch to one proposal at a time once fewer applicants than
    this are free (default ``max(64, applicants // 1000)``; 0 = rounds only).
    """
    capacity = np.asarray(capacity, dtype=np.int64)
    ptr, team, rank = mutually_acceptable_entries(
        pref_ptr=pref_ptr, pref_team=pref_team, pref_rank=pref_rank, capacity=capacity
    )
    n_applicants, n_teams = ptr.size - 1, capacity.size
    state = _Proposals(
        proposing=ptr[:-1].copy(),
        end=ptr[1:],
        team=team,
        rank=rank,
        capacity=capacity,
        team_of=np.full(n_applicants, n_teams, dtype=np.int64),
        rank_of=np.full(n_applicants, -1, dtype=np.int64),
    )
    if sequential_below is None:
        sequential_below = max(64, n_applicants // 1000)
    free = np.flatnonzero(state.proposing < state.end)
    free = _propose_in_rounds(state=state, free=free, sequential_below=sequential_below)
    if free.size:
        _finish_one_by_one(state=state, free=free)
    team_of = state.team_of
    team_of[team_of == n_teams] = UNMATCHED
    return team_of, state.rank_of


def mutually_acceptable_entries(
    *, pref_ptr: np.ndarray, pref_team: np.ndarray, pref_rank: np.ndarray, capacity: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The preference lists without the entries that can never be matched: ``(ptr, team, rank)``
    in the same CSR layout, keeping only teams that rank the applicant and have capacity."""
    n_applicants = pref_ptr.size - 1
    owner = np.repeat(np.arange(n_applicants, dtype=np.int64), np.diff(pref_ptr))
    acceptable = (pref_rank >= 0) & (capacity[pref_team] > 0)
    ptr = np.zeros(n_applicants + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner[acceptable], minlength=n_applicants), out=ptr[1:])
    return ptr, pref_team[acceptable].astype(np.int64), pref_rank[acceptable].astype(np.int64)


def places_within_groups(sorted_keys: np.ndarray) -> np.ndarray:
    """0-based position of each element within its run of equal keys (``sorted_keys`` sorted, non-empty)."""
    first = np.empty(sorted_keys.size, dtype=bool)
    first[0] = True
    np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    return np.arange(sorted_keys.size) - starts[np.cumsum(first) - 1]


def _propose_in_rounds(*, state: _Proposals, free: np.ndarray, sequential_below: int) -> np.ndarray:
    """Every free applicant proposes at once, each touched team keeps its ``capacity`` best
    among held and offered, until fewer than ``sequential_below`` are free (``state`` updated in
    place). Returns the applicants still free with entries left to propose to."""
    proposing, end, team, rank, capacity = state.proposing, state.end, state.team, state.rank, state.capacity
    team_of, rank_of = state.team_of, state.rank_of
    n_teams = capacity.size
    width = int(rank.max()) + 1 if rank.size else 1
    touched = np.zeros(n_teams + 1, dtype=bool)
    while free.size and free.size >= sequential_below:
        offered_team, offered_rank = team[proposing[free]], rank[proposing[free]]
        touched[offered_team] = True
        held = np.flatnonzero(touched[team_of])
        touched[offered_team] = False
        applicants = np.concatenate((held, free))
        teams = np.concatenate((team_of[held], offered_team))
        ranks = np.concatenate((rank_of[held], offered_rank))
        order = np.argsort(teams * width + ranks)
        applicants, teams, ranks = applicants[order], teams[order], ranks[order]
        admitted = places_within_groups(teams) < capacity[teams]
        team_of[applicants[admitted]] = teams[admitted]
        rank_of[applicants[admitted]] = ranks[admitted]
        rejected = applicants[~admitted]
        team_of[rejected] = n_teams
        rank_of[rejected] = -1
        proposing[rejected] += 1
        free = rejected[proposing[rejected] < end[rejected]]
    return free


def _finish_one_by_one(*, state: _Proposals, free: np.ndarray) -> None:
    """Textbook deferred acceptance from the current tentative state (updated in place).

    Each team's max-heap ``[(-rank, applicant), ...]`` is built from its held applicants
    the first time the team is proposed to.
    """
    proposing, end, team, rank, capacity = state.proposing, state.end, state.team, state.rank, state.capacity
    team_of, rank_of = state.team_of, state.rank_of
    n_teams = capacity.size
    held = np.flatnonzero(team_of < n_teams)
    held = held[np.argsort(team_of[held], kind="stable")]
    bounds = np.searchsorted(team_of[held], np.arange(n_teams + 1))
    heaps: dict[int, list] = {}
    stack = free.tolist()
    while stack:
        applicant = stack.pop()
        entry, last = int(proposing[applicant]), int(end[applicant])
        while entry < last:
            t, r = int(team[entry]), int(rank[entry])
            heap = heaps.get(t)
            if heap is None:
                members = held[bounds[t] : bounds[t + 1]]
                heap = heaps[t] = list(zip((-rank_of[members]).tolist(), members.tolist()))
                heapq.heapify(heap)
            if len(heap) < capacity[t]:
                heapq.heappush(heap, (-r, applicant))
                break
            if -heap[0][0] > r:
                _, bumped = heapq.heapreplace(heap, (-r, applicant))
                team_of[bumped], rank_of[bumped] = n_teams, -1
                proposing[bumped] += 1
                if proposing[bumped] < end[bumped]:
                    stack.append(bumped)
                break
            entry += 1
        proposing[applicant] = entry
        if entry < last:
            team_of[applicant], rank_of[applicant] = t, r
