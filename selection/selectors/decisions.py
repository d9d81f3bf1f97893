"""Reads of the decision pages: the call's current match run, its teams, explanations in words, its outbox.

Every function runs a fixed number of queries whatever the number of applicants.
"""
from dataclasses import dataclass, field

from django.contrib.humanize.templatetags.humanize import ordinal
from django.db.models import Case, Count, QuerySet, Value, When
from django.utils.translation import gettext as _

from innocore.models import Call, CallTeamQuota, EmailMessage
from selection.models import MatchRun, MatchRunStatus, Offer, Placement, PlacementOutcome, RankingAdjustment
from selection.services.decision_emails import decision_topic_prefix


def decisions_run(*, call: Call) -> MatchRun | None:
    """The published run of the call, else its proposal, else None."""
    runs = MatchRun.objects.filter(call=call, status__in=(MatchRunStatus.PUBLISHED, MatchRunStatus.PROPOSED))
    return min(runs.select_related("created_by", "published_by"),
               key=lambda run: run.status != MatchRunStatus.PUBLISHED, default=None)


@dataclass
class TeamPlacements:
    quota: CallTeamQuota
    seats: int  # the seats the match used (the team's quota, or less when the call's total binds)
    placed: list[tuple[Placement, bool]] = field(default_factory=list)  # (placement, near this team's line)
    draw: dict | None = None

    @property
    def code(self) -> str:
        return self.quota.team.code


@dataclass
class RunSummary:
    run: MatchRun
    teams: list[TeamPlacements]
    counts: dict[str, int]  # outcome -> placements

    @property
    def applicants(self) -> int:
        return sum(self.counts.values())

    def references(self) -> list[str]:
        return [placement.application.reference for team in self.teams for placement, _near in team.placed]


def run_summary(*, run: MatchRun) -> RunSummary:
    quotas = list(CallTeamQuota.objects.filter(call_id=run.call_id).select_related("team").order_by("team__code"))
    teams = {quota.team_id: TeamPlacements(quota=quota, seats=int(run.capacities.get(quota.team.code, 0)),
                                           draw=run.draws.get(quota.team.code)) for quota in quotas}
    for placement in (Placement.objects.filter(run=run, outcome=PlacementOutcome.PLACED)
                      .select_related("application").order_by("team_id", "rank", "pk")):
        team = teams.get(placement.team_id)
        if team is not None:
            near = team.code in placement.explanation.get("near_line_teams", ())
            team.placed.append((placement, near))
    counts = dict(Placement.objects.filter(run=run).order_by().values_list("outcome").annotate(n=Count("pk"))
                  .values_list("outcome", "n"))
    return RunSummary(run=run, teams=list(teams.values()),
                      counts={outcome: counts.get(outcome, 0) for outcome in PlacementOutcome.values})


def adjustments(*, call: Call) -> QuerySet[RankingAdjustment]:
    return RankingAdjustment.objects.filter(call=call).select_related("application", "created_by").order_by(
        "-created_at", "-pk")


def placements(*, run: MatchRun) -> QuerySet[Placement]:
    """Every placement of the run, placed ones by team and rank first, then the others by reference."""
    order = Case(When(outcome=PlacementOutcome.PLACED, then=Value(0)),
                 When(outcome=PlacementOutcome.WAITLISTED, then=Value(1)), default=Value(2))
    return Placement.objects.filter(run=run).select_related("application", "team").order_by(
        order, "team__code", "rank", "application__reference")


def explanation_sentences(*, explanation: dict) -> list[str]:
    """The outcome and each preferred team's refusal, in words (the current language); teams by code."""
    team = explanation.get("team")
    if team:
        head = _("Team %(team)s, your %(choice)s choice, at rank %(rank)d of its list.") % {
            "team": team, "choice": ordinal(explanation.get("choice") or 0), "rank": explanation.get("rank") or 0}
    else:
        head = _("No team took this application.")
    sentences = [head]
    for choice, refusal in enumerate(explanation.get("preferred", ()), start=1):
        values = {"team": refusal.get("team"), "choice": ordinal(choice),
                  "last": refusal.get("lowest_admitted_rank"), "own": refusal.get("own_rank")}
        if refusal.get("reason") == "full":
            text = _("Team %(team)s (%(choice)s choice) was full: its last admitted was rank %(last)s, "
                     "you were %(own)s.")
        elif refusal.get("reason") == "no_seats":
            text = _("Team %(team)s (%(choice)s choice) had no seats in this call.")
        else:
            text = _("Team %(team)s (%(choice)s choice) did not have you on its list.")
        sentences.append(text % values)
    return sentences


def outbox(*, run: MatchRun) -> QuerySet[EmailMessage]:
    return EmailMessage.objects.filter(topic__startswith=decision_topic_prefix(run=run)).select_related("user").order_by("pk")


def outbox_counts(*, run: MatchRun) -> dict[str, int]:
    emails = dict(outbox(run=run).order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    offers = dict(Offer.objects.filter(run=run).order_by().values_list("status").annotate(n=Count("pk"))
                  .values_list("status", "n"))
    return {"emails": emails, "offers": offers}
