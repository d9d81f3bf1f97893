import logging

from celery import shared_task

from selection.models import AssignmentRun
from selection.services.assignment import assignment_run_solve

logger = logging.getLogger(__name__)


@shared_task
def assignment_run_execute(*, run_id: int) -> str:
    run = AssignmentRun.objects.select_related("call").filter(pk=run_id).first()
    if run is None:
        logger.warning("assignment run %s no longer exists", run_id)
        return "missing"
    return assignment_run_solve(run=run).status
