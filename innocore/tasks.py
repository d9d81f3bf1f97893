"""Celery tasks of the core: email delivery and the outbox sweeper."""
from celery import shared_task
from django.db import InterfaceError, OperationalError

from innocore.services.emails import email_deliver, emails_requeue_stuck
from innocore.services.outbox import outbox_sweep as outbox_sweep_service

# A dropped or restarting database connection is worth another try; anything else is a bug to see.
TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)
# Backoff of 1, 2, 4, ... 64, then 120 s: eleven retries span about ten minutes, enough for a database restart.
# Past that, the sweepers queue the work again.
RETRY_FOR_MINUTES = {"retry_backoff": True, "retry_backoff_max": 120, "retry_jitter": False, "max_retries": 11}


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError, *TRANSIENT_DB_ERRORS), **RETRY_FOR_MINUTES)
def email_send(self, *, email_id: int) -> str:
    email = email_deliver(email_id=email_id)
    return email.status if email else "missing"


@shared_task(acks_late=True)
def outbox_sweep() -> str:
    """Run by beat (settings.CELERY_BEAT_SCHEDULE): queue stuck emails again, send what the broker missed."""
    requeued = emails_requeue_stuck()
    sent = outbox_sweep_service()
    return f"{requeued} emails queued again, {sent} messages dispatched"
