"""Reads for the offers of a published match run: the market the vacancy chain runs on, who holds a seat and
who has left; and the offers an applicant sees.

The chain (``selection.match.apply_decline``) runs on plain data: application ids as applicant names, team
codes as team names. The teams' lists and capacities are the run's own (``MatchRun.lists``, ``capacities``),
so that a seat moves down the same lists the match ran on; the applicants' lists are their team preferences,
in order, restricted to the run's teams.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from applications.models import ApplicationStatus, TeamPreference
from innocore.models import ResearchTeam, User
from selection import match as matching
from selection.models import SEAT_HOLDING, MatchRun, Offer, OfferStatus

if TYPE_CHECKING:
    from selection.match import Market

# An application in one of these statuses can still be offered a seat; any other (withdrawn, declined, not
# selected, or moved back to review) has left the chain.
IN_THE_CHAIN = frozenset({ApplicationStatus.SELECTED, ApplicationStatus.WAITLISTED, ApplicationStatus.OFFERED,
                          ApplicationStatus.ACCEPTED})


@dataclass(frozen=True)
class ChainState:
    """The run's market, the current assignment (application id -> team code) and who has left."""

    run: MatchRun
    market: Market
    assignment: dict[int, str]
    gone: frozenset[int]


def run_market(*, run: MatchRun) -> Market:
    """The run's market: applicants' team preferences (codes, in order), the run's lists and capacities."""
    lists = {code: [int(pk) for pk in ids] for code, ids in run.lists.items()}
    teams = list(dict.fromkeys([*lists, *run.capacities]))
    holders = Offer.objects.filter(run=run, status__in=SEAT_HOLDING).values_list("application_id", flat=True)
    applicant_ids = sorted({pk for ids in lists.values() for pk in ids} | set(holders))
    known = set(teams)
    preferences: dict[int, list[str]] = defaultdict(list)
    rows = (TeamPreference.objects.filter(application_id__in=applicant_ids).order_by("application_id", "rank")
            .values_list("application_id", "team__code"))
    for application_id, code in rows:
        if code in known:
            preferences[application_id].append(code)
    return matching.build_market(
        applicants={pk: preferences[pk] for pk in applicant_ids},
        teams={code: {"capacity": int(run.capacities.get(code, 0)), "ranking": lists.get(code, [])}
               for code in teams},
    )


def run_assignment(*, run: MatchRun) -> dict[int, str]:
    """Application id -> code of the team whose seat it holds (pending, open or accepted offer)."""
    return dict(Offer.objects.filter(run=run, status__in=SEAT_HOLDING).values_list("application_id", "team__code"))


def run_gone(*, run: MatchRun, market: Market) -> frozenset[int]:
    """Applications of the market that may not be offered a seat again: their offer of this run was declined
    or lapsed, or they are no longer in a status that can take one (withdrawn, say)."""
    left = set(Offer.objects.filter(run=run, status__in=(OfferStatus.DECLINED, OfferStatus.LAPSED))
               .values_list("application_id", flat=True))
    statuses = dict(run.call.applications.filter(pk__in=market.applicants).values_list("pk", "status"))
    left |= {pk for pk in market.applicants if statuses.get(pk) not in IN_THE_CHAIN}
    return frozenset(left)


def run_chain_state(*, run: MatchRun) -> ChainState:
    market = run_market(run=run)
    return ChainState(run=run, market=market, assignment=run_assignment(run=run), gone=run_gone(run=run, market=market))


def run_teams(*, run: MatchRun) -> dict[str, ResearchTeam]:
    """The run's teams by code."""
    codes = set(run.lists) | set(run.capacities)
    return {team.code: team for team in ResearchTeam.objects.filter(code__in=codes)}


def offers_visible_to_applicant(*, user: User):
    """The offers sent to the user's applications (pending ones are not sent yet), newest first."""
    return (Offer.objects.filter(application__applicant_id=user.pk, sent_at__isnull=False)
            .select_related("team__institute", "call", "application").order_by("-sent_at", "-id"))


def applicant_has_offers(*, user: User) -> bool:
    if not user.is_authenticated:
        return False
    return Offer.objects.filter(application__applicant_id=user.pk, sent_at__isnull=False).exists()


def offer_history(*, offer: Offer) -> list[Offer]:
    """Every sent offer of the offer's application, oldest first (the chain of seats it was offered)."""
    return list(Offer.objects.filter(application_id=offer.application_id, sent_at__isnull=False)
                .select_related("team__institute").order_by("sent_at", "id"))


def call_offers(*, call):
    """Every offer of the call for its staff list: by team, then place on the team's list."""
    return (Offer.objects.filter(call=call)
            .select_related("application", "team", "replaces__team").order_by("team__code", "rank", "id"))
