"""A published assignment of one application to one reviewer, for the review tests."""
from django.utils import timezone

from selection.models import Assignment, AssignmentRun, RunStatus
from tests.factories import AwaitingReviewApplicationFactory, CallFactory, MinistryStaffFactory, ReviewerProfileFactory


def assigned_pair(*, call=None, reviewers: int = 1):
    """(application, [reviewer profiles]) with a published run giving the application to each reviewer."""
    call = call or CallFactory()
    application = AwaitingReviewApplicationFactory(call=call)
    run = AssignmentRun.objects.create(call=call, status=RunStatus.PUBLISHED, stage="done", progress=100,
                                       published_at=timezone.now(), published_by=MinistryStaffFactory())
    profiles = [ReviewerProfileFactory() for _ in range(reviewers)]
    for profile in profiles:
        Assignment.objects.create(run=run, application=application, reviewer=profile, state="published")
    return application, profiles
