"""Email goes out through Celery and every message is kept for the user to see."""
import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from innocore.models import EmailMessage, User
from innocore.models.email import EmailStatus
from innocore.services.outbox import outbox_enqueue, outbox_enqueue_unless_recent

logger = logging.getLogger(__name__)


def email_queue(*, recipient: str, subject: str, body: str, user: User | None = None, topic: str = "") -> EmailMessage:
    """Record an email and send it once the surrounding transaction commits."""
    from innocore.tasks import email_send

    email = EmailMessage.objects.create(recipient=recipient, user=user, topic=topic, subject=subject, body=body)
    outbox_enqueue(task=email_send.name, kwargs={"email_id": email.pk})
    return email


def email_hold(*, recipient: str, subject: str, body: str, user: User | None = None, topic: str = "") -> EmailMessage:
    """Record an email that waits, unsent, until staff release it (``emails_release``): decisions are read
    by people before they reach applicants."""
    return EmailMessage.objects.create(recipient=recipient, user=user, topic=topic, subject=subject, body=body,
                                       status=EmailStatus.HELD)


def emails_release(*, email_ids: Iterable[int]) -> list[int]:
    """Queue the held emails among ``email_ids`` (others are left alone); returns the ids queued.

    The rows are locked so that two staff members releasing at once queue each email once.
    """
    from innocore.tasks import email_send

    with transaction.atomic():
        ids = list(EmailMessage.objects.select_for_update().filter(pk__in=list(email_ids), status=EmailStatus.HELD)
                   .order_by("pk").values_list("pk", flat=True))
        EmailMessage.objects.filter(pk__in=ids).update(status=EmailStatus.QUEUED)
        for pk in ids:
            outbox_enqueue(task=email_send.name, kwargs={"email_id": pk})
    return ids


def emails_requeue_stuck() -> int:
    """Queue again the emails still queued ``PORTAL_STUCK_WORK_SECONDS`` after they were recorded.

    A worker that gave up (the database was down past its retries) or a message lost
    with the broker leaves an email queued for ever; delivery is idempotent, so a second
    copy of the task is harmless. Run by the beat task ``outbox_sweep``.
    """
    from innocore.tasks import email_send

    since = timezone.now() - timedelta(seconds=settings.PORTAL_STUCK_WORK_SECONDS)
    ids = EmailMessage.objects.filter(status=EmailStatus.QUEUED, created_at__lt=since).order_by("pk")
    return outbox_enqueue_unless_recent(
        task=email_send.name, kwargs_list=[{"email_id": pk} for pk in ids.values_list("pk", flat=True)[:1000]],
        since=since,
    )


def email_deliver(*, email_id: int) -> EmailMessage | None:
    """Send one recorded email. Idempotent: an email already sent is not sent again.

    A transport failure is recorded on the row (which survives) and then
    re-raised so that the Celery task retries.
    """
    failure: Exception | None = None
    with transaction.atomic():
        email = EmailMessage.objects.select_for_update().filter(pk=email_id).first()
        if email is None:
            logger.warning("email %s no longer exists", email_id)
            return None
        if email.status in (EmailStatus.SENT, EmailStatus.HELD):
            return email
        email.attempts += 1
        try:
            send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.recipient])
        except OSError as exc:
            failure = exc
            email.status = EmailStatus.FAILED
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        else:
            email.status = EmailStatus.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
        email.save(update_fields=["status", "attempts", "sent_at", "last_error"])
    if failure is not None:
        raise failure
    return email
