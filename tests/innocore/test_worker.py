"""A task crosses the real broker to a real worker process and writes to the real database."""
import pytest

from innocore.models import EmailMessage
from innocore.models.email import EmailStatus
from innocore.services.emails import email_queue
from tests.worker import wait_for


@pytest.mark.worker
def test_an_email_is_sent_by_a_real_worker_over_redis(celery_worker):
    email = email_queue(recipient="fellow@example.org", subject="Your application", body="Received.")

    def sent():
        row = EmailMessage.objects.get(pk=email.pk)
        return row if row.status == EmailStatus.SENT else None

    row = wait_for(sent, timeout=60, what="the worker to send the email")
    assert row.attempts == 1 and row.sent_at is not None
    assert "innocore.tasks.email_send" in celery_worker.log()
