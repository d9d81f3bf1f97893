"""What follows a review: the application becomes "reviewed" with its last pending review and goes back under
review when staff re-open one; nothing is saved or submitted after the call's review deadline, unless staff
re-opened the review after it."""
import json
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus
from applications.services.status import application_status_change
from innocore.models import AuditAction, AuditEntry
from selection.errors import ReviewDeadlinePassed
from selection.models import Review, ReviewSettings
from selection.services.conflicts_of_interest import conflict_of_interest_add
from selection.services.reviews import (
    application_reviews_complete, call_reviewed_application_ids, review_get_or_create, review_reopen, review_save, review_start, review_submit,
)
from tests.factories import MinistryStaffFactory
from tests.selection.reviewing import assigned_pair

FULL = {"scores": {"excellence": 5, "impact": 4, "fit": 3}, "recommendation": "support", "confidence": 4}
FORM = {"score_excellence": "5", "score_impact": "4", "score_fit": "3", "recommendation": "support",
        "confidence": "4", "comment_to_staff": "Convincing.", "note_to_applicant": ""}


def under_review(*, reviewers: int):
    application, profiles = assigned_pair(reviewers=reviewers)
    application_status_change(application=application, to=ApplicationStatus.UNDER_REVIEW, by=MinistryStaffFactory())
    for profile in profiles:
        review_start(application=application, reviewer=profile, by=profile.user)
    return application, profiles


def submit(application, profile):
    review = review_get_or_create(application=application, reviewer=profile)
    saved = review_save(review=review, data=FULL, based_on=review.version, by=profile.user).review
    return review_submit(review=saved, based_on=saved.version, by=profile.user)


def status_changes(application):
    return list(AuditEntry.objects.filter(action=AuditAction.STATUS_CHANGE, target_id=str(application.pk))
                .order_by("pk").values_list("data__to", "reason"))


@pytest.mark.django_db
def test_the_last_pending_review_makes_the_application_reviewed_and_reopening_takes_it_back():
    application, (first, second, conflicted) = under_review(reviewers=3)
    conflict_of_interest_add(
        reviewer=conflicted, application=application, detail="Co-author", by=MinistryStaffFactory()
    )
    submit(application, first)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW and not application_reviews_complete(
        application=application)
    review = submit(application, second)  # the conflicted reviewer's assignment is not waited for
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REVIEWED
    assert status_changes(application)[-1] == ("reviewed", "all reviews submitted")

    review_reopen(review=review, reason="Scores swapped", by=MinistryStaffFactory())
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW
    assert status_changes(application)[-1] == ("under_review", "a review was re-opened")
    submit(application, second)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REVIEWED


@pytest.mark.django_db
def test_the_whole_call_version_agrees_with_the_one_by_one_check():
    application, (first, second) = under_review(reviewers=2)
    call = application.call
    assert call_reviewed_application_ids(call=call) == set()
    Review.objects.create(application=application, reviewer=first, status="submitted", submitted_at=timezone.now())
    assert call_reviewed_application_ids(call=call) == set() and not application_reviews_complete(
        application=application)
    conflict_of_interest_add(reviewer=second, application=application, detail="Same lab", by=MinistryStaffFactory())
    assert call_reviewed_application_ids(call=call) == {application.pk}
    assert application_reviews_complete(application=application)


@pytest.mark.django_db
def test_an_application_in_another_status_is_left_alone():
    application, (profile,) = assigned_pair()  # awaiting review: staff have not moved it under review
    review_start(application=application, reviewer=profile, by=profile.user)
    submit(application, profile)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_REVIEW


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_last_reviews_submitted_at_once_make_the_application_reviewed(attempt):
    application, profiles = under_review(reviewers=2)
    drafts = []
    for profile in profiles:
        review = review_get_or_create(application=application, reviewer=profile)
        drafts.append(review_save(review=review, data=FULL, based_on=review.version, by=profile.user).review)
    barrier = threading.Barrier(2)
    outcomes = []

    def go(review, profile):
        try:
            barrier.wait()
            review_submit(review=review, based_on=review.version, by=profile.user)
            outcomes.append("submitted")
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=pair) for pair in zip(drafts, profiles)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcomes == ["submitted", "submitted"]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REVIEWED


@pytest.mark.django_db
def test_no_save_or_submission_after_the_review_deadline_until_staff_reopen(client):
    application, (profile,) = under_review(reviewers=1)
    draft = review_get_or_create(application=application, reviewer=profile)
    draft = review_save(review=draft, data={"scores": {"excellence": 4}}, based_on=1, by=profile.user).review
    ReviewSettings.objects.update_or_create(call=application.call,
                                            defaults={"review_deadline": timezone.now() - timedelta(hours=1)})
    with pytest.raises(ReviewDeadlinePassed, match="review deadline passed"):
        review_save(review=draft, data=FULL, based_on=draft.version, by=profile.user)
    with pytest.raises(ReviewDeadlinePassed):
        review_submit(review=draft, based_on=draft.version, by=profile.user)

    client.force_login(profile.user)
    url = reverse("selection:review_form", args=[application.pk])
    page = client.get(url).content.decode()
    assert "The review deadline passed on" in page and "Submit the review" not in page and "disabled" in page
    autosave = client.post(url, {**FORM, "version": str(draft.version)}, HTTP_X_AUTOSAVE="1")
    assert autosave.status_code == 409
    assert json.loads(autosave.content) == {**json.loads(autosave.content), "locked": True, "deadline": True}
    posted = client.post(url, {**FORM, "version": str(draft.version), "submit": "1"})
    assert posted.status_code == 409 and "The review deadline passed on" in posted.content.decode()
    assert "Convincing." in posted.content.decode()  # what was typed is still on the page
    draft.refresh_from_db()
    assert draft.scores == {"excellence": 4} and not draft.is_submitted


@pytest.mark.django_db
def test_a_review_reopened_after_the_deadline_can_be_submitted_again_once(client):
    application, (profile,) = under_review(reviewers=1)
    review = submit(application, profile)
    ReviewSettings.objects.update_or_create(call=application.call,
                                            defaults={"review_deadline": timezone.now() - timedelta(minutes=1)})
    review_reopen(review=review, reason="Late correction allowed", by=MinistryStaffFactory())
    client.force_login(profile.user)
    url = reverse("selection:review_form", args=[application.pk])
    review.refresh_from_db()
    assert "The review deadline passed on" not in client.get(url).content.decode()
    assert client.post(url, {**FORM, "version": str(review.version), "submit": "1"}).status_code == 302
    review = Review.objects.get(pk=review.pk)
    assert review.is_submitted
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REVIEWED


@pytest.mark.django_db
def test_a_review_reopened_before_the_deadline_closes_with_it():
    application, (profile,) = under_review(reviewers=1)
    review = review_reopen(review=submit(application, profile), reason="Check", by=MinistryStaffFactory())
    Review.objects.filter(pk=review.pk).update(reopened_at=timezone.now() - timedelta(hours=2))
    ReviewSettings.objects.update_or_create(call=application.call,
                                            defaults={"review_deadline": timezone.now() - timedelta(hours=1)})
    review.refresh_from_db()
    with pytest.raises(ReviewDeadlinePassed):
        review_submit(review=review, based_on=review.version, by=profile.user)
