"""Deadline reminders for drafts, 72 and 24 hours before a call closes (Celery beat)."""
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import EDITABLE_STATUSES, Application, DeadlineReminder
from innocore.services.emails import email_queue
from innocore.i18n import in_language_of

# The 24-hour pass runs first, so a draft started within the last day gets one reminder, not two.
REMINDER_HOURS = (24, 72)


def deadline_reminders_send(*, now: datetime | None = None) -> int:
    """Email every unsubmitted application whose call closes within 72 (or 24) hours, once per threshold.

    Safe to run as often as beat likes: the unique (application, hours) row is
    written in the same transaction as the email, so a reminder goes out once.
    """
    now = now or timezone.now()
    sent = 0
    for hours in REMINDER_HOURS:
        due = (
            Application.objects.filter(
                status__in=EDITABLE_STATUSES, call__closes_at__gt=now, call__closes_at__lte=now + timedelta(hours=hours)
            )
            .exclude(deadline_reminders__hours_before__lte=hours)
            .select_related("call", "applicant")
        )
        for application in due:
            sent += _remind(application=application, hours=hours)
    return sent


def _remind(*, application: Application, hours: int) -> int:
    try:
        with transaction.atomic():
            DeadlineReminder.objects.create(application=application, hours_before=hours)
            with in_language_of(application.applicant):
                body = render_to_string("applications/emails/deadline_reminder.txt", {
                    "application": application, "call": application.call, "hours": hours,
                    "url": settings.SITE_URL + reverse("applications:submit", args=[application.pk]),
                })
                subject = _("%(hours)d hours left to submit your application %(reference)s") % {
                    "hours": hours, "reference": application.reference,
                }
            email_queue(recipient=application.applicant.email, user=application.applicant,
                        topic=application.email_topic, subject=subject, body=body)
    except IntegrityError:
        return 0
    return 1
