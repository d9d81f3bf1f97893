"""A call ready for the match: teams with quotas, applications under review that chose teams, scored reviews."""
from django.utils import timezone

from applications.models import TeamPreference
from selection.models import Assignment, AssignmentRun, Review, RubricCriterion, RunStatus
from tests.factories import (
    ApplicationFactory, CallFactory, CallTeamQuotaFactory, MinistryStaffFactory, ReviewerProfileFactory,
)


def match_call(*, scores, choices, quotas, total=None, status="under_review", reviewers=3):
    """``scores``: one score (1-5) per application, the same from each of ``reviewers`` reviewers plus a small
    per-reviewer spread so that the ranking is clear; ``choices``: per application, team indices in preference
    order. Returns (call, [CallTeamQuota], [Application])."""
    call = CallFactory(total_quota=sum(quotas) if total is None else total)
    RubricCriterion.objects.create(call=call, key="merit", label_en="Merit", weight=100)
    team_quotas = [CallTeamQuotaFactory(call=call, quota=quota) for quota in quotas]
    profiles = [ReviewerProfileFactory() for _ in range(reviewers)]
    run = AssignmentRun.objects.create(call=call, status=RunStatus.PUBLISHED, stage="done",
                                       published_at=timezone.now(), published_by=MinistryStaffFactory())
    applications = []
    for score, chosen in zip(scores, choices):
        application = ApplicationFactory(call=call, status=status, submitted_at=timezone.now())
        for rank, index in enumerate(chosen, start=1):
            TeamPreference.objects.create(application=application, rank=rank, team=team_quotas[index].team)
        for profile in profiles:
            Assignment.objects.create(run=run, application=application, reviewer=profile)
            if score is not None:
                Review.objects.create(application=application, reviewer=profile, status="submitted",
                                      submitted_at=timezone.now(), scores={"merit": score})
        applications.append(application)
    return call, team_quotas, applications
