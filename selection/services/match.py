"""Staff adjustments to the teams' lists and proposals of the match (see selection/models/decisions.py).

Proposing decides nothing: it stores the lists the match ran on, the seats, the lottery's
seed and draws and one ``Placement`` per applicant with its explanation, so staff can read
it, adjust and run again. Publishing and sending are in ``selection.services.decisions``.
Each service locks the call row first (the row every seat-giving service locks), so a
proposal, an adjustment and a publication of the same call never interleave.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Application
from innocore.models import AuditAction, Call, User
from innocore.services.audit import audit_record
from selection import match as matching
from selection.models import (
    AdjustmentKind, MatchRun, MatchRunStatus, Placement, PlacementOutcome, RankingAdjustment,
)
from selection.ranking import RankingInputError
from selection.services.ranking import ranking_seed_record
from selection.selectors.match_input import MatchInput, match_input

if TYPE_CHECKING:
    from selection.match import Explanation


def _lock_call(call: Call) -> Call:
    return Call.objects.select_for_update().get(pk=call.pk)


def _refuse_if_published(call: Call) -> None:
    if MatchRun.objects.filter(call=call, status=MatchRunStatus.PUBLISHED).exists():
        raise ValidationError(_("The decisions of call %(call)s are published: the lists can no longer change.")
                              % {"call": call.code}, code="published")


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason: it is kept in the audit trail.")}, code="reason")
    return reason


@transaction.atomic
def ranking_adjustment_set(*, call: Call, application: Application, kind: str, reason: str,
                           by: User) -> RankingAdjustment:
    """Exclude the application from every team's list, or pin it to the top of its teams' lists (one
    adjustment per application: a new one replaces the old)."""
    reason = _reason(reason)
    if kind not in AdjustmentKind.values:
        raise ValidationError({"kind": _("Choose exclude or pin.")}, code="kind")
    if application.call_id != call.pk:
        raise ValidationError({"application": _("This application is not in call %(call)s.") % {"call": call.code}},
                              code="other_call")
    _lock_call(call)
    _refuse_if_published(call)
    previous = RankingAdjustment.objects.filter(call=call, application=application).first()
    adjustment, _created = RankingAdjustment.objects.update_or_create(
        call=call, application=application, defaults={"kind": kind, "reason": reason, "created_by": by},
    )
    audit_record(by=by, action=AuditAction.RANKING_ADJUST, target=application, label=application.reference,
                 call_code=call.code, reason=reason,
                 data={"kind": kind, "previous": previous.kind if previous else None})
    return adjustment


@transaction.atomic
def ranking_adjustment_remove(*, adjustment: RankingAdjustment, by: User, reason: str) -> None:
    reason = _reason(reason)
    call = _lock_call(adjustment.call)
    _refuse_if_published(call)
    application = adjustment.application
    deleted, _rows = RankingAdjustment.objects.filter(pk=adjustment.pk).delete()
    if deleted:
        audit_record(by=by, action=AuditAction.RANKING_ADJUST, target=application, label=application.reference,
                     call_code=call.code, reason=reason, data={"kind": None, "previous": adjustment.kind})


def explanation_data(*, explanation: Explanation, near_line_teams: list[str]) -> dict:
    """The match's explanation as plain JSON (``Placement.explanation``)."""
    return {
        "team": explanation.team, "choice": explanation.choice, "rank": explanation.rank,
        "preferred": [
            {"team": refusal.team, "reason": str(refusal.reason), "own_rank": refusal.own_rank,
             "lowest_admitted_rank": refusal.lowest_admitted_rank}
            for refusal in explanation.preferred
        ],
        "near_line_teams": near_line_teams,
    }


def _outcome(explanation: Explanation) -> str:
    if explanation.team is not None:
        return PlacementOutcome.PLACED
    if any(refusal.own_rank is not None for refusal in explanation.preferred):
        return PlacementOutcome.WAITLISTED
    return PlacementOutcome.NOT_PLACED


@transaction.atomic
def match_run_propose(*, call: Call, by: User) -> MatchRun:
    """Run the match on the call's current lists; the previous proposal is discarded."""
    call = _lock_call(call)
    _refuse_if_published(call)
    ranking_seed_record(call=call)  # the lists follow the ranking staff see, drawn with the same recorded seed
    try:
        data = match_input(call=call, lottery_seed=matching.new_seed())
        started = time.perf_counter()
        result = matching.solve(market=data.market(), total=call.total_quota)
        explanations = result.explanations()
        seconds = time.perf_counter() - started
    except (matching.MatchInputError, RankingInputError) as exc:
        raise ValidationError(_("The match cannot run on these lists: %(error)s") % {"error": exc},
                              code="input") from exc
    discarded = list(MatchRun.objects.filter(call=call, status=MatchRunStatus.PROPOSED).values_list("pk", flat=True))
    MatchRun.objects.filter(pk__in=discarded).update(status=MatchRunStatus.DISCARDED)
    run = MatchRun.objects.create(
        call=call, ranking_seed=data.ranking_seed, lottery_seed=data.lottery_seed, lists=data.lists(),
        capacities={str(code): int(seats) for code, seats in result.capacities.items()}, draws=data.draws(),
        seconds=seconds, created_by=by,
    )
    Placement.objects.bulk_create(_placements(run=run, data=data, explanations=explanations), batch_size=1000)
    placed = sum(1 for explanation in explanations.values() if explanation.team is not None)
    audit_record(by=by, action=AuditAction.MATCH_RUN, target=run, label=f"{call.code} match run {run.pk}",
                 call_code=call.code, data={
                     "proposed": run.pk, "discarded": discarded, "applicants": len(explanations), "placed": placed,
                     "lottery_seed": run.lottery_seed, "total_binding": result.total_binding,
                 })
    return run


def _placements(*, run: MatchRun, data: MatchInput, explanations: dict) -> list[Placement]:
    team_ids = {code: team.quota.team_id for code, team in data.teams.items()}
    rows = []
    for pk, explanation in explanations.items():
        near = data.near_line_teams(pk)
        rows.append(Placement(
            run=run, application_id=pk, team_id=team_ids.get(explanation.team), outcome=_outcome(explanation),
            choice=explanation.choice, rank=explanation.rank, near_line=bool(near),
            explanation=explanation_data(explanation=explanation, near_line_teams=near),
        ))
    return rows


@transaction.atomic
def match_run_discard(*, run: MatchRun, by: User) -> MatchRun:
    _lock_call(run.call)
    updated = MatchRun.objects.filter(pk=run.pk, status=MatchRunStatus.PROPOSED).update(
        status=MatchRunStatus.DISCARDED)
    if not updated:
        raise ValidationError(_("Only a proposed match can be discarded."), code="not_proposed")
    run.status = MatchRunStatus.DISCARDED
    audit_record(by=by, action=AuditAction.MATCH_RUN, target=run, label=f"{run.call.code} match run {run.pk}",
                 call_code=run.call.code, data={"discarded": [run.pk]})
    return run
