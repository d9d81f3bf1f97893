"""The assignment task through a real Celery worker process, on PostgreSQL and Redis."""
from collections import Counter

import pytest

from selection.models import Assignment, AssignmentRun, ConflictOfInterest, ConflictOfInterestSource, RunStatus
from selection.services.assignment import assignment_run_start
from tests.factories import StaffFactory, seeded_assignment_call
from tests.worker import wait_for


@pytest.mark.worker
def test_a_real_worker_runs_the_assignment_of_a_seeded_call(celery_worker):
    call, applications, reviewers = seeded_assignment_call(applications=30, reviewers=12, teams=3, max_load=9)
    ConflictOfInterest.objects.create(application=applications[0], reviewer=reviewers[0],
                                      source=ConflictOfInterestSource.ENTERED_BY_STAFF)
    run = assignment_run_start(call=call, by=StaffFactory(), k=3, min_preferred=1)

    def finished():
        run.refresh_from_db()
        return run.status in (RunStatus.PROPOSED, RunStatus.FAILED)

    wait_for(finished, timeout=90, what=f"run {run.pk} to finish\n{celery_worker.log()}")
    assert run.status == RunStatus.PROPOSED, run.error + celery_worker.log()
    assert (run.progress, run.stage, run.uncovered) == (100, "done", [])
    assert run.started_at and run.finished_at and run.seconds is not None
    pairs = list(Assignment.objects.filter(run=run).values_list("application_id", "reviewer_id"))
    assert Counter(a for a, _r in pairs) == {a.pk: 3 for a in applications}
    assert (applications[0].pk, reviewers[0].pk) not in pairs
    assert max(Counter(r for _a, r in pairs).values()) <= 9
    assert AssignmentRun.objects.filter(call=call).count() == 1
