"""Issue 9, item 12: a killed worker no longer strands a call-wide eligibility re-check.

Killing the pool process mid-chunk is covered in test_eligibility_worker.py (the chunk
is redelivered and counted once). Here the whole worker dies, so its message stays
unacknowledged in Redis for hours: the run's heartbeat stops, and after the lease
(two seconds here, PORTAL_RUN_LEASE_SECONDS) the sweeper marks it failed and staff
can start another. PORTAL_TEST_ELIGIBILITY_DELAY_SECONDS makes the chunk sleep while
in flight (installed in the test worker by tests/worker_hooks.py); neither is set in production.
"""
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications.models import EligibilityRun, EligibilityRunStatus, EligibilityVerdict
from applications.services.eligibility import call_eligibility_recheck
from applications.tasks import eligibility_sweep
from tests.factories import CallFactory, StaffFactory, SubmittedApplicationFactory
from tests.worker import kill_worker_hard, wait_for
from tests.worker_hooks import ELIGIBILITY_DELAY_ENV, ELIGIBILITY_DELAY_LOG

pytestmark = pytest.mark.worker


def test_a_recheck_whose_whole_worker_is_killed_is_marked_failed_and_can_be_started_again(workers, settings, client):
    settings.PORTAL_RUN_LEASE_SECONDS = 2
    call, staff = CallFactory(), StaffFactory()
    applications = [SubmittedApplicationFactory(call=call) for _ in range(3)]
    first = workers(**{ELIGIBILITY_DELAY_ENV: "60"})
    run = call_eligibility_recheck(call=call, by=staff)
    wait_for(lambda: ELIGIBILITY_DELAY_LOG in first.log(), timeout=60, what=f"the chunk to be in flight\n{first.log()}")
    run.refresh_from_db()
    assert run.status == EligibilityRunStatus.RUNNING and run.heartbeat_at is not None
    kill_worker_hard(first)
    with pytest.raises(ValidationError, match="already in progress"):
        call_eligibility_recheck(call=call, by=staff)

    time.sleep(2.5)
    assert eligibility_sweep() == "1 re-checks marked failed, 0 checks queued again"
    run.refresh_from_db()
    assert run.status == EligibilityRunStatus.FAILED and not run.is_active
    assert run.error == "The worker checking it stopped; start the re-check again."
    assert not EligibilityVerdict.objects.exists()
    client.force_login(staff)
    progress = client.get(reverse("applications:staff_call_eligibility_progress", args=[call.code]),
                          headers={"HX-Request": "true"}).content.decode()
    assert run.error in progress and "hx-trigger" not in progress  # shown, and no longer polled

    workers()
    again = call_eligibility_recheck(call=call, by=staff)
    finished = wait_for(lambda: EligibilityRun.objects.filter(pk=again.pk, status="finished").first(), timeout=60,
                        what="the new re-check to finish")
    assert (finished.done, finished.failed) == (3, 0)
    assert EligibilityVerdict.objects.filter(application__in=applications).count() == 3
