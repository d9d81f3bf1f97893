"""Reminders to reviewers with reviews left, N days and 1 day before the review deadline."""
from datetime import timedelta

import pytest
from django.utils import timezone

from innocore.models import EmailMessage
from selection.models import ConflictOfInterest, Review, ReviewDeadlineReminder, ReviewSettings
from selection.services.review_reminders import review_reminder_days, review_reminders_send
from tests.selection.reviewing import assigned_pair

pytestmark = pytest.mark.django_db


def _call_due_in(*, days: float, reviewers: int = 2):
    application, profiles = assigned_pair(reviewers=reviewers)
    now = timezone.now()
    ReviewSettings.objects.create(call=application.call, review_deadline=now + timedelta(days=days))
    return application, profiles, now


def _submit(application, profile):
    Review.objects.create(application=application, reviewer=profile, status="submitted",
                          submitted_at=timezone.now(), scores={"excellence": 4})


def _reminded():
    return sorted(ReviewDeadlineReminder.objects.values_list("reviewer_id", "days_before"))


def test_a_reminder_goes_out_once_per_threshold(settings):
    settings.PORTAL_REVIEW_REMINDER_DAYS = 3
    application, profiles, now = _call_due_in(days=2.5)
    assert review_reminders_send(now=now) == 2
    assert review_reminders_send(now=now) == 0
    assert review_reminders_send(now=now + timedelta(hours=6)) == 0
    assert _reminded() == sorted((p.pk, 3) for p in profiles)
    assert review_reminders_send(now=now + timedelta(days=1.6)) == 2  # now within a day
    assert review_reminders_send(now=now + timedelta(days=2)) == 0
    assert _reminded() == sorted([(p.pk, 3) for p in profiles] + [(p.pk, 1) for p in profiles])
    emails = EmailMessage.objects.filter(topic=f"review-deadline:{application.call.code}")
    assert emails.count() == 4
    assert sorted(set(emails.values_list("recipient", flat=True))) == sorted(p.user.email for p in profiles)
    body = emails.first().body
    assert "1 review left to submit" in body and "/review/" in body


def test_a_reviewer_first_due_within_a_day_gets_one_reminder_not_two():
    _application, profiles, now = _call_due_in(days=0.5, reviewers=1)
    assert review_reminders_send(now=now) == 1
    assert _reminded() == [(profiles[0].pk, 1)]


def test_no_reminder_to_a_reviewer_whose_reviews_are_all_submitted():
    application, (done, busy), now = _call_due_in(days=2)
    _submit(application, done)
    Review.objects.create(application=application, reviewer=busy, status="draft")  # a draft is work left
    assert review_reminders_send(now=now) == 1
    assert _reminded() == [(busy.pk, 3)]


def test_no_reminder_for_a_conflicted_assignment():
    application, (conflicted, free), now = _call_due_in(days=2)
    ConflictOfInterest.objects.create(application=application, reviewer=conflicted, source="declared_by_reviewer")
    assert review_reminders_send(now=now) == 1
    assert _reminded() == [(free.pk, 3)]


def test_no_reminder_for_an_assignment_not_published():
    application, _profiles, now = _call_due_in(days=2)
    application.call.assignment_runs.update(status="proposed")
    assert review_reminders_send(now=now) == 0


def test_no_reminder_before_the_threshold(settings):
    settings.PORTAL_REVIEW_REMINDER_DAYS = 3
    _application, _profiles, now = _call_due_in(days=3.2)
    assert review_reminders_send(now=now) == 0
    assert review_reminders_send(now=now, days=4) == 2  # N per call of the service
    assert set(ReviewDeadlineReminder.objects.values_list("days_before", flat=True)) == {4}


def test_no_reminder_after_the_deadline_or_without_one():
    application, _profiles, now = _call_due_in(days=-0.1)
    assert review_reminders_send(now=now) == 0
    ReviewSettings.objects.filter(call=application.call).update(review_deadline=None)
    assert review_reminders_send(now=now) == 0
    assert not EmailMessage.objects.filter(topic__startswith="review-deadline:").exists()


def test_the_thresholds_refuse_a_first_reminder_under_a_day():
    assert review_reminder_days(days=3) == (1, 3)
    assert review_reminder_days(days=1) == (1,)
    with pytest.raises(ValueError):
        review_reminder_days(days=0)


def test_the_reminder_task_runs_on_beat(settings):
    from selection.tasks import review_deadline_reminders

    assert settings.CELERY_BEAT_SCHEDULE["review-deadline-reminders"]["task"] == review_deadline_reminders.name
    _call_due_in(days=0.5, reviewers=1)
    assert review_deadline_reminders() == 1
