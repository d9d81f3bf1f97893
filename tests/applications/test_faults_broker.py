"""Issue 9, item 9: Redis down at submit loses nothing (the transactional outbox).

A private redis-server (tests/faults.py) is the broker of this test and of a real
worker; the test stops it, submits, starts it again and runs the sweeper.
"""
import time
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus, EligibilityVerdict, Referee
from innocore.models import EmailMessage, OutboxMessage
from innocore.models.email import EmailStatus
from innocore.tasks import outbox_sweep
from tests.applications.dossiers import complete_application
from tests.factories import CallFactory, UserFactory
from tests.faults import PrivateRedis, celery_broker
from tests.worker import start_worker, wait_for

pytestmark = pytest.mark.worker


@pytest.fixture
def private_redis():
    redis = PrivateRedis()
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def broker(private_redis, transactional_db):
    """This process and one real worker use the private Redis, on a queue of the test's own."""
    with celery_broker(private_redis.url) as app:
        previous = app.conf.task_default_queue, app.conf.task_always_eager
        app.conf.task_default_queue = f"test-outbox-{uuid.uuid4().hex[:8]}"
        app.conf.task_always_eager = False
        url = private_redis.url
        worker = start_worker(queue=app.conf.task_default_queue,
                              extra_env={"REDIS_URL": url, "CELERY_BROKER_URL": url, "CELERY_RESULT_BACKEND": url})
        try:
            yield worker
        finally:
            worker.stop()
            app.conf.task_default_queue, app.conf.task_always_eager = previous


def test_submitting_while_redis_is_down_answers_normally_and_the_sweeper_delivers_later(
    broker, private_redis, client, settings
):
    settings.PORTAL_OUTBOX_RETRY_SECONDS = 0
    user = UserFactory()
    application = complete_application(call=CallFactory(), applicant=user)
    Referee.objects.filter(application=application).update(status="received", letter_received_at=timezone.now())
    OutboxMessage.objects.all().delete()  # the referee invitations, sent while Redis was up
    client.force_login(user)

    private_redis.stop()
    began = time.monotonic()
    response = client.post(reverse("applications:submit", args=[application.pk]))

    assert response.status_code in (200, 302), response.content[:500]
    assert time.monotonic() - began < 5  # one failed try (~0.7 s), then the messages wait for the sweeper
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    pending = OutboxMessage.objects.filter(dispatched_at__isnull=True)
    assert sorted(pending.values_list("task", flat=True)) == [
        "applications.tasks.eligibility_check", "innocore.tasks.email_send",
    ]
    tried = pending.filter(attempts=1).get()
    assert "OperationalError" in tried.last_error
    email = EmailMessage.objects.get(user=user, subject__contains=application.reference)
    assert email.status == EmailStatus.QUEUED

    private_redis.start()
    assert outbox_sweep() == "0 emails queued again, 2 messages dispatched"
    assert not OutboxMessage.objects.filter(dispatched_at__isnull=True).exists()

    def delivered():
        email.refresh_from_db()
        return email.status == EmailStatus.SENT and EligibilityVerdict.objects.filter(application=application).exists()

    wait_for(delivered, timeout=60, what=f"the worker to send the email and record the verdict\n{broker.log()}")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_REVIEW
    assert email.attempts == 1
    # Sweeping again sends nothing twice.
    assert outbox_sweep() == "0 emails queued again, 0 messages dispatched"


def test_a_message_dispatched_twice_sends_the_email_once(broker, settings):
    """The outbox may hand the broker a message twice (sent, then the mark lost): delivery is idempotent."""
    from innocore.services.emails import email_queue
    from innocore.services.outbox import outbox_dispatch

    email = email_queue(recipient="twice@example.org", subject="Once", body="Only once.")
    message = OutboxMessage.objects.get(kwargs={"email_id": email.pk})
    OutboxMessage.objects.filter(pk=message.pk).update(dispatched_at=None)
    assert outbox_dispatch(message_ids=[message.pk]) == 1

    def sent_and_done():
        email.refresh_from_db()
        return email.status == EmailStatus.SENT and broker.log().count("succeeded") >= 2

    wait_for(sent_and_done, timeout=60, what=f"both deliveries\n{broker.log()}")
    email.refresh_from_db()
    assert email.attempts == 1
    assert broker.log().count("Subject: Once") == 1
