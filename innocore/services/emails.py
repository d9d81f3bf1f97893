"""Email goes out through Celery and every message is kept for the user to see."""
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from innocore.models import EmailMessage, User
from innocore.models.email import EmailStatus

logger = logging.getLogger(__name__)


def email_queue(*, recipient: str, subject: str, body: str, user: User | None = None, topic: str = "") -> EmailMessage:
    """Record an email and send it once the surrounding transaction commits."""
    from innocore.tasks import email_send

    email = EmailMessage.objects.create(recipient=recipient, user=user, topic=topic, subject=subject, body=body)
    transaction.on_commit(lambda: email_send.delay(email_id=email.pk))
    return email


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
        if email.status == EmailStatus.SENT:
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
