"""Celery tasks of the selection side: each takes ids, fetches, and calls one service."""
import logging

from celery import shared_task

from innocore.models import Call, CallTeamQuota
from selection.models import AssignmentRun
from selection.services.assignment import RunLeaseHeld, assignment_run_solve, assignment_runs_fail_stale
from selection.services.offers import offers_lapse
from selection.services.ranking import ranking_refresh as ranking_refresh_service
from selection.services.review_reminders import review_reminders_send

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=10)
def assignment_run_execute(self, *, run_id: int) -> str:
    """Solve a queued run. A copy delivered while another live worker holds the run (its lease is
    fresh) waits for the lease to run out and looks again: that worker may have been killed."""
    run = AssignmentRun.objects.select_related("call").filter(pk=run_id).first()
    if run is None:
        logger.warning("assignment run %s no longer exists", run_id)
        return "missing"
    try:
        return assignment_run_solve(run=run).status
    except RunLeaseHeld as held:
        logger.info("assignment run %s is held by another worker; looking again in %.0f s", run_id, held.seconds_left)
        raise self.retry(countdown=held.seconds_left + 1) from held


@shared_task(acks_late=True)
def assignment_runs_sweep() -> int:
    """Run by beat every 30 s: mark failed the runs whose worker stopped."""
    return assignment_runs_fail_stale()


@shared_task(acks_late=True)
def review_deadline_reminders() -> int:
    """Run by beat every 15 minutes: remind reviewers with reviews left N days and 1 day before the deadline."""
    return review_reminders_send()


@shared_task(acks_late=True)
def offers_lapse_due() -> int:
    """Run by beat every hour: open offers past their deadline lapse and their seats move down the waiting list."""
    return offers_lapse()


@shared_task(acks_late=True)
def ranking_refresh(*, call_id: int, team_code: str = "") -> str:
    """Compute a call's (or a team's) ranking from its current reviews and keep it for the ranking page."""
    call = Call.objects.filter(pk=call_id).first()
    if call is None:
        return "missing"
    try:
        return "done" if ranking_refresh_service(call=call, team_code=team_code) else "refused"
    except CallTeamQuota.DoesNotExist:
        return "missing"
