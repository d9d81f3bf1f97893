"""Eligibility checks through real Celery worker processes, Redis and PostgreSQL, including killed workers.

The kill tests slow the check from outside the production code: PORTAL_TEST_ELIGIBILITY_DELAY_SECONDS, set only
in the worker started here, makes tests/worker_hooks.py wrap the service so that a check sleeps after it has read
and locked its applications and before it writes, inside its transaction, so the worker can be killed while the task
is surely in flight.
"""
import os
import signal
import time
import uuid

import pytest
from django.db import OperationalError, transaction

from applications.models import (
    Application, ApplicationStatus, EligibilityRun, EligibilityRunStatus, EligibilityVerdict,
)
from applications.services import eligibility as service
from applications.services.eligibility import application_eligibility_queue, call_eligibility_recheck
from applications.tasks import eligibility_check
from tests.factories import CallFactory, StaffFactory, SubmittedApplicationFactory
from tests.worker import child_pids, kill_worker_hard, start_worker, wait_for
from tests.worker_hooks import ELIGIBILITY_DELAY_ENV, ELIGIBILITY_DELAY_LOG

pytestmark = pytest.mark.worker


@pytest.fixture
def workers(transactional_db):
    """Start workers on one queue of this test's own; tasks sent in the test go to it."""
    from innocore.celery import app

    queue = f"test-elig-{uuid.uuid4().hex[:8]}"
    started = []
    previous = app.conf.task_default_queue, app.conf.task_always_eager
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue

    def start(*, concurrency: int = 1, **env):
        worker = start_worker(queue=queue, concurrency=concurrency, extra_env=env)
        started.append(worker)
        return worker

    try:
        yield start
    finally:
        app.conf.task_default_queue, app.conf.task_always_eager = previous
        for worker in started:
            worker.stop()


def test_a_submitted_application_is_checked_by_a_real_worker(workers):
    from django.db import transaction

    worker = workers()
    application = SubmittedApplicationFactory()
    with transaction.atomic():
        application_eligibility_queue(application=application)
    verdict = wait_for(lambda: EligibilityVerdict.objects.filter(application=application).first(), timeout=60,
                       what="the worker to record the verdict")
    application.refresh_from_db()
    assert verdict.outcome == "eligible" and len(verdict.task_id) == 36
    assert application.status == ApplicationStatus.AWAITING_REVIEW
    assert "applications.tasks.eligibility_check" in worker.log()


def test_a_call_recheck_fans_out_to_two_processes_and_finishes(workers, monkeypatch):
    monkeypatch.setattr(service, "CHUNK_SIZE", 3)
    call = CallFactory()
    applications = [SubmittedApplicationFactory(call=call) for _ in range(10)]
    workers(concurrency=2)
    run = call_eligibility_recheck(call=call, by=StaffFactory())
    finished = wait_for(lambda: EligibilityRun.objects.filter(pk=run.pk, status="finished").first(), timeout=60,
                        what="the run to finish")
    counts = (finished.total, finished.done, finished.failed, sorted(finished.completed_chunks))
    assert counts == (10, 10, 0, [0, 1, 2, 3])
    assert EligibilityVerdict.objects.filter(application__in=applications).count() == 10


def test_killing_the_pool_process_mid_chunk_loses_nothing_and_counts_once(workers, monkeypatch):
    """SIGKILL the process running a chunk while it holds its row locks: with acks_late and
    task_reject_on_worker_lost the message goes back to Redis, the chunk runs again, and the run
    counts it once."""
    monkeypatch.setattr(service, "CHUNK_SIZE", 2)
    call = CallFactory()
    applications = [SubmittedApplicationFactory(call=call) for _ in range(3)]
    worker = workers(**{ELIGIBILITY_DELAY_ENV: "5"})
    run = call_eligibility_recheck(call=call, by=StaffFactory())
    wait_for(lambda: ELIGIBILITY_DELAY_LOG in worker.log(), timeout=60, what="a chunk to be in flight")
    assert "(in a transaction: True)" in worker.log()
    with pytest.raises(OperationalError, match="could not obtain lock"), transaction.atomic():
        list(Application.objects.select_for_update(nowait=True).filter(pk__in=[a.pk for a in applications]))
    pool = child_pids(worker.process.pid)
    assert len(pool) == 1
    os.kill(pool[0], signal.SIGKILL)
    assert not EligibilityVerdict.objects.exists()  # the killed transaction wrote nothing
    finished = wait_for(lambda: EligibilityRun.objects.filter(pk=run.pk, status="finished").first(), timeout=90,
                        what="the run to finish after the kill")
    time.sleep(1)  # nothing else is still coming
    log = worker.log()
    assert "WorkerLostError" in log or "SIGKILL" in log, log
    assert log.count(ELIGIBILITY_DELAY_LOG) == 3  # chunk 0 twice (killed, then redelivered), chunk 1 once
    finished.refresh_from_db()
    assert (finished.done, finished.failed, sorted(finished.completed_chunks)) == (3, 0, [0, 1])
    assert finished.heartbeat_at is not None and not finished.error  # the redelivered chunk kept the run alive
    assert EligibilityVerdict.objects.filter(application__in=applications).count() == 3
    assert set(EligibilityVerdict.objects.values_list("outcome", flat=True)) == {"eligible"}


def test_a_whole_worker_killed_mid_task_is_replaced_and_the_verdict_recorded_once(workers):
    """Power cut: the worker and its pool die together, so nobody rejects the message. It stays
    unacknowledged in Redis until the visibility timeout, when the transport's restore puts it back
    (kombu runs that scan every ~100 s in a worker; here it is run at once with a 1 s timeout)."""
    from innocore.celery import app

    application = SubmittedApplicationFactory()
    first = workers(**{ELIGIBILITY_DELAY_ENV: "30"})
    eligibility_check.delay(application_id=application.pk)
    wait_for(lambda: ELIGIBILITY_DELAY_LOG in first.log(), timeout=60, what="the check to be in flight")
    kill_worker_hard(first)
    assert not EligibilityVerdict.objects.exists()
    second = workers()
    time.sleep(1.5)
    with app.connection_for_write(transport_options={"visibility_timeout": 1}) as connection:
        connection.default_channel.qos.restore_visible(num=100)
    verdict = wait_for(lambda: EligibilityVerdict.objects.filter(application=application).first(), timeout=60,
                       what="the second worker to record the verdict")
    time.sleep(1)
    assert EligibilityVerdict.objects.filter(application=application).count() == 1
    assert verdict.outcome == "eligible"
    assert second.log().count("applications.tasks.eligibility_check") >= 1
    run_statuses = set(EligibilityRun.objects.values_list("status", flat=True))
    assert run_statuses <= {EligibilityRunStatus.FINISHED}
