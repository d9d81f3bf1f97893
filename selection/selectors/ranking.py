"""The calibrated ranking of a call's reviewed applications, for the staff ranking page.

One fit per call (selection/ranking ``calibrate`` over all submitted reviews), then the
call's ranking against its total quota, or a team's against the team's quota (the
applications whose first team preference is the team). Six queries whatever the
number of applications. ``call_reviews`` is the part the match's input
(selection/selectors/match_input.py) shares.

Seed: the call's recorded ``ReviewSettings.ranking_seed`` (drawn once by
``selection.services.ranking.ranking_seed_record``, which the page calls first); a call
never ranked yet falls back to its primary key, so that this read never writes.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from applications.models import Application, TeamPreference
from innocore.models import Call, CallTeamQuota
from selection.models import (
    Assignment, ConflictOfInterest, Review, ReviewSettings, ReviewStatus, RubricCriterion, RunStatus,
)
from selection.ranking import (
    Calibration, Criterion, RankingInputError, calibrate, rank_applications, weighted_score,
)

# A review's disagreement (SD of the leniency-corrected scores) is "high" above this share of the score scale's
# width: 0.8 points on a 1-5 rubric.
HIGH_DISAGREEMENT_SHARE = 0.2
# Criteria on different scales are combined on 0-100.
MIXED_SCALE = (0.0, 100.0)


@dataclass
class RankingRow:
    application: Application
    position: int
    expected_rank: float
    lower: int
    upper: int
    score: float  # calibrated score on the score scale (leniency removed)
    raw: float  # plain mean of the weighted scores
    reviews: int
    disagreement: float | None
    high_disagreement: bool
    missing_reviews: int  # published assignments (no conflict) still without a submitted review
    crosses_line: bool
    zone: str


@dataclass
class Ranking:
    call: Call
    quota: int
    seed: int
    scale: tuple[float, float]
    disagreement_threshold: float
    rows: list[RankingRow] = field(default_factory=list)
    unranked: list[Application] = field(default_factory=list)  # assigned, no usable submitted review yet
    unscorable: int = 0  # submitted reviews whose scores no longer fit the rubric (left out)
    teams: list[CallTeamQuota] = field(default_factory=list)
    team: CallTeamQuota | None = None

    @property
    def size(self) -> int:
        return len(self.rows) + len(self.unranked)


def ranking_seed(*, call: Call) -> int:
    """The call's recorded seed, or its primary key while none is recorded."""
    recorded = ReviewSettings.objects.filter(call=call).values_list("ranking_seed", flat=True).first()
    return int(call.pk if recorded is None else recorded)


def _criteria(call: Call) -> tuple[list[Criterion], tuple[float, float]]:
    rows = list(RubricCriterion.objects.filter(call=call).order_by("position", "pk"))
    criteria = [Criterion(key=c.key, weight=float(c.weight), low=float(c.scale_low), high=float(c.scale_high))
                for c in rows]
    scales = {(c.low, c.high) for c in criteria}
    return criteria, (scales.pop() if len(scales) == 1 else MIXED_SCALE)


@dataclass
class CallReviews:
    """A call's reviews as the ranking needs them: one weighted score per usable submitted review, and the
    applications reviewed or assigned (shared by the ranking page and the match's input)."""

    call: Call
    teams: list[CallTeamQuota]
    scale: tuple[float, float]
    applications: dict[int, Application]
    pending: dict[int, int]  # application id -> published assignments still without a submitted review
    keys: list[int] = field(default_factory=list)  # one application id per usable review
    reviewers: list[int] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    unscorable: int = 0

    def calibrate(self, *, seed: int | None = None) -> Calibration | None:
        """The call's one calibration (None without a usable review), drawn with ``seed`` (by default the call's
        recorded one)."""
        if not self.keys:
            return None
        return calibrate(applications=self.keys, reviewers=self.reviewers, scores=self.scores,
                         seed=ranking_seed(call=self.call) if seed is None else seed)


def call_reviews(*, call: Call) -> CallReviews:
    """Five queries whatever the number of reviews."""
    teams = list(CallTeamQuota.objects.filter(call=call).select_related("team"))
    criteria, scale = _criteria(call)
    reviews = list(Review.objects.filter(application__call=call, status=ReviewStatus.SUBMITTED)
                   .select_related("application").order_by("pk"))
    pending: dict[int, int] = defaultdict(int)
    applications: dict[int, Application] = {review.application_id: review.application for review in reviews}
    submitted = {(review.application_id, review.reviewer_id) for review in reviews}
    conflicted = set(
        ConflictOfInterest.objects.filter(application__call=call).values_list("application_id", "reviewer_id")
    )
    for assignment in (Assignment.objects.filter(run__call=call, run__status=RunStatus.PUBLISHED)
                       .select_related("application")):
        pair = (assignment.application_id, assignment.reviewer_id)
        applications.setdefault(assignment.application_id, assignment.application)
        if pair not in submitted and pair not in conflicted:
            pending[assignment.application_id] += 1
    result = CallReviews(call=call, teams=teams, scale=scale, applications=applications, pending=pending)
    for review in reviews:
        try:
            value = weighted_score(scores=review.scores, criteria=criteria, scale=scale)
        except RankingInputError:
            result.unscorable += 1
            continue
        result.keys.append(review.application_id)
        result.reviewers.append(review.reviewer_id)
        result.scores.append(value)
    return result


def call_ranking(*, call: Call, team_code: str | None = None, seed: int | None = None) -> Ranking:
    """The call's ranking, or the team's (``team_code``), drawn with ``seed`` (by default the call's recorded
    one); raises CallTeamQuota.DoesNotExist for a team the call does not have."""
    reviewed = call_reviews(call=call)
    team = None
    if team_code:
        team = next((quota for quota in reviewed.teams if quota.team.code == team_code), None)
        if team is None:
            raise CallTeamQuota.DoesNotExist(team_code)
    scale = reviewed.scale
    ranking = Ranking(call=call, quota=team.quota if team else call.total_quota,
                      seed=ranking_seed(call=call) if seed is None else seed,
                      scale=scale, disagreement_threshold=HIGH_DISAGREEMENT_SHARE * (scale[1] - scale[0]),
                      teams=reviewed.teams, team=team, unscorable=reviewed.unscorable)
    applications = reviewed.applications
    wanted = set(applications)
    if team is not None:
        wanted = set(TeamPreference.objects.filter(application__call=call, rank=1, team_id=team.team_id)
                     .values_list("application_id", flat=True)) & wanted
    ranked_keys = set(reviewed.keys) & wanted
    if ranked_keys:
        calibration = reviewed.calibrate(seed=ranking.seed)
        for ranked in rank_applications(calibration, quota=ranking.quota, applications=sorted(ranked_keys)):
            ranking.rows.append(RankingRow(
                application=applications[ranked.application], position=ranked.position,
                expected_rank=ranked.expected_rank, lower=ranked.interval[0], upper=ranked.interval[1],
                score=ranked.calibrated_mean, raw=ranked.raw_mean, reviews=ranked.reviews,
                disagreement=ranked.disagreement,
                high_disagreement=(ranked.disagreement or 0.0) > ranking.disagreement_threshold,
                missing_reviews=reviewed.pending.get(ranked.application, 0),
                crosses_line=ranked.crosses_line, zone=ranked.zone,
            ))
    ranking.unranked = sorted((applications[pk] for pk in wanted - ranked_keys), key=lambda a: a.reference)
    return ranking
