"""Task routing (issue 13): each kind of work on its own queue; workers scale out over one Redis."""
import json
import uuid

import pytest
import redis
from django.conf import settings

from innocore.celery import app
from innocore.models import EmailMessage
from innocore.models.email import EmailStatus
from innocore.queues import KINDS, TASK_KINDS, queue_names, route_task
from innocore.services.emails import email_queue
from tests.worker import wait_for


def test_each_kind_of_work_has_its_queue_and_the_rest_the_default():
    app.loader.import_default_modules()
    ours = sorted(name for name in app.tasks if name.split(".")[0] in {"innocore", "applications", "selection"})
    assert set(TASK_KINDS) <= set(ours)
    routed = {name: (route_task(name, (), {}, {}) or {}).get("queue") for name in ours}
    assert routed["innocore.tasks.email_send"] == "celery.email"
    assert routed["applications.tasks.eligibility_check_chunk"] == "celery.eligibility"
    assert routed["selection.tasks.assignment_run_execute"] == "celery.assignment"
    # Beat's sweeps and reminders and the retention purge stay on the default queue.
    assert routed["applications.tasks.retention_purge"] is None and routed["innocore.tasks.outbox_sweep"] is None
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= {
        name for name, queue in routed.items() if queue is None}


def test_a_worker_without_q_consumes_every_queue():
    assert [queue.name for queue in app.conf.task_queues] == queue_names(default="celery")
    # Each queue is bound by its own name: a message for one queue is never copied into another.
    assert all(queue.exchange.name == queue.routing_key == queue.name for queue in app.conf.task_queues)
    assert queue_names(default="celery") == ["celery", *(f"celery.{kind}" for kind in KINDS)]


def test_long_tasks_have_time_limits():
    for name in [*TASK_KINDS, "applications.tasks.retention_purge"]:
        limits = settings.CELERY_TASK_ANNOTATIONS[name]
        assert 0 < limits["soft_time_limit"] < limits["time_limit"] <= settings.CELERY_VISIBILITY_TIMEOUT, name


@pytest.mark.worker
@pytest.mark.redis
def test_two_workers_share_the_tasks_and_none_runs_twice(workers):
    """Two worker processes on one Redis: N tasks spread over both, each run exactly once; real emails routed
    to the email queue are sent by them too."""
    first, second = workers(), workers()
    assert first.hostname != second.hostname
    key = f"test-executions-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(settings.REDIS_URL)
    total = 40
    try:
        for number in range(total):
            app.send_task("tests.worker_hooks.record_execution", kwargs={"key": key, "number": number,
                                                                         "seconds": 0.1}, ignore_result=True)
        emails = [email_queue(recipient=f"fellow{n}@example.org", subject="Received", body="Thank you.")
                  for n in range(6)]
        wait_for(lambda: client.llen(key) >= total, timeout=90, what="every task to run")
        runs = [json.loads(item) for item in client.lrange(key, 0, -1)]
    finally:
        client.delete(key)
    numbers = [run["number"] for run in runs]
    assert sorted(numbers) == list(range(total)), "a task ran twice or not at all"
    by_worker = {hostname: sum(run["hostname"] == hostname for run in runs)
                 for hostname in (first.hostname, second.hostname)}
    assert sum(by_worker.values()) == total and min(by_worker.values()) >= total // 5, by_worker
    wait_for(lambda: EmailMessage.objects.filter(pk__in=[e.pk for e in emails], status=EmailStatus.SENT).count() == 6,
             timeout=60, what="the emails to be sent")
    assert all(EmailMessage.objects.get(pk=e.pk).attempts == 1 for e in emails)
    log = first.log() + second.log()
    assert "innocore.tasks.email_send" in log
    assert f"{first.queue}.email" in first.log() and f"{first.queue}.assignment" in first.log()
