"""The embedded demo runs its in-process tasks after the response, in one background thread (issue 14, item 8)."""
import threading
import time

import pytest
from django.core import mail
from django.db import transaction

from innocore.models import EmailMessage
from innocore.models.email import EmailStatus
from innocore.services import outbox
from innocore.services.emails import email_queue

pytestmark = pytest.mark.django_db(transaction=True)


def test_tasks_run_after_the_commit_in_a_background_thread_not_in_the_request(settings, monkeypatch):
    settings.PORTAL_EAGER_TASKS_IN_BACKGROUND = True
    threads = []
    real = outbox.outbox_dispatch

    def slow_dispatch(**kwargs):
        threads.append(threading.current_thread().name)
        time.sleep(0.5)  # a long task: the caller must not wait for it
        return real(**kwargs)

    monkeypatch.setattr(outbox, "outbox_dispatch", slow_dispatch)
    started = time.monotonic()
    with transaction.atomic():
        email = email_queue(recipient="someone@example.org", subject="Hello", body="Body")
    assert time.monotonic() - started < 0.4
    deadline = time.monotonic() + 15
    while EmailMessage.objects.get(pk=email.pk).status != EmailStatus.SENT and time.monotonic() < deadline:
        time.sleep(0.05)
    assert EmailMessage.objects.get(pk=email.pk).status == EmailStatus.SENT
    assert threads and threads[0].startswith("portal-tasks") and mail.outbox[-1].subject == "Hello"


def test_without_the_switch_tasks_still_run_in_the_request(settings):
    settings.PORTAL_EAGER_TASKS_IN_BACKGROUND = False
    with transaction.atomic():
        email = email_queue(recipient="someone@example.org", subject="Now", body="Body")
    assert EmailMessage.objects.get(pk=email.pk).status == EmailStatus.SENT
