"""Staff adjust a proposed assignment by hand and publish it; conflicts hold also by hand."""
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.models import ApplicationStatus
from selection.models import Assignment, AssignmentSource, ConflictOfInterest, ConflictOfInterestSource, RunStatus
from selection.services.assignment_edit import assignment_manual_add, assignment_manual_remove, assignment_publish
from tests.factories import (
    AssignmentRunFactory, AwaitingReviewApplicationFactory, ReviewerProfileFactory, StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed():
    application = AwaitingReviewApplicationFactory()
    return AssignmentRunFactory(call=application.call), application


def test_manual_add_of_a_conflicted_pair_is_refused_with_the_source(proposed):
    run, application = proposed
    reviewer = ReviewerProfileFactory()
    ConflictOfInterest.objects.create(application=application, reviewer=reviewer,
                                      source=ConflictOfInterestSource.COAUTHOR)
    with pytest.raises(ValidationError, match=r"conflict of interest with .* \(Co-author\)"):
        assignment_manual_add(run=run, application=application, reviewer=reviewer, by=StaffFactory())
    assert not Assignment.objects.exists()


def test_manual_add_respects_loads_duplicates_and_the_run_state(proposed):
    run, application = proposed
    staff = StaffFactory()
    reviewer = ReviewerProfileFactory(max_load=1)
    added = assignment_manual_add(run=run, application=application, reviewer=reviewer, by=staff)
    assert added.source == AssignmentSource.MANUAL and added.created_by == staff
    with pytest.raises(ValidationError, match="already reviews"):
        assignment_manual_add(run=run, application=application, reviewer=reviewer, by=staff)
    other = AwaitingReviewApplicationFactory(call=run.call)
    with pytest.raises(ValidationError, match="their maximum"):
        assignment_manual_add(run=run, application=other, reviewer=reviewer, by=staff)
    with pytest.raises(ValidationError, match="not completed"):
        assignment_manual_add(run=run, application=other, reviewer=ReviewerProfileFactory(profile_completed_at=None),
                              by=staff)
    run.status = RunStatus.RUNNING
    run.save()
    with pytest.raises(ValidationError, match="Only a proposed assignment"):
        assignment_manual_add(run=run, application=other, reviewer=ReviewerProfileFactory(), by=staff)


def test_manual_remove_refuses_a_started_review(proposed):
    run, application = proposed
    staff = StaffFactory()
    fresh, started = ReviewerProfileFactory(), ReviewerProfileFactory()
    Assignment.objects.create(run=run, application=application, reviewer=fresh)
    Assignment.objects.create(run=run, application=application, reviewer=started, review_started_at=timezone.now())
    assignment_manual_remove(run=run, application=application, reviewer=fresh, by=staff)
    with pytest.raises(ValidationError, match="already started"):
        assignment_manual_remove(run=run, application=application, reviewer=started, by=staff)
    with pytest.raises(ValidationError, match="not assigned"):
        assignment_manual_remove(run=run, application=application, reviewer=fresh, by=staff)


def test_publish_emails_each_reviewer_once_and_moves_the_applications(proposed, django_capture_on_commit_callbacks):
    run, application = proposed
    second = AwaitingReviewApplicationFactory(call=run.call)
    one, two = ReviewerProfileFactory(), ReviewerProfileFactory()
    for a, r in [(application, one), (second, one), (application, two)]:
        Assignment.objects.create(run=run, application=a, reviewer=r)
    earlier = AssignmentRunFactory(call=run.call, status=RunStatus.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        assignment_publish(run=run, by=StaffFactory())
    run.refresh_from_db()
    earlier.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED and run.published_at and earlier.status == RunStatus.SUPERSEDED
    assert set(Assignment.objects.values_list("run__status", flat=True)) == {RunStatus.PUBLISHED}  # the run's state
    application.refresh_from_db()
    second.refresh_from_db()
    assert application.status == second.status == ApplicationStatus.UNDER_REVIEW
    assert sorted(m.to[0] for m in mail.outbox) == sorted([one.user.email, two.user.email])
    to_one = next(m for m in mail.outbox if m.to == [one.user.email])
    assert application.reference in to_one.body and second.reference in to_one.body and "2 applications" in to_one.subject
    with pytest.raises(ValidationError, match="Only a proposed"):
        assignment_publish(run=run, by=StaffFactory())


@pytest.mark.postgres
def test_the_database_refuses_a_conflicted_assignment(proposed):
    """The trigger of migration selection/0002: even a raw insert cannot assign a conflicted pair."""
    run, application = proposed
    reviewer = ReviewerProfileFactory()
    ConflictOfInterest.objects.create(application=application, reviewer=reviewer,
                                      source=ConflictOfInterestSource.DECLARED_BY_REVIEWER)
    with pytest.raises(IntegrityError, match="conflict of interest"), transaction.atomic():
        Assignment.objects.create(run=run, application=application, reviewer=reviewer)
    with pytest.raises(IntegrityError, match="conflict of interest"), transaction.atomic():
        Assignment.objects.bulk_create([Assignment(run=run, application=application, reviewer=reviewer)])
    other = ReviewerProfileFactory()
    moved = Assignment.objects.create(run=run, application=application, reviewer=other)
    with pytest.raises(IntegrityError, match="conflict of interest"), transaction.atomic():
        Assignment.objects.filter(pk=moved.pk).update(reviewer=reviewer)
