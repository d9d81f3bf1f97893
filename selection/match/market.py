"""The instance as integer arrays, built once from plain data and validated.

Why arrays: the deferred acceptance in :mod:`selection.match.deferred` moves whole
rounds of proposals with numpy, so names are turned into indices here, once. An
applicant's list is kept whole (for the explanations) and the team's rank of the
applicant is stored next to each entry (``-1``: the team does not list them).

Rules (each violation raises :class:`MatchInputError` with one line):

* an applicant may list a team at most once and only teams that exist;
* a team may list an applicant at most once and only applicants that exist (an
  unknown name in a ranking is taken for a typo or a stale export, not ignored:
  silently dropping it could drop a real person);
* capacities are integers >= 0 (0: the team takes nobody this call).

Acceptability is mutual: a pair can be matched only if the applicant lists the team
and the team's ranking lists the applicant. A team may rank applicants who did not
list it; those entries simply never matter.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain

import numpy as np

from selection.match.errors import MatchInputError

HASH_JOIN_FROM = 50_000  # names in the index from which _lookup joins by hash (measured: below, the dict fits in cache)
SHORT_LISTS = 16  # applicants' lists up to this long are matched to rankings entry by entry


@dataclass(frozen=True, eq=False)
class Market:
    """Applicants' lists and teams' rankings, by name and as CSR integer arrays."""

    applicants: tuple[Hashable, ...]
    teams: tuple[Hashable, ...]
    capacity: np.ndarray  # int64 per team
    pref_ptr: np.ndarray  # int64, applicants + 1: applicant a's list is pref_team[pref_ptr[a]:pref_ptr[a + 1]]
    pref_team: np.ndarray  # int32 team index per list entry, in the applicant's order
    pref_rank: np.ndarray  # int32 0-based rank of the applicant on that team's list, -1 if unlisted
    rank_ptr: np.ndarray  # int64, teams + 1: team t's ranking is rank_applicant[rank_ptr[t]:rank_ptr[t + 1]]
    rank_applicant: np.ndarray  # int32 applicant index per ranking entry, best first

    @cached_property
    def applicant_index(self) -> dict:
        return {name: index for index, name in enumerate(self.applicants)}

    @cached_property
    def team_index(self) -> dict:
        return {name: index for index, name in enumerate(self.teams)}

    @cached_property
    def applicant_array(self) -> np.ndarray:
        """Applicant names as an object array, to pick many names by index at once."""
        array = np.empty(len(self.applicants), dtype=object)
        array[:] = self.applicants
        return array

    def preferences(self, applicant: int) -> np.ndarray:
        return self.pref_team[self.pref_ptr[applicant] : self.pref_ptr[applicant + 1]]

    def ranking(self, team: int) -> np.ndarray:
        return self.rank_applicant[self.rank_ptr[team] : self.rank_ptr[team + 1]]


def build_market(*, applicants: Mapping[Hashable, Sequence[Hashable]], teams: Mapping[Hashable, Mapping]) -> Market:
    """``applicants``: name -> teams in order of preference; ``teams``: name ->
    ``{"capacity": int, "ranking": [applicant, ...]}`` (best first).

    Types are assumed right (see :mod:`selection.match.io` for the checks on JSON);
    the rules of the module docstring are checked here.
    """
    applicant_names = tuple(applicants)
    team_names = tuple(teams)
    applicant_index = dict(zip(applicant_names, range(len(applicant_names))))
    team_index = dict(zip(team_names, range(len(team_names))))
    n_applicants, n_teams = len(applicant_names), len(team_names)

    capacity = np.fromiter((_capacity(name=name, spec=spec) for name, spec in teams.items()), np.int64, n_teams)
    pref_ptr, pref_team = _lists(
        lists=applicants.values(),
        index=team_index,
        owners=applicant_names,
        what="applicant {owner} lists unknown team {item}",
    )
    rank_ptr, rank_applicant = _lists(
        lists=(spec["ranking"] for spec in teams.values()),
        index=applicant_index,
        owners=team_names,
        what="team {owner} ranks unknown applicant {item}",
    )
    _no_duplicates(
        ptr=pref_ptr,
        items=pref_team,
        width=n_teams,
        owners=applicant_names,
        names=team_names,
        what="applicant {owner} lists team {item} twice",
    )
    _no_duplicates(
        ptr=rank_ptr,
        items=rank_applicant,
        width=n_applicants,
        owners=team_names,
        names=applicant_names,
        what="team {owner} ranks applicant {item} twice",
    )
    return Market(
        applicants=applicant_names,
        teams=team_names,
        capacity=capacity,
        pref_ptr=pref_ptr,
        pref_team=pref_team,
        pref_rank=_ranks_of_entries(
            pref_ptr=pref_ptr,
            pref_team=pref_team,
            rank_ptr=rank_ptr,
            rank_applicant=rank_applicant,
            n_applicants=n_applicants,
        ),
        rank_ptr=rank_ptr,
        rank_applicant=rank_applicant,
    )


def _capacity(*, name: Hashable, spec: Mapping) -> int:
    value = spec["capacity"]
    if value < 0:
        raise MatchInputError(f"team {name} has a negative capacity ({value})")
    return value


def _lists(*, lists, index: dict, owners: tuple, what: str) -> tuple[np.ndarray, np.ndarray]:
    """Concatenate name lists into (ptr, indices); the first unknown name raises."""
    lists = list(lists)
    ptr = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, lists), np.int64, len(lists)), out=ptr[1:])
    flat = list(chain.from_iterable(lists))
    found = _lookup(items=flat, index=index)
    if found is None:
        for owner, items in zip(owners, lists):
            for item in items:
                if not _known(item=item, index=index):
                    raise MatchInputError(what.format(owner=owner, item=item))
    return ptr, found


def _known(*, item, index: dict) -> bool:
    try:
        return item in index
    except TypeError:  # unhashable (a list where a name belongs)
        return False


def _lookup(*, items: list, index: dict) -> np.ndarray | None:
    """Indices of ``items`` in ``index`` (name -> position), None if one is unknown.

    A big index is joined by hash in numpy, then checked string by string: a lookup in
    a 126,000-name dict costs ~1 us per name (cache misses), the join a tenth of that.
    """
    if len(index) < HASH_JOIN_FROM or not items:
        try:
            return np.fromiter(map(index.__getitem__, items), np.int32, len(items))
        except (KeyError, TypeError):
            return None
    names = list(index)  # position i holds the name with index i
    try:
        name_hash = np.fromiter(map(hash, names), np.int64, len(names))
        item_hash = np.fromiter(map(hash, items), np.int64, len(items))
    except TypeError:
        return None
    order = np.argsort(name_hash)
    sorted_hash = name_hash[order]
    if np.any(sorted_hash[1:] == sorted_hash[:-1]):  # two names share a hash: the dict decides
        try:
            return np.fromiter(map(index.__getitem__, items), np.int32, len(items))
        except (KeyError, TypeError):
            return None
    where = np.empty(item_hash.size, dtype=np.int64)
    item_order = np.argsort(item_hash)  # sorted queries search ~3x faster (cache-friendly)
    where[item_order] = np.minimum(np.searchsorted(sorted_hash, item_hash[item_order]), len(names) - 1)
    if not np.array_equal(sorted_hash[where], item_hash):
        return None
    found = order[where].astype(np.int32)
    name_array, item_array = np.asarray(names), np.asarray(items)
    if (
        name_array.dtype.kind != "U"
        or item_array.dtype.kind != "U"
        or not np.array_equal(name_array[found], item_array)
    ):
        try:
            return np.fromiter(map(index.__getitem__, items), np.int32, len(items))
        except (KeyError, TypeError):
            return None
    return found


def _no_duplicates(*, ptr: np.ndarray, items: np.ndarray, width: int, owners: tuple, names: tuple, what: str) -> None:
    owner_of = np.repeat(np.arange(len(owners), dtype=np.int64), np.diff(ptr))
    keys = owner_of * max(width, 1) + items
    unique, counts = np.unique(keys, return_counts=True)
    if unique.size == keys.size:
        return
    key = int(unique[np.argmax(counts > 1)])
    raise MatchInputError(what.format(owner=owners[key // max(width, 1)], item=names[key % max(width, 1)]))


def _ranks_of_entries(
    *, pref_ptr: np.ndarray, pref_team: np.ndarray, rank_ptr: np.ndarray, rank_applicant: np.ndarray, n_applicants: int
) -> np.ndarray:
    """For each (applicant, team) list entry, the applicant's 0-based rank on the team's list or -1.

    Applicants list few teams (three in the portal), so each ranking entry is compared
    with the applicant's list position by position: a few passes, no sort. Long lists
    go through one sorted join instead.
    """
    ranks = np.full(pref_team.size, -1, dtype=np.int32)
    team_of_entry = np.repeat(np.arange(rank_ptr.size - 1, dtype=np.int64), np.diff(rank_ptr))
    position = np.arange(rank_applicant.size, dtype=np.int64) - rank_ptr[team_of_entry]
    lengths = np.diff(pref_ptr)
    longest = int(lengths.max()) if lengths.size else 0
    if not rank_applicant.size or not longest:
        return ranks
    if longest <= SHORT_LISTS:
        start, length = pref_ptr[rank_applicant], lengths[rank_applicant]
        for k in range(longest):
            entry = np.minimum(start + k, pref_team.size - 1)
            hit = (k < length) & (pref_team[entry] == team_of_entry)
            ranks[entry[hit]] = position[hit]
        return ranks
    width = max(n_applicants, 1)
    rank_keys = team_of_entry * width + rank_applicant
    order = np.argsort(rank_keys)
    sorted_keys = rank_keys[order]
    applicant_of_entry = np.repeat(np.arange(pref_ptr.size - 1, dtype=np.int64), lengths)
    queries = pref_team.astype(np.int64) * width + applicant_of_entry
    found = np.minimum(np.searchsorted(sorted_keys, queries), sorted_keys.size - 1)
    listed = sorted_keys[found] == queries
    ranks[listed] = position[order[found[listed]]]
    return ranks
