"""Reminders to reviewers with reviews left, N days and 1 day before a call's review deadline (Celery beat).

The User has no language of its own, so each reminder is written in English and in Korean, one after the other.
"""
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from innocore.i18n import in_language_of
from innocore.models import Call
from innocore.services.emails import email_queue
from selection.models import (
    Assignment, ConflictOfInterest, Review, ReviewDeadlineReminder, ReviewerProfile, ReviewSettings, ReviewStatus,
    RunStatus,
)



def review_reminder_days(*, days: int | None = None) -> tuple[int, ...]:
    """The thresholds, the 1-day one first, so that a reviewer first due within a day gets one reminder, not two."""
    first = days if days is not None else settings.PORTAL_REVIEW_REMINDER_DAYS
    if first < 1:
        raise ValueError("the first reminder must come at least one day before the deadline")
    return tuple(sorted({1, first}))


def _work_left(*, call: Call) -> dict[int, int]:
    """Reviewer id -> how many of the call's published, unconflicted assignments have no submitted review."""
    assignments = Assignment.objects.filter(run__call=call, run__status=RunStatus.PUBLISHED).values_list(
        "reviewer_id", "application_id")
    conflicted = set(
        ConflictOfInterest.objects.filter(application__call=call).values_list("reviewer_id", "application_id")
    )
    submitted = set(Review.objects.filter(application__call=call, status=ReviewStatus.SUBMITTED).values_list(
        "reviewer_id", "application_id"))
    left: dict[int, int] = defaultdict(int)
    for pair in set(assignments) - conflicted - submitted:
        left[pair[0]] += 1
    return left


def review_reminders_send(*, now: datetime | None = None, days: int | None = None) -> int:
    """Email every reviewer with reviews left on a call whose review deadline is within ``days`` (or one) days,
    once per threshold. The unique (reviewer, call, days) row is written with the email, in one transaction."""
    now = now or timezone.now()
    sent = 0
    for threshold in review_reminder_days(days=days):
        for review_settings in ReviewSettings.objects.filter(
            review_deadline__gt=now, review_deadline__lte=now + timedelta(days=threshold)
        ).select_related("call"):
            call = review_settings.call
            reminded = set(ReviewDeadlineReminder.objects.filter(call=call, days_before__lte=threshold).values_list(
                "reviewer_id", flat=True))
            left = {pk: count for pk, count in _work_left(call=call).items() if pk not in reminded}
            for reviewer in ReviewerProfile.objects.filter(pk__in=left).select_related("user"):
                sent += _remind(reviewer=reviewer, call=call, deadline=review_settings.review_deadline,
                                days=threshold, left=left[reviewer.pk])
    return sent


def _remind(*, reviewer: ReviewerProfile, call: Call, deadline: datetime, days: int, left: int) -> int:
    context = {"reviewer": reviewer, "call": call, "deadline": deadline, "days": days, "left": left,
               "url": settings.SITE_URL + reverse("selection:my_assignments")}
    with in_language_of(reviewer.user):
        body = render_to_string("selection/emails/review_deadline_reminder.txt", context)
        subject = _("%(left)d reviews left for %(call)s, due in %(days)d days") % {
            "left": left, "call": call.code, "days": days}
    try:
        with transaction.atomic():
            ReviewDeadlineReminder.objects.create(reviewer=reviewer, call=call, days_before=days)
            email_queue(recipient=reviewer.user.email, user=reviewer.user, topic=f"review-deadline:{call.code}",
                        subject=subject, body=body)
    except IntegrityError:
        return 0
    return 1
