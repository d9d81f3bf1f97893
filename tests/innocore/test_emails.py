import pytest
from django.core import mail

from innocore.models import EmailMessage
from innocore.models.email import EmailStatus
from innocore.services.emails import email_deliver, email_queue

pytestmark = pytest.mark.django_db


def test_queued_email_is_sent_on_commit_and_recorded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue(recipient="a@example.org", subject="Hello", body="Body", topic="application:1")
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.sent_at is not None and email.attempts == 1
    assert [m.subject for m in mail.outbox] == ["Hello"]


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email_queue(recipient="a@example.org", subject="Hello", body="Body")
    assert len(callbacks) == 1 and mail.outbox == []


def test_delivery_is_idempotent():
    email = EmailMessage.objects.create(recipient="a@example.org", subject="S", body="B")
    email_deliver(email_id=email.pk)
    email_deliver(email_id=email.pk)
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


def test_a_transport_failure_is_recorded_and_raised(settings, monkeypatch):
    email = EmailMessage.objects.create(recipient="a@example.org", subject="S", body="B")

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("innocore.services.emails.send_mail", refuse)
    with pytest.raises(ConnectionRefusedError):
        email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED and "smtp down" in email.last_error and email.attempts == 1


def test_a_deleted_email_is_skipped():
    assert email_deliver(email_id=999_999) is None
