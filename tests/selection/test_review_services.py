import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus
from innocore.models import AuditAction, AuditEntry
from selection.errors import ReviewLocked
from selection.models import Assignment, Review, RubricCriterion, StaleReviewEdit
from selection.services.conflicts_of_interest import conflict_of_interest_declare
from selection.services.reviews import (
    review_get_or_create, review_reopen, review_save, review_start, review_submit, rubric_default_create,
    rubric_weights_check,
)
from tests.factories import AwaitingReviewApplicationFactory, CallFactory, MinistryStaffFactory, StaffFactory
from tests.selection.reviewing import assigned_pair

pytestmark = pytest.mark.django_db

FULL = {"scores": {"excellence": 5, "impact": "4", "fit": 3}, "recommendation": "support", "confidence": "4",
        "comment_to_staff": "Strong.", "note_to_applicant": ""}


def test_default_rubric_is_msca_like_and_created_once():
    call = CallFactory()
    first = rubric_default_create(call=call)
    assert [(c.key, c.weight) for c in first] == [("excellence", 50), ("impact", 30), ("fit", 20)]
    assert first[0].anchor_texts()[0] == (1, "Poor: serious weaknesses.")
    assert len(rubric_default_create(call=call)) == 3
    assert RubricCriterion.objects.filter(call=call).count() == 3


def test_weights_must_sum_to_100():
    rubric_weights_check(weights=[50, 30, 20])
    with pytest.raises(ValidationError):
        rubric_weights_check(weights=[50, 30, 30])


def test_admin_refuses_a_rubric_whose_weights_do_not_sum_to_100(client):
    call = CallFactory()
    client.force_login(StaffFactory())
    url = reverse("admin:selection_callreviewsetup_change", args=[call.pk])
    assert client.get(url).status_code == 200  # the default rubric is created on first opening
    criteria = list(RubricCriterion.objects.filter(call=call).order_by("position"))
    data = {"review_settings-TOTAL_FORMS": "1", "review_settings-INITIAL_FORMS": "0",
            "review_settings-MIN_NUM_FORMS": "0", "review_settings-MAX_NUM_FORMS": "1",
            "review_settings-0-blind": "on", "review_settings-0-call": call.pk,
            "rubric_criteria-TOTAL_FORMS": "3", "rubric_criteria-INITIAL_FORMS": "3",
            "rubric_criteria-MIN_NUM_FORMS": "0", "rubric_criteria-MAX_NUM_FORMS": "1000"}
    for i, c in enumerate(criteria):
        data.update({f"rubric_criteria-{i}-id": c.pk, f"rubric_criteria-{i}-call": call.pk,
                     f"rubric_criteria-{i}-position": c.position, f"rubric_criteria-{i}-key": c.key,
                     f"rubric_criteria-{i}-label_en": c.label_en, f"rubric_criteria-{i}-weight": c.weight,
                     f"rubric_criteria-{i}-scale_low": 1, f"rubric_criteria-{i}-scale_high": 5,
                     f"rubric_criteria-{i}-anchors": "[]"})
    data["rubric_criteria-0-weight"] = "60"
    response = client.post(url, data)
    assert response.status_code == 200 and "must sum to 100" in response.content.decode()
    data["rubric_criteria-0-weight"] = "50"
    assert client.post(url, data).status_code == 302
    assert call.review_settings.blind


def test_confirming_no_conflict_starts_the_review_once_and_is_audited():
    application, (profile,) = assigned_pair()
    assignment = review_start(application=application, reviewer=profile, by=profile.user)
    started = assignment.review_started_at
    assert started is not None
    assert review_start(application=application, reviewer=profile, by=profile.user).review_started_at == started
    assert AuditEntry.objects.filter(action=AuditAction.REVIEW_START, actor=profile.user).count() == 1


def test_a_conflicted_or_unassigned_reviewer_cannot_start():
    application, (profile, other) = assigned_pair(reviewers=2)
    conflict_of_interest_declare(reviewer=profile, application=application, by=profile.user)
    assert not Assignment.objects.filter(reviewer=profile).exists()
    with pytest.raises(PermissionDenied):
        review_start(application=application, reviewer=profile, by=profile.user)
    with pytest.raises(PermissionDenied):
        review_start(application=application, reviewer=other, by=profile.user)


def test_draft_saves_partial_values_and_a_stale_save_is_kept_not_applied():
    application, (profile,) = assigned_pair()
    rubric_default_create(call=application.call)
    review = review_get_or_create(application=application, reviewer=profile)
    result = review_save(review=review, data={"scores": {"excellence": "4"}}, based_on=review.version,
                         by=profile.user)
    assert result.saved and result.review.scores == {"excellence": 4} and result.review.version == 2
    stale = review_save(review=review, data={"scores": {"excellence": 2}}, based_on=1, by=profile.user)
    assert not stale.saved
    review.refresh_from_db()
    assert review.scores == {"excellence": 4}
    assert StaleReviewEdit.objects.get(review=review).data["scores"] == {"excellence": 2}


@pytest.mark.parametrize("scores", [{"nope": 3}, {"excellence": 6}, {"excellence": "4.5"}, {"excellence": 0}, [3]])
def test_scores_are_checked_against_the_rubric(scores):
    application, (profile,) = assigned_pair()
    rubric_default_create(call=application.call)
    review = review_get_or_create(application=application, reviewer=profile)
    with pytest.raises(ValidationError):
        review_save(review=review, data={"scores": scores}, based_on=review.version, by=profile.user)


def test_submit_needs_everything_then_is_refused_a_second_time():
    application, (profile,) = assigned_pair()
    rubric_default_create(call=application.call)
    review = review_get_or_create(application=application, reviewer=profile)
    partial = review_save(review=review, data={"scores": {"fit": 3}}, based_on=1, by=profile.user).review
    with pytest.raises(ValidationError) as excinfo:
        review_submit(review=partial, based_on=partial.version, by=profile.user)
    assert set(excinfo.value.message_dict) == {"scores", "recommendation", "confidence"}
    saved = review_save(review=review, data=FULL, based_on=partial.version, by=profile.user).review
    submitted = review_submit(review=saved, based_on=saved.version, by=profile.user)
    assert submitted.is_submitted and submitted.submitted_at
    with pytest.raises(ReviewLocked):
        review_submit(review=submitted, based_on=submitted.version, by=profile.user)
    with pytest.raises(ReviewLocked):
        review_save(review=submitted, data=FULL, based_on=submitted.version, by=profile.user)


def test_only_staff_reopen_with_a_reason_and_it_is_logged():
    application, (profile,) = assigned_pair()
    rubric_default_create(call=application.call)
    review = review_get_or_create(application=application, reviewer=profile)
    saved = review_save(review=review, data=FULL, based_on=1, by=profile.user).review
    review_submit(review=saved, based_on=saved.version, by=profile.user)
    submitted = AuditEntry.objects.get(action=AuditAction.REVIEW_SUBMIT)
    assert submitted.actor_id == profile.user_id and submitted.target_id == str(review.pk)
    staff = MinistryStaffFactory()
    with pytest.raises(PermissionDenied):
        review_reopen(review=review, reason="typo", by=profile.user)
    with pytest.raises(ValidationError):
        review_reopen(review=review, reason="  ", by=staff)
    reopened = review_reopen(review=review, reason="Scores swapped by mistake", by=staff)
    assert not reopened.is_submitted and reopened.reopened_by == staff and reopened.submitted_at is None
    entry = AuditEntry.objects.get(action=AuditAction.REVIEW_REOPEN)
    assert entry.reason == "Scores swapped by mistake"
    with pytest.raises(ValidationError):
        review_reopen(review=review, reason="again", by=staff)


def test_database_refuses_two_reviews_of_a_pair_and_a_submitted_review_without_a_date():
    application, (profile,) = assigned_pair()
    review_get_or_create(application=application, reviewer=profile)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(application=application, reviewer=profile)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(reviewer=profile).update(status="submitted")
    Review.objects.filter(reviewer=profile).update(status="submitted", submitted_at=timezone.now())


def test_an_application_out_of_review_cannot_be_started():
    reviewed, (profile,) = assigned_pair()
    withdrawn = AwaitingReviewApplicationFactory(call=reviewed.call, status=ApplicationStatus.WITHDRAWN)
    Assignment.objects.create(run=Assignment.objects.get(reviewer=profile).run, application=withdrawn,
                              reviewer=profile)
    application = withdrawn
    with pytest.raises(ValidationError):
        review_start(application=application, reviewer=profile, by=profile.user)
    assert Assignment.objects.get(reviewer=profile, application=withdrawn).review_started_at is None
