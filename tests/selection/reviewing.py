"""A published assignment of one application to one reviewer, for the review tests."""
from django.utils import timezone

from selection.models import Assignment, AssignmentRun, RunStatus
from tests.factories import AwaitingReviewApplicationFactory, CallFactory, MinistryStaffFactory, ReviewerProfileFactory


def assigned_pair(*, call=None, reviewers: int = 1):
    """(application, [reviewer profiles]) with a published run giving the application to each reviewer."""
    call = call or CallFactory()
    application = AwaitingReviewApplicationFactory(call=call)
    run = AssignmentRun.objects.create(call=call, status=RunStatus.PUBLISHED, stage="done",
                                       published_at=timezone.now(), published_by=MinistryStaffFactory())
    profiles = [ReviewerProfileFactory() for _ in range(reviewers)]
    for profile in profiles:
        Assignment.objects.create(run=run, application=application, reviewer=profile)
    return application, profiles


def dossier_under_review(*, blind: bool = False, reviewers: int = 1):
    """A complete, submitted application (documents, one referee letter received) under review, given by a
    published run to ``reviewers`` reviewers: (application, [profiles], referee with the letter).
    Needs MEDIA_ROOT pointed at a temporary directory."""
    from applications.models import ApplicationStatus
    from applications.services.referees import referee_letter_upload, referee_token
    from applications.services.status import application_status_change
    from applications.services.submission import application_submit
    from selection.models import ReviewSettings
    from tests.applications.dossiers import complete_application, pdf_upload
    from tests.factories import UserFactory

    call = CallFactory()
    ministry = MinistryStaffFactory()
    application = complete_application(call=call, applicant=UserFactory())
    received = application.referees.order_by("pk")[0]
    referee_letter_upload(token=referee_token(referee=received), file=pdf_upload("letter.pdf"))
    application_submit(application=application, by=application.applicant)
    application_status_change(application=application, to=ApplicationStatus.AWAITING_REVIEW, by=ministry)
    application_status_change(application=application, to=ApplicationStatus.UNDER_REVIEW, by=ministry)
    ReviewSettings.objects.create(call=call, blind=blind)
    run = AssignmentRun.objects.create(call=call, status=RunStatus.PUBLISHED, stage="done",
                                       published_at=timezone.now(), published_by=ministry)
    profiles = [ReviewerProfileFactory() for _ in range(reviewers)]
    for profile in profiles:
        Assignment.objects.create(run=run, application=application, reviewer=profile)
    return application, profiles, received
