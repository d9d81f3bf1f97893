"""The calibrated ranking of a call's reviewed applications, for the staff ranking page.

One fit per call (selection/ranking ``calibrate`` over all submitted reviews), then the
call's ranking against its total quota, or a team's against the team's quota (the
applications whose first team preference is the team). Six queries whatever the
number of applications. ``call_reviews`` is the part the match's input
(selection/selectors/match_input.py) shares. The fit and the ranks are computed once per
change of the reviews (or of the seed, quota or subset) and then read from Django's cache:
the deadline-day load test had the page recompute them on every view (p95 5.1 s).

Seed: the call's recorded ``ReviewSettings.ranking_seed`` (drawn once by
``selection.services.ranking.ranking_seed_record``, which the page calls first); a call
never ranked yet falls back to its primary key, so that this read never writes.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from applications.models import Application, TeamPreference
from innocore.models import Call, CallTeamQuota
from selection import ranking as calibrated_ranking
from selection.models import (
    Assignment, ConflictOfInterest, Review, ReviewSettings, ReviewStatus, RubricCriterion, RunStatus,
)
from selection.ranking import Criterion, RankingInputError, weighted_score

if TYPE_CHECKING:
    from selection.ranking import Calibration

# A review's disagreement (SD of the leniency-corrected scores) is "high" above this share of the score scale's
# width: 0.8 points on a 1-5 rubric.
HIGH_DISAGREEMENT_SHARE = 0.2
# Criteria on different scales are combined on 0-100.
MIXED_SCALE = (0.0, 100.0)
# A call's (or a team's) latest computed ranking is kept this long in Django's cache (Redis) with a digest of
# everything it was computed from; a page whose inputs give another digest knows it is not current.
RANKING_CACHE_SECONDS = 7 * 24 * 3600
RANKING_CACHE_VERSION = 2  # part of the digest: a new way of ranking makes every kept ranking not current
# What the ranking page needs of an application; the dossier's long texts stay in the database.
_HEAVY_FIELDS = ("research_summary", "research_plan")


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
    computed_at: datetime | None = None
    current: bool = True  # False: the rows (if any) are the latest computed, from reviews that have changed since

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
        return calibrated_ranking.calibrate(applications=self.keys, reviewers=self.reviewers, scores=self.scores,
                                            seed=ranking_seed(call=self.call) if seed is None else seed)

    def ranked_digest(self, *, seed: int, quota: int, applications: list[int]) -> str:
        """A digest of everything the ranks depend on: each usable review (application, reviewer, weighted score,
        in review order), the seed, the quota and the subset ranked."""
        return hashlib.sha256(json.dumps(
            [RANKING_CACHE_VERSION, seed, quota, applications, self.keys, self.reviewers, self.scores],
            separators=(",", ":"),
        ).encode()).hexdigest()

    def ranked(self, *, seed: int, quota: int, applications: list[int], scope: str, compute: bool) -> RankedRows:
        """``rank_applications`` of ``applications`` (a subset of the reviewed ones) against ``quota``, as plain
        dicts, from Django's cache when it was computed from these very inputs. Otherwise computed now
        (``compute``; NumPy and SciPy, ~0.3 s at 1,000 applications) and kept as the scope's latest, or, without
        ``compute``, the scope's latest ranking marked as not current (None if there is none)."""
        digest = self.ranked_digest(seed=seed, quota=quota, applications=applications)
        key = ranking_cache_key(call_id=self.call.pk, scope=scope)
        stored = cache.get(key)
        if stored is not None and stored["digest"] == digest:
            if stored.get("error"):
                raise RankingInputError(stored["error"])
            return RankedRows(rows=stored["rows"], computed_at=stored["computed_at"], current=True)
        if not compute:
            return RankedRows(rows=stored.get("rows") if stored else None,
                              computed_at=stored["computed_at"] if stored else None, current=False)
        computed_at = timezone.now()
        try:
            calibration = self.calibrate(seed=seed)
            rows = [_plain(ranked) for ranked in
                    calibrated_ranking.rank_applications(calibration, quota=quota, applications=applications)]
        except RankingInputError as exc:  # kept too: the page says why instead of waiting for a ranking
            cache.set(key, {"digest": digest, "error": str(exc), "computed_at": computed_at}, RANKING_CACHE_SECONDS)
            raise
        cache.set(key, {"digest": digest, "rows": rows, "computed_at": computed_at}, RANKING_CACHE_SECONDS)
        return RankedRows(rows=rows, computed_at=computed_at, current=True)


@dataclass
class RankedRows:
    rows: list[dict] | None
    computed_at: datetime | None
    current: bool  # computed from the reviews as they are now


def ranking_cache_key(*, call_id: int, scope: str) -> str:
    """One entry per call and scope ("" for the whole call, else a team's code): its latest ranking."""
    return f"selection:ranking:{call_id}:{scope or '*'}"


def _plain(ranked) -> dict:
    """A ``RankedApplication`` in plain Python types (a cached value must not need NumPy to be read)."""
    return {
        "application": int(ranked.application), "position": int(ranked.position),
        "expected_rank": float(ranked.expected_rank),
        "interval": (int(ranked.interval[0]), int(ranked.interval[1])),
        "calibrated_mean": float(ranked.calibrated_mean), "raw_mean": float(ranked.raw_mean),
        "reviews": int(ranked.reviews),
        "disagreement": None if ranked.disagreement is None else float(ranked.disagreement),
        "crosses_line": bool(ranked.crosses_line), "zone": str(ranked.zone),
    }


def _pending_reviews(*, call: Call):
    """(application id, published assignments still without a submitted review and without a declared conflict),
    for every application with a published assignment: one query, counted in the database."""
    same_pair = {"application_id": OuterRef("application_id"), "reviewer_id": OuterRef("reviewer_id")}
    waiting = (~Exists(Review.objects.filter(status=ReviewStatus.SUBMITTED, **same_pair))
               & ~Exists(ConflictOfInterest.objects.filter(**same_pair)))
    return (Assignment.objects.filter(run__call=call, run__status=RunStatus.PUBLISHED)
            .values("application_id").annotate(pending=Count("pk", filter=waiting))
            .values_list("application_id", "pending").order_by())


def call_reviews(*, call: Call) -> CallReviews:
    """Five queries whatever the number of reviews; reviews are read as plain values, pending reviews counted in
    the database, the applications read once each, without their long texts."""
    teams = list(CallTeamQuota.objects.filter(call=call).select_related("team"))
    criteria, scale = _criteria(call)
    reviews = list(Review.objects.filter(application__call=call, status=ReviewStatus.SUBMITTED)
                   .order_by("pk").values_list("application_id", "reviewer_id", "scores"))
    pending = dict(_pending_reviews(call=call))
    wanted = {application_id for application_id, _reviewer, _scores in reviews} | set(pending)
    applications = Application.objects.filter(pk__in=wanted).defer(*_HEAVY_FIELDS).in_bulk() if wanted else {}
    result = CallReviews(call=call, teams=teams, scale=scale, applications=applications, pending=pending)
    for application_id, reviewer_id, scores in reviews:
        try:
            value = weighted_score(scores=scores, criteria=criteria, scale=scale)
        except RankingInputError:
            result.unscorable += 1
            continue
        result.keys.append(application_id)
        result.reviewers.append(reviewer_id)
        result.scores.append(value)
    return result


def call_ranking(*, call: Call, team_code: str | None = None, seed: int | None = None,
                 compute: bool = True) -> Ranking:
    """The call's ranking, or the team's (``team_code``), drawn with ``seed`` (by default the call's recorded
    one); raises CallTeamQuota.DoesNotExist for a team the call does not have. Without ``compute``, nothing is
    calibrated here: a ranking not computed from the current reviews comes back with ``current`` False and the
    latest computed rows, if any (the page asks a worker for a new one: ``ranking_refresh_queue``)."""
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
        ranked_rows = reviewed.ranked(seed=ranking.seed, quota=ranking.quota, applications=sorted(ranked_keys),
                                      scope=team_code or "", compute=compute)
        ranking.computed_at, ranking.current = ranked_rows.computed_at, ranked_rows.current
        for ranked in ranked_rows.rows or ():
            if ranked["application"] not in applications:  # a ranking that is not current may name one purged since
                continue
            ranking.rows.append(RankingRow(
                application=applications[ranked["application"]], position=ranked["position"],
                expected_rank=ranked["expected_rank"], lower=ranked["interval"][0], upper=ranked["interval"][1],
                score=ranked["calibrated_mean"], raw=ranked["raw_mean"], reviews=ranked["reviews"],
                disagreement=ranked["disagreement"],
                high_disagreement=(ranked["disagreement"] or 0.0) > ranking.disagreement_threshold,
                missing_reviews=reviewed.pending.get(ranked["application"], 0),
                crosses_line=ranked["crosses_line"], zone=ranked["zone"],
            ))
    shown = {row.application.pk for row in ranking.rows}  # all of ranked_keys when the ranking is current
    ranking.unranked = sorted((applications[pk] for pk in wanted - ranked_keys - shown), key=lambda a: a.reference)
    return ranking
