"""Issue 9, item 10: PostgreSQL down while tasks run loses nothing.

A real worker reaches PostgreSQL through a TCP proxy (tests/faults.py) that the test
cuts and restores: the tasks retry with backoff and finish once the database is back.
Past the retries, the beat sweepers queue again what is still missing.
"""
import uuid
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from applications.models import ApplicationStatus, EligibilityVerdict
from applications.services.eligibility import application_eligibility_queue
from applications.tasks import eligibility_check, eligibility_sweep
from innocore.models import EmailMessage, OutboxMessage
from innocore.models.email import EmailStatus
from innocore.services.emails import email_queue
from innocore.tasks import email_send, outbox_sweep
from tests.factories import SubmittedApplicationFactory
from tests.faults import TcpProxy
from tests.worker import start_worker, wait_for
from tests.worker import test_database_url as worker_database_url


@pytest.fixture
def database_proxy():
    db = connection.settings_dict
    proxy = TcpProxy(db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432).start()
    yield proxy
    proxy.close()


@pytest.mark.worker
def test_tasks_retry_through_a_database_outage_and_finish(database_proxy, transactional_db):
    from innocore.celery import app

    queue = f"test-dbdown-{uuid.uuid4().hex[:8]}"
    url = worker_database_url().replace(f":{connection.settings_dict.get('PORT') or 5432}/", f":{database_proxy.port}/")
    previous = app.conf.task_default_queue, app.conf.task_always_eager
    app.conf.task_default_queue, app.conf.task_always_eager = queue, False
    worker = start_worker(queue=queue, extra_env={"DATABASE_URL": url})
    try:
        application = SubmittedApplicationFactory()
        database_proxy.cut()
        with transaction.atomic():  # the test itself talks to PostgreSQL directly
            email = email_queue(recipient="fellow@example.org", subject="Received", body="Thank you.")
            application_eligibility_queue(application=application)
        wait_for(lambda: worker.log().count("Retry in") >= 2, timeout=30,
                 what=f"both tasks to meet the outage and retry\n{worker.log()}")
        database_proxy.restore()

        def done():
            email.refresh_from_db()
            checked = EligibilityVerdict.objects.filter(application=application).exists()
            return email.status == EmailStatus.SENT and checked

        wait_for(done, timeout=60, what=f"the tasks to finish after the outage\n{worker.log()}")
        application.refresh_from_db()
        assert application.status == ApplicationStatus.AWAITING_REVIEW
        assert "OperationalError" in worker.log()
    finally:
        worker.stop()
        app.conf.task_default_queue, app.conf.task_always_eager = previous


def test_retries_span_about_ten_minutes():
    for task in (email_send, eligibility_check):
        delays = [min(2 ** n, task.retry_backoff_max) for n in range(task.max_retries)]
        assert 8 * 60 <= sum(delays) <= 12 * 60, (task.name, sum(delays))
        assert not task.retry_jitter


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_sweepers_queue_again_a_missing_verdict_and_an_unsent_email(django_capture_on_commit_callbacks, settings):
    """A task that gave up (or was lost) leaves an application without a verdict and an email queued:
    after PORTAL_STUCK_WORK_SECONDS the sweepers queue them again, once."""
    settings.PORTAL_STUCK_WORK_SECONDS = 300
    long_ago = timezone.now() - timedelta(minutes=10)
    stuck = SubmittedApplicationFactory(submitted_at=long_ago)
    recent = SubmittedApplicationFactory()
    unsent = EmailMessage.objects.create(recipient="a@example.org", subject="Stuck", body="B")
    fresh = EmailMessage.objects.create(recipient="b@example.org", subject="Fresh", body="B")
    EmailMessage.objects.filter(pk=unsent.pk).update(created_at=long_ago)

    with django_capture_on_commit_callbacks(execute=True):
        assert eligibility_sweep() == "0 re-checks marked failed, 1 checks queued again"
        assert outbox_sweep().startswith("1 emails queued again")

    assert EligibilityVerdict.objects.filter(application=stuck).exists()
    assert not EligibilityVerdict.objects.filter(application=recent).exists()
    unsent.refresh_from_db()
    fresh.refresh_from_db()
    assert (unsent.status, fresh.status) == (EmailStatus.SENT, EmailStatus.QUEUED)
    assert OutboxMessage.objects.count() == 2
    # A second sweep does not pile up copies of work just queued.
    with django_capture_on_commit_callbacks(execute=True):
        EmailMessage.objects.filter(pk=unsent.pk).update(status=EmailStatus.QUEUED)
        assert outbox_sweep().startswith("0 emails queued again")
    assert OutboxMessage.objects.count() == 2
