"""What the match of a call runs on: each team's ordered list, the applicants' preferences, the seats.

A team's list holds the applications that chose the team (at any place of their three
preferences), have at least one usable submitted review and are under review or
reviewed, in the order of the call-wide calibrated ranking (expected rank, ties as
:func:`selection.ranking.rank_applications` breaks them). Staff adjustments apply to
every list: an excluded application is on none, pinned applications come first (among
themselves in ranking order).

Near the line: the team's unpinned applications are ranked again among themselves
against the seats the pins leave (``rank_applications`` over that subset, same draws),
and those whose interval crosses that line are flagged. When the call decides near-ties
by lottery, they are split at the line and drawn (``split_at_line`` and ``draw`` with
the run's recorded seed), and the draw reorders them in the places they held.

Applications under review or reviewed that chose a team but have no usable review are
``unranked``: the match leaves them alone. Ten queries whatever the number of
applications.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from applications.models import Application, ApplicationStatus, TeamPreference
from innocore.models import Call, CallTeamQuota
from selection import match as matching
from selection import ranking as calibrated_ranking
from selection.models import AdjustmentKind, DecisionSettings, RankingAdjustment
from selection.selectors.ranking import call_reviews, ranking_seed

if TYPE_CHECKING:
    from selection.match import Draw, Market

MATCHED_STATUSES = (ApplicationStatus.UNDER_REVIEW, ApplicationStatus.REVIEWED)


@dataclass
class TeamList:
    quota: CallTeamQuota
    ranking: list[int] = field(default_factory=list)  # application ids, best first, as the match runs on them
    pinned: int = 0
    intervals: dict[int, tuple[int, int]] = field(default_factory=dict)  # unpinned ids -> (best, worst)
    near_line: set[int] = field(default_factory=set)
    draw: Draw | None = None

    @property
    def code(self) -> str:
        return self.quota.team.code


@dataclass
class MatchInput:
    call: Call
    ranking_seed: int
    lottery_seed: int | None
    teams: dict[str, TeamList]  # team code -> list, in the call's order of teams
    preferences: dict[int, list[str]]  # application id -> team codes, first choice first
    applications: dict[int, Application]
    unranked: list[Application]
    excluded: set[int]
    unscorable: int = 0

    @property
    def total(self) -> int:
        return self.call.total_quota

    def market(self) -> Market:
        return matching.build_market(
            applicants=self.preferences,
            teams={code: {"capacity": team.quota.quota, "ranking": team.ranking} for code, team in self.teams.items()},
        )

    def lists(self) -> dict[str, list[int]]:
        return {code: list(team.ranking) for code, team in self.teams.items()}

    def draws(self) -> dict[str, dict]:
        """The near-line draws as plain data (``MatchRun.draws``)."""
        return {
            code: {"seats": team.draw.seats, "order": list(team.draw.order), "keys": list(team.draw.keys)}
            for code, team in self.teams.items() if team.draw is not None
        }

    def near_line_teams(self, application_id: int) -> list[str]:
        return [code for code in self.preferences.get(application_id, ()) if application_id in self.teams[code].near_line]


def match_input(*, call: Call, lottery_seed: int | None = None) -> MatchInput:
    """The lists of ``call``; ``lottery_seed`` is used (and required) when the call decides near-ties by lottery.

    Raises RankingInputError / MatchInputError (from the pure modules) on data they refuse.
    """
    reviewed = call_reviews(call=call)
    lottery = DecisionSettings.objects.filter(call=call, near_line_lottery=True).exists()
    if lottery and lottery_seed is None:
        raise ValueError("the call decides near-ties by lottery: a recorded seed is required")
    adjustments = dict(RankingAdjustment.objects.filter(call=call).values_list("application_id", "kind"))
    chosen: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for application_id, rank, code in (TeamPreference.objects
                                       .filter(application__call=call, application__status__in=MATCHED_STATUSES)
                                       .values_list("application_id", "rank", "team__code")):
        chosen[application_id].append((rank, code))
    scored = set(reviewed.keys)
    applications = {pk: reviewed.applications[pk] for pk in scored & set(chosen)}
    unranked = list(Application.objects.filter(pk__in=set(chosen) - scored).order_by("reference"))
    teams = {quota.team.code: TeamList(quota=quota) for quota in reviewed.teams}
    preferences = {pk: [code for _rank, code in sorted(chosen[pk]) if code in teams] for pk in sorted(applications)}
    excluded = {pk for pk in applications if adjustments.get(pk) == AdjustmentKind.EXCLUDE}
    order = []
    calibration = reviewed.calibrate() if applications else None
    if calibration is not None:
        order = [row.application for row in
                 calibrated_ranking.rank_applications(calibration, quota=call.total_quota, applications=sorted(applications))]
    for pk in order:
        if pk in excluded:
            continue
        pinned = adjustments.get(pk) == AdjustmentKind.PIN
        for code in preferences[pk]:
            team = teams[code]
            if pinned:
                team.ranking.insert(team.pinned, pk)
                team.pinned += 1
            else:
                team.ranking.append(pk)
    for team in teams.values():
        _near_the_line(team=team, calibration=calibration, seed=lottery_seed if lottery else None)
    return MatchInput(call=call, ranking_seed=ranking_seed(call=call), lottery_seed=lottery_seed if lottery else None,
                      teams=teams, preferences=preferences, applications=applications, unranked=unranked,
                      excluded=excluded, unscorable=reviewed.unscorable)


def _near_the_line(*, team: TeamList, calibration, seed: int | None) -> None:
    """Intervals of the team's unpinned applications against the seats the pins leave; the draw if asked."""
    unpinned = team.ranking[team.pinned:]
    if not unpinned:
        return
    seats = max(team.quota.quota - team.pinned, 0)
    for ranked in calibrated_ranking.rank_applications(calibration, quota=seats, applications=unpinned):
        team.intervals[ranked.application] = ranked.interval
        if ranked.crosses_line:
            team.near_line.add(ranked.application)
    if seed is None:
        return
    split = matching.split_at_line(intervals={pk: team.intervals[pk] for pk in unpinned}, seats=seats)
    if split.near:
        team.draw = matching.draw(team=team.code, near=split.near, seats=split.seats_left, seed=seed)
        team.ranking = team.ranking[:team.pinned] + matching.apply_draw(ranking=unpinned, draw=team.draw)
