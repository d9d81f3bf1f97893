"""Why each applicant got what they got, in data the staff page can render.

In a stable matching every team an applicant preferred to their outcome refused them
for one of three reasons, read straight from the lists and the final matching:

* ``not_on_list``: the team's ranking does not list the applicant;
* ``no_seats``: the team has capacity 0 this call (possibly after the call's total,
  see :mod:`selection.match.quota`);
* ``full``: the team is full and its lowest admitted applicant is ranked above the
  applicant (both ranks are given, 1-based, so "full at rank 48; you were 52").

Ranks and choices are 1-based here because they are shown to people.
"""

from collections.abc import Hashable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from selection.match.market import Market


class RefusalReason(StrEnum):
    NOT_ON_LIST = "not_on_list"
    NO_SEATS = "no_seats"
    FULL = "full"


@dataclass(frozen=True)
class Refusal:
    team: Hashable
    reason: RefusalReason
    own_rank: int | None = None  # the applicant's place on the team's list
    lowest_admitted_rank: int | None = None  # the place of the team's last admitted applicant


@dataclass(frozen=True)
class Explanation:
    applicant: Hashable
    team: Hashable | None  # None: unmatched
    choice: int | None  # the team's place on the applicant's own list
    rank: int | None  # the applicant's place on the team's list
    preferred: tuple[Refusal, ...]  # every team listed above the outcome (all teams if unmatched)

    def sentence(self) -> str:
        """Plain English, for the command line and logs (the portal translates the data)."""
        if self.team is None:
            head = f"{self.applicant}: not matched"
        else:
            head = f"{self.applicant}: team {self.team} (choice {self.choice}), rank {self.rank} on its list"
        reasons = [_refusal_text(refusal) for refusal in self.preferred]
        return head + ("; " + "; ".join(reasons) if reasons else "")


def _refusal_text(refusal: Refusal) -> str:
    if refusal.reason is RefusalReason.NOT_ON_LIST:
        return f"{refusal.team}: not on its list"
    if refusal.reason is RefusalReason.NO_SEATS:
        return f"{refusal.team}: no seats this call"
    return f"{refusal.team}: full, lowest admitted rank {refusal.lowest_admitted_rank}, own rank {refusal.own_rank}"


def lowest_admitted(*, n_teams: int, team_of: np.ndarray, rank_of: np.ndarray) -> np.ndarray:
    """0-based rank of each team's last admitted applicant (-1 for an empty team)."""
    worst = np.full(n_teams, -1, dtype=np.int64)
    matched = team_of >= 0
    np.maximum.at(worst, team_of[matched], rank_of[matched])
    return worst


def explain(
    *, market: Market, capacity: np.ndarray, team_of: np.ndarray, rank_of: np.ndarray, worst: np.ndarray, applicant: int
) -> Explanation:
    own_team = int(team_of[applicant])
    preferred = []
    choice = None
    start, stop = int(market.pref_ptr[applicant]), int(market.pref_ptr[applicant + 1])
    for entry in range(start, stop):
        team = int(market.pref_team[entry])
        if team == own_team:
            choice = entry - start + 1
            break
        preferred.append(
            _refusal(market=market, capacity=capacity, worst=worst, team=team, rank=int(market.pref_rank[entry]))
        )
    return Explanation(
        applicant=market.applicants[applicant],
        team=None if own_team < 0 else market.teams[own_team],
        choice=choice,
        rank=None if own_team < 0 else int(rank_of[applicant]) + 1,
        preferred=tuple(preferred),
    )


def _refusal(*, market: Market, capacity: np.ndarray, worst: np.ndarray, team: int, rank: int) -> Refusal:
    name = market.teams[team]
    if rank < 0:
        return Refusal(team=name, reason=RefusalReason.NOT_ON_LIST)
    if capacity[team] == 0:
        return Refusal(team=name, reason=RefusalReason.NO_SEATS, own_rank=rank + 1)
    return Refusal(team=name, reason=RefusalReason.FULL, own_rank=rank + 1, lowest_admitted_rank=int(worst[team]) + 1)
