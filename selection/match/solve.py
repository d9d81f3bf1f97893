"""``solve``: the match as the portal runs it, names in, names out.

Ties the pieces together: deferred acceptance on the team capacities, then the call's
total (see :mod:`selection.match.quota`), and a result object that turns indices back
into names only when asked (the explanation of 126,000 applicants is not built unless
someone reads it).
"""

from collections.abc import Hashable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from selection.match.deferred import deferred_acceptance
from selection.match.errors import MatchInputError
from selection.match.explain import Explanation, explain, lowest_admitted
from selection.match.market import Market
from selection.match.quota import apportion


@dataclass(frozen=True, eq=False)
class MatchResult:
    market: Market
    capacity: np.ndarray  # capacities the matching is stable against (reduced if the total bound)
    team_of: np.ndarray  # team index per applicant, -1 unmatched
    rank_of: np.ndarray  # 0-based rank on that team's list, -1 unmatched
    total: int | None
    total_binding: bool  # True: capacities were reduced to meet the total

    @cached_property
    def matching(self) -> dict[Hashable, list]:
        """Every team -> its applicants, best-ranked first (empty list if none)."""
        matched = np.flatnonzero(self.team_of >= 0)
        order = np.lexsort((self.rank_of[matched], self.team_of[matched]))
        ordered = matched[order]
        counts = np.bincount(self.team_of[ordered], minlength=len(self.market.teams))
        names = self.market.applicant_array[ordered]
        groups = np.split(names, np.cumsum(counts)[:-1]) if len(self.market.teams) else []
        return {team: group.tolist() for team, group in zip(self.market.teams, groups)}

    @cached_property
    def unmatched(self) -> list:
        """Unmatched applicants, in input order."""
        return self.market.applicant_array[self.team_of < 0].tolist()

    @property
    def capacities(self) -> dict[Hashable, int]:
        return dict(zip(self.market.teams, self.capacity.tolist()))

    @cached_property
    def assignment(self) -> dict[Hashable, Hashable]:
        """Matched applicant -> team (the shape :func:`selection.match.waitlist.apply_decline` takes)."""
        return {applicant: team for team, members in self.matching.items() for applicant in members}

    @cached_property
    def _worst(self) -> np.ndarray:
        return lowest_admitted(n_teams=len(self.market.teams), team_of=self.team_of, rank_of=self.rank_of)

    def explain(self, applicant: Hashable) -> Explanation:
        index = self.market.applicant_index.get(applicant)
        if index is None:
            raise MatchInputError(f"unknown applicant {applicant}")
        return self._explain_index(index)

    def explanations(self) -> dict[Hashable, Explanation]:
        return {name: self._explain_index(index) for index, name in enumerate(self.market.applicants)}

    def _explain_index(self, index: int) -> Explanation:
        return explain(
            market=self.market,
            capacity=self.capacity,
            team_of=self.team_of,
            rank_of=self.rank_of,
            worst=self._worst,
            applicant=index,
        )


def solve(*, market: Market, total: int | None = None, sequential_below: int | None = None) -> MatchResult:
    """Applicant-optimal stable matching of ``market``, within the call's ``total`` if given."""
    if total is not None and total < 0:
        raise MatchInputError(f"the call's total must be >= 0, got {total}")
    capacity = market.capacity
    team_of, rank_of = _match(market=market, capacity=capacity, sequential_below=sequential_below)
    binding = False
    if total is not None:
        fill = np.bincount(team_of[team_of >= 0], minlength=len(market.teams))
        if fill.sum() > total:
            binding = True
            capacity = apportion(total=total, fill=fill)
            team_of, rank_of = _match(market=market, capacity=capacity, sequential_below=sequential_below)
    return MatchResult(
        market=market, capacity=capacity, team_of=team_of, rank_of=rank_of, total=total, total_binding=binding
    )


def _match(*, market: Market, capacity: np.ndarray, sequential_below: int | None) -> tuple[np.ndarray, np.ndarray]:
    return deferred_acceptance(
        pref_ptr=market.pref_ptr,
        pref_team=market.pref_team,
        pref_rank=market.pref_rank,
        capacity=capacity,
        sequential_below=sequential_below,
    )
