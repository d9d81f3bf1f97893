"""Issue 9, item 12: a killed worker no longer strands an assignment run.

Real worker processes, PostgreSQL and Redis. The workers run with a two-second lease
(PORTAL_RUN_LEASE_SECONDS=2, a heartbeat every half second) so the tests finish in
seconds, and with PORTAL_TEST_ASSIGNMENT_DELAY_SECONDS, which makes tests/worker_hooks.py
wrap the solver in the worker so that the run sleeps mid-solve (heartbeat still going) and
the worker can be killed while the run is surely in flight. Neither is set in production.
"""
import os
import signal
import time
from collections import Counter

import pytest
from django.urls import reverse

from selection.models import Assignment, AssignmentRun, RunStage, RunStatus
from selection.services.assignment import assignment_run_start
from selection.tasks import assignment_runs_sweep
from tests.factories import StaffFactory, seeded_assignment_call
from tests.worker import child_pids, kill_worker_hard, wait_for
from tests.worker_hooks import ASSIGNMENT_DELAY_ENV, ASSIGNMENT_DELAY_LOG

pytestmark = pytest.mark.worker


def _settled(run: AssignmentRun):
    run.refresh_from_db()
    return run.status in (RunStatus.PROPOSED, RunStatus.FAILED)


def test_a_run_whose_pool_process_is_killed_is_taken_over_by_the_redelivered_task(workers):
    call, applications, _reviewers = seeded_assignment_call(applications=6, reviewers=5, max_load=6)
    worker = workers(**{ASSIGNMENT_DELAY_ENV: "3"})
    run = assignment_run_start(call=call, by=StaffFactory(), k=2, min_preferred=0)
    wait_for(lambda: ASSIGNMENT_DELAY_LOG in worker.log(), timeout=60, what=f"the run to be in flight\n{worker.log()}")
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING and run.heartbeat_at is not None
    os.kill(child_pids(worker.process.pid)[0], signal.SIGKILL)

    wait_for(lambda: _settled(run), timeout=90, what=f"the run to be taken over and finish\n{worker.log()}")
    log = worker.log()
    assert run.status == RunStatus.PROPOSED, run.error + log
    assert "taking it over" in log and log.count(ASSIGNMENT_DELAY_LOG) == 2
    assert Counter(Assignment.objects.filter(run=run).values_list("application_id", flat=True)) == {
        application.pk: 2 for application in applications
    }


def test_a_run_whose_whole_worker_is_killed_is_marked_failed_and_can_be_started_again(workers, settings, client):
    settings.PORTAL_RUN_LEASE_SECONDS = 2
    call, _applications, _reviewers = seeded_assignment_call(applications=4, reviewers=4, max_load=4)
    staff = StaffFactory()
    client.force_login(staff)
    start = reverse("selection:run_start", args=[call.code])
    first = workers(**{ASSIGNMENT_DELAY_ENV: "60"})
    run = assignment_run_start(call=call, by=staff, k=2, min_preferred=0)
    wait_for(lambda: ASSIGNMENT_DELAY_LOG in first.log(), timeout=60, what=f"the run to be in flight\n{first.log()}")
    stamped = AssignmentRun.objects.get(pk=run.pk).heartbeat_at
    wait_for(lambda: AssignmentRun.objects.filter(pk=run.pk, stage=RunStage.SOLVING, heartbeat_at__gt=stamped).exists(),
             timeout=5, what="the heartbeat to go on while the run solves")
    kill_worker_hard(first)
    assert client.post(start, {"k": 2, "min_preferred": 0}).status_code == 409  # its lease still holds

    time.sleep(2.5)
    assert assignment_runs_sweep() == 1
    run.refresh_from_db()
    assert (run.status, run.stage) == (RunStatus.FAILED, "failed")
    assert run.error == "The worker running it stopped; start the run again."
    assert assignment_runs_sweep() == 0
    page = client.get(reverse("selection:assignment", args=[call.code]) + f"?run={run.pk}")
    assert "The worker running it stopped; start the run again." in page.content.decode()

    workers()
    assert client.post(start, {"k": 2, "min_preferred": 0}).status_code == 302
    again = AssignmentRun.objects.exclude(pk=run.pk).get(call=call)
    wait_for(lambda: _settled(again), timeout=90, what="the new run to finish")
    assert again.status == RunStatus.PROPOSED, again.error


def test_starting_a_run_clears_a_stranded_one_even_without_the_sweeper(workers, settings):
    """No beat running: the start request itself marks a silent run failed."""
    settings.PORTAL_RUN_LEASE_SECONDS = 2
    call, _applications, _reviewers = seeded_assignment_call(applications=3, reviewers=3, max_load=3)
    staff = StaffFactory()
    first = workers(**{ASSIGNMENT_DELAY_ENV: "60"})
    run = assignment_run_start(call=call, by=staff, k=1, min_preferred=0)
    wait_for(lambda: ASSIGNMENT_DELAY_LOG in first.log(), timeout=60, what="the run to be in flight")
    kill_worker_hard(first)
    time.sleep(2.5)
    again = assignment_run_start(call=call, by=staff, k=1, min_preferred=0)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and again.status == RunStatus.QUEUED
