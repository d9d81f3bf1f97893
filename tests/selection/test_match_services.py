"""Adjustments to the lists and proposals of the match (selection/services/match.py)."""
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from innocore.models import AuditAction, AuditEntry
from selection.models import AdjustmentKind, MatchRun, MatchRunStatus, PlacementOutcome, RankingAdjustment
from selection.services.match import (
    match_run_discard, match_run_propose, ranking_adjustment_remove, ranking_adjustment_set,
)
from tests.factories import ApplicationFactory, MinistryStaffFactory
from tests.selection.decisions import match_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return MinistryStaffFactory()


def test_adjustments_need_a_reason_are_audited_and_replace_each_other(staff):
    call, _teams, apps = match_call(scores=[5, 4], choices=[[0], [0]], quotas=[1])
    with pytest.raises(ValidationError) as error:
        ranking_adjustment_set(call=call, application=apps[0], kind=AdjustmentKind.PIN, reason="  ", by=staff)
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        ranking_adjustment_set(call=call, application=apps[0], kind="promote", reason="x", by=staff)
    with pytest.raises(ValidationError):
        ranking_adjustment_set(call=call, application=ApplicationFactory(), kind=AdjustmentKind.PIN, reason="x",
                               by=staff)
    ranking_adjustment_set(call=call, application=apps[0], kind=AdjustmentKind.PIN, reason="Strategic", by=staff)
    adjustment = ranking_adjustment_set(call=call, application=apps[0], kind=AdjustmentKind.EXCLUDE,
                                        reason="Double funding", by=staff)
    assert RankingAdjustment.objects.get() == adjustment and adjustment.kind == AdjustmentKind.EXCLUDE
    ranking_adjustment_remove(adjustment=adjustment, by=staff, reason="Cleared")
    assert not RankingAdjustment.objects.exists()
    entries = list(AuditEntry.objects.filter(action=AuditAction.RANKING_ADJUST).order_by("pk"))
    assert [(e.reason, e.data["kind"], e.data["previous"]) for e in entries] == [
        ("Strategic", "pin", None), ("Double funding", "exclude", "pin"), ("Cleared", None, "exclude")]
    assert all(e.actor == staff and e.call_code == call.code and e.target_label == apps[0].reference for e in entries)


def test_adjustments_are_refused_once_a_run_is_published(staff):
    call, _teams, apps = match_call(scores=[5], choices=[[0]], quotas=[1])
    adjustment = ranking_adjustment_set(call=call, application=apps[0], kind=AdjustmentKind.PIN, reason="x", by=staff)
    MatchRun.objects.create(call=call, ranking_seed=1, status=MatchRunStatus.PUBLISHED, published_at=timezone.now(),
                            created_by=staff)
    with pytest.raises(ValidationError):
        ranking_adjustment_set(call=call, application=apps[0], kind=AdjustmentKind.EXCLUDE, reason="x", by=staff)
    with pytest.raises(ValidationError):
        ranking_adjustment_remove(adjustment=adjustment, by=staff, reason="x")
    with pytest.raises(ValidationError):
        match_run_propose(call=call, by=staff)


def test_proposal_places_waitlists_and_explains_each_applicant(staff):
    # Team 0 takes one; team 1 takes one. A2 prefers team 0 but is ranked below A1 there.
    call, teams, apps = match_call(scores=[5, 4, 3, 2, None], choices=[[0], [0, 1], [1], [], [0]], quotas=[1, 1])
    ranking_adjustment_set(call=call, application=apps[2], kind=AdjustmentKind.EXCLUDE, reason="x", by=staff)
    run = match_run_propose(call=call, by=staff)
    t0, t1 = (quota.team.code for quota in teams)
    placements = {p.application_id: p for p in run.placements.all()}
    assert set(placements) == {apps[0].pk, apps[1].pk, apps[2].pk}  # no team chosen / no review: not in the match
    assert (placements[apps[0].pk].outcome, placements[apps[0].pk].team_id) == (PlacementOutcome.PLACED, teams[0].team_id)
    second = placements[apps[1].pk]
    assert (second.outcome, second.team_id, second.choice, second.rank) == (PlacementOutcome.PLACED,
                                                                            teams[1].team_id, 2, 1)
    assert second.explanation["preferred"] == [
        {"team": t0, "reason": "full", "own_rank": 2, "lowest_admitted_rank": 1}]
    excluded = placements[apps[2].pk]
    assert excluded.outcome == PlacementOutcome.NOT_PLACED and excluded.team is None
    assert excluded.explanation["preferred"][0]["reason"] == "not_on_list"
    assert run.lists == {t0: [apps[0].pk, apps[1].pk], t1: [apps[1].pk]}
    assert run.capacities == {t0: 1, t1: 1} and run.seconds >= 0
    assert run.ranking_seed == call.review_settings.ranking_seed  # the seed the ranking page shows, recorded
    entry = AuditEntry.objects.get(action=AuditAction.MATCH_RUN)
    assert entry.data["placed"] == 2 and entry.data["proposed"] == run.pk


def test_waitlisted_when_on_a_list_but_unmatched(staff):
    call, teams, apps = match_call(scores=[5, 4, 3], choices=[[0], [1], [0]], quotas=[1, 1], total=2)
    run = match_run_propose(call=call, by=staff)
    outcomes = dict(run.placements.values_list("application_id", "outcome"))
    assert outcomes == {apps[0].pk: "placed", apps[1].pk: "placed", apps[2].pk: "waitlisted"}
    assert sum(run.capacities.values()) == 2


def test_a_new_proposal_discards_the_previous_and_discard_is_audited(staff):
    call, _teams, _apps = match_call(scores=[5, 4], choices=[[0], [0]], quotas=[1])
    first = match_run_propose(call=call, by=staff)
    second = match_run_propose(call=call, by=staff)
    first.refresh_from_db()
    assert first.status == MatchRunStatus.DISCARDED and second.status == MatchRunStatus.PROPOSED
    match_run_discard(run=second, by=staff)
    assert MatchRun.objects.get(pk=second.pk).status == MatchRunStatus.DISCARDED
    with pytest.raises(ValidationError):
        match_run_discard(run=second, by=staff)
    assert AuditEntry.objects.filter(action=AuditAction.MATCH_RUN).count() == 3


def test_lottery_seed_is_recorded_on_the_run(staff):
    from selection.models import DecisionSettings

    call, teams, _apps = match_call(scores=[3] * 4, choices=[[0]] * 4, quotas=[2])
    DecisionSettings.objects.create(call=call, near_line_lottery=True)
    run = match_run_propose(call=call, by=staff)
    drawn = run.draws[teams[0].team.code]
    assert run.lottery_seed is not None and drawn["seats"] == 2
    assert run.placements.filter(near_line=True).count() == 4
    # The lottery decides: the draw's winners are the ones placed.
    assert set(run.placements.filter(outcome="placed").values_list("application_id", flat=True)) == set(
        drawn["order"][:2])
