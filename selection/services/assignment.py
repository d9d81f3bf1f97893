"""Assignment runs: queue one, then (in a Celery task) build the matrices, solve, save the proposal.

Progress is written to the run row after each stage in its own short transaction, so the
call's page can show it live. Every assignment of an earlier run of the call whose review
has started is kept: copied into the new run unchanged, counted against its reviewer's
load and against the application's k (see :mod:`selection.planning`).

A run is leased to one attempt of the task (``lease_token``) whose worker stamps
``heartbeat_at`` while it works. If that worker dies, the run falls silent: after
``PORTAL_RUN_LEASE_SECONDS`` a redelivered task takes it over, or the beat sweeper (or
the next start request) marks it failed, and staff can start another.
"""
import logging
import time
import uuid
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from innocore.models import AuditAction, Call, User
from innocore.permissions import require_perm
from innocore.services.audit import audit_record
from selection.models import (
    ACTIVE_RUN_STATUSES, Assignment, AssignmentRun, AssignmentSource, ConflictOfInterest, RunStage, RunStatus,
)
from selection.models.assignments import MAX_K
from selection.selectors.assignment_inputs import AssignmentInputs, assignment_inputs
from innocore.services.heartbeat import heartbeat
from innocore.services.outbox import outbox_enqueue
from selection.services.conflicts_of_interest import lock_reviewers

logger = logging.getLogger(__name__)
NO_REVIEWERS = "no available reviewers with a complete profile"


class RunLeaseHeld(Exception):
    """Another live worker holds the run; try again once its lease could have run out."""

    def __init__(self, seconds_left: float):
        super().__init__(f"run leased for another {seconds_left:.0f} s")
        self.seconds_left = seconds_left


def _check_parameters(*, k: int, min_preferred: int) -> None:
    if not 1 <= k <= MAX_K:
        raise ValidationError({"k": _("Each application needs between 1 and %(max)d reviewers.") % {"max": MAX_K}})
    if not 0 <= min_preferred <= k:
        raise ValidationError({"min_preferred": _("The preferred-team minimum must lie between 0 and k.")})


@transaction.atomic
def assignment_run_start(
    *, call: Call, by: User, k: int = 3, min_preferred: int = 1, fairness: bool = False
) -> AssignmentRun:
    """Queue a new run for the call; refused while another run of it is queued or running."""
    from selection.tasks import assignment_run_execute

    require_perm(by, "selection.manage_assignment", message=_("Only ministry staff can run the assignment."))
    _check_parameters(k=k, min_preferred=min_preferred)
    Call.objects.select_for_update().get(pk=call.pk)  # serialises two staff pressing "run" at once
    assignment_runs_fail_stale(call=call)
    if AssignmentRun.objects.filter(call=call, status__in=ACTIVE_RUN_STATUSES).exists():
        raise ValidationError(_("An assignment run for this call is already queued or running; wait for it to finish."))
    run = AssignmentRun.objects.create(call=call, requested_by=by, k=k, min_preferred=min_preferred, fairness=fairness)
    audit_record(by=by, action=AuditAction.ASSIGNMENT_RUN, target=run, label=f"{call.code} run {run.pk}",
                 call_code=call.code, data={"k": k, "min_preferred": min_preferred, "fairness": fairness})
    outbox_enqueue(task=assignment_run_execute.name, kwargs={"run_id": run.pk})
    return run


def _silent_since() -> datetime:
    return timezone.now() - timedelta(seconds=settings.PORTAL_RUN_LEASE_SECONDS)


def assignment_runs_fail_stale(*, call: Call | None = None) -> int:
    """Mark failed the running runs whose worker has been silent longer than the lease; how many.

    Used by the beat task ``assignment_runs_sweep`` and before a new run is started, so a
    run stranded by a killed worker never blocks the call for longer than the lease.
    """
    silent_since = _silent_since()
    stale = AssignmentRun.objects.filter(status=RunStatus.RUNNING).filter(
        Q(heartbeat_at__lt=silent_since) | Q(heartbeat_at__isnull=True, started_at__lt=silent_since)
    )
    if call is not None:
        stale = stale.filter(call=call)
    with transaction.atomic():
        ids = list(stale.select_for_update(skip_locked=True).values_list("pk", flat=True))
        for run_id in ids:
            logger.warning("assignment run %s: its worker stopped (no heartbeat), marked failed", run_id)
        return AssignmentRun.objects.filter(pk__in=ids).update(
            status=RunStatus.FAILED, stage=RunStage.FAILED, lease_token="", finished_at=timezone.now(),
            error=_("The worker running it stopped; start the run again."),
        )


def _stage(run: AssignmentRun, stage: str) -> None:
    run.stage = stage
    AssignmentRun.objects.filter(pk=run.pk, lease_token=run.lease_token).update(
        stage=run.stage, heartbeat_at=timezone.now()
    )


def _claim(run: AssignmentRun, token: str) -> bool:
    """Lease the run to this attempt: a queued run, or a running one whose worker fell silent
    (a redelivered task after its worker was killed). False when there is nothing to do;
    :class:`RunLeaseHeld` when a live worker holds it."""
    with transaction.atomic():
        locked = AssignmentRun.objects.select_for_update().get(pk=run.pk)
        if locked.status == RunStatus.RUNNING:
            last = locked.heartbeat_at or locked.started_at or locked.created_at
            left = (last - _silent_since()).total_seconds()
            if left > 0:
                raise RunLeaseHeld(left)
            logger.warning("assignment run %s: its worker fell silent at %s; taking it over", run.pk, last)
        elif locked.status != RunStatus.QUEUED:
            return False
        now = timezone.now()
        locked.status, locked.started_at, locked.heartbeat_at, locked.lease_token = RunStatus.RUNNING, now, now, token
        locked.save(update_fields=["status", "started_at", "heartbeat_at", "lease_token"])
    run.status, run.started_at, run.lease_token = locked.status, locked.started_at, token
    return True


def assignment_run_solve(*, run: AssignmentRun) -> AssignmentRun:
    """Do the work of a queued run (called by the Celery task). Never raises for a failed solve:
    the run ends ``failed`` with the error recorded. Raises :class:`RunLeaseHeld` when another
    live worker is at it."""
    token = uuid.uuid4().hex
    if not _claim(run, token):
        logger.info("assignment run %s is %s; nothing to do", run.pk, run.status)
        return run
    began = time.monotonic()
    try:
        with heartbeat(model=AssignmentRun, pk=run.pk, lease_token=token):
            _stage(run, RunStage.BUILDING)
            inputs = assignment_inputs(call=run.call)
            _stage(run, RunStage.SOLVING)
            plan = _plan(run=run, inputs=inputs)
            _stage(run, RunStage.SAVING)
            _save(run=run, inputs=inputs, plan=plan, seconds=time.monotonic() - began)
    except (Exception, SoftTimeLimitExceeded) as exc:
        logger.exception("assignment run %s failed", run.pk)
        message = _("The run took too long and was stopped.") if isinstance(exc, SoftTimeLimitExceeded) else (
            f"{type(exc).__name__}: {exc}")
        AssignmentRun.objects.filter(pk=run.pk, lease_token=token).update(
            status=RunStatus.FAILED, stage=RunStage.FAILED, error=message[:4000], finished_at=timezone.now(),
            seconds=time.monotonic() - began,
        )
    run.refresh_from_db()
    return run


def _plan(*, run: AssignmentRun, inputs: AssignmentInputs) -> dict:
    """The solver's proposal as {"pairs": [(app id, reviewer id, affinity)], "uncovered": [...], ...}."""
    # Imported here: NumPy, OR-Tools, SciPy and scikit-learn are only needed by the process that solves, not by
    # every web and Celery process that loads this module (through the admin), about 40 MB each.
    import numpy as np

    from selection.assignment import affinity_matrix
    from selection.planning import solve_keeping_fixed

    k = run.k
    fixed: dict[int, int] = {}
    loads = np.asarray(inputs.max_loads, dtype=np.int64)
    reviewer_index = {pk: j for j, pk in enumerate(inputs.reviewer_ids)}
    for application_id, reviewer_id, _started, _affinity in inputs.kept:
        fixed[application_id] = fixed.get(application_id, 0) + 1
        if reviewer_id in reviewer_index:
            loads[reviewer_index[reviewer_id]] -= 1
    loads = np.maximum(loads, 0)
    rows = [i for i, pk in enumerate(inputs.application_ids) if fixed.get(pk, 0) < k]
    outcome = {"pairs": [], "uncovered": [], "notes": [], "objective": 0.0}
    if not rows:
        return outcome
    if not inputs.reviewer_ids:
        outcome["uncovered"] = [(inputs.application_ids[i], NO_REVIEWERS) for i in rows]
        return outcome
    team_index: dict[int, int] = {}
    for team in [*inputs.reviewer_teams, *(t for teams in inputs.team_preferences for t in teams)]:
        if team is not None:
            team_index.setdefault(team, len(team_index))
    preferences = [[team_index[t] for t in inputs.team_preferences[i]] for i in rows]
    reviewer_team = np.asarray([team_index.get(t, -1) if t is not None else -1 for t in inputs.reviewer_teams])
    affinity = affinity_matrix(
        application_keywords=[inputs.application_keywords[i] for i in rows],
        research_summaries=[inputs.research_summaries[i] for i in rows],
        reviewer_keywords=inputs.reviewer_keywords, team_preferences=preferences, reviewer_teams=reviewer_team.tolist(),
    )
    application_row = {inputs.application_ids[i]: r for r, i in enumerate(rows)}
    conflicts = np.zeros(affinity.shape, dtype=bool)
    for application_id, reviewer_id, *_rest in [*inputs.conflicts, *inputs.kept]:
        if application_id in application_row and reviewer_id in reviewer_index:
            conflicts[application_row[application_id], reviewer_index[reviewer_id]] = True
    plan = solve_keeping_fixed(
        affinity=affinity, conflicts=conflicts, max_load=loads,
        fixed_counts=np.asarray([fixed.get(inputs.application_ids[i], 0) for i in rows]), k=k,
        preferred_team=np.asarray([p[0] if p else -1 for p in preferences], dtype=np.int64),
        reviewer_team=reviewer_team.astype(np.int64), min_preferred=run.min_preferred, fairness=run.fairness,
    )
    ids = [inputs.application_ids[i] for i in rows]
    outcome["pairs"] = [(ids[a], inputs.reviewer_ids[r], value) for (a, r), value in zip(plan.pairs, plan.affinities)]
    outcome["uncovered"] = [(ids[a], reason) for a, reason in plan.uncovered]
    outcome["objective"] = plan.objective
    if plan.min_preferred_used != run.min_preferred:
        outcome["notes"].append(
            {"kind": "min_preferred_lowered", "from": run.min_preferred, "to": plan.min_preferred_used}
        )
    return outcome


@transaction.atomic
def _save(*, run: AssignmentRun, inputs: AssignmentInputs, plan: dict, seconds: float) -> None:
    locked = AssignmentRun.objects.select_for_update().get(pk=run.pk)
    if locked.status != RunStatus.RUNNING or locked.lease_token != run.lease_token:
        raise RuntimeError(f"run {run.pk} is {locked.status} and no longer leased to this attempt")
    pairs = plan["pairs"]
    lock_reviewers(ids={r for _a, r, _v in pairs})
    # Conflicts declared while the solver ran: drop those pairs (the trigger would refuse them).
    conflicted = set(
        ConflictOfInterest.objects.filter(application__call=run.call).values_list("application_id", "reviewer_id")
    )
    late = [(a, r) for a, r, _v in pairs if (a, r) in conflicted]
    rows = [
        Assignment(run=run, application_id=a, reviewer_id=r, source=AssignmentSource.KEPT, affinity=value,
                   review_started_at=started)
        for a, r, started, value in inputs.kept
    ] + [
        Assignment(run=run, application_id=a, reviewer_id=r, source=AssignmentSource.SOLVER, affinity=round(v, 6))
        for a, r, v in pairs if (a, r) not in conflicted
    ]
    Assignment.objects.bulk_create(rows, batch_size=2000)
    references = dict(
        Application.objects.filter(pk__in=[a for a, _reason in plan["uncovered"]]).values_list("pk", "reference")
    )
    notes = list(plan["notes"]) + [
        {"kind": "late_conflict", "application_id": a, "reviewer_id": r} for a, r in late
    ] + [
        {"kind": "conflicted_started", "application_id": a, "reviewer_id": r} for a, r in inputs.conflicted_started
    ]
    locked.status, locked.stage = RunStatus.PROPOSED, RunStage.DONE
    locked.objective = plan["objective"]
    locked.applications_count, locked.reviewers_count = len(inputs.application_ids), len(inputs.reviewer_ids)
    locked.kept_count = len(inputs.kept)
    locked.uncovered = [
        {"application_id": a, "reference": references.get(a, ""), "reason": reason} for a, reason in plan["uncovered"]
    ]
    locked.notes = notes
    locked.seconds = round(seconds, 3)
    locked.finished_at = timezone.now()
    locked.save()
