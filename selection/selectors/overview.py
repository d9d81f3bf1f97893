"""The staff overview: every call with its pipeline counts, in one query.

Ministry staff count every application against the call's quota; institute staff count
their institute's applications (applications_visible_to_staff) against their teams' quotas.
"""
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from applications.models import EDITABLE_STATUSES, ApplicationStatus
from applications.origin import overseas_q
from applications.permissions import applications_visible_to_staff
from innocore.models import Call, CallTeamQuota, User


@dataclass(frozen=True)
class CallOverview:
    call: Call
    quota: int
    drafts: int
    submitted: int
    awaiting_review: int
    under_review: int
    overseas: int

    @property
    def competition_ratio(self) -> float | None:
        """Submitted applications per fellowship, as the ministry reports it (3.15 in 2025)."""
        return self.submitted / self.quota if self.quota else None

    @property
    def overseas_share(self) -> float | None:
        return self.overseas / self.submitted if self.submitted else None


def call_overviews(*, user: User) -> list[CallOverview]:
    if user.has_perm("applications.view_all_applications"):
        scope, quota = Q(), F("total_quota")
    else:
        scope = Q(applications__in=applications_visible_to_staff(user=user).values("pk"))
        team_quotas = (
            CallTeamQuota.objects.filter(call=OuterRef("pk"), team__institute_id=user.institute_id)
            .order_by().values("call").annotate(total=Sum("quota")).values("total")
        )
        quota = Coalesce(Subquery(team_quotas, output_field=IntegerField()), 0)
    submitted = scope & ~Q(applications__status__in=EDITABLE_STATUSES)
    calls = Call.objects.annotate(
        n_quota=quota,
        n_drafts=Count("applications", filter=scope & Q(applications__status=ApplicationStatus.DRAFT)),
        n_submitted=Count("applications", filter=submitted),
        n_awaiting=Count("applications", filter=scope & Q(applications__status=ApplicationStatus.AWAITING_REVIEW)),
        n_under_review=Count("applications", filter=scope & Q(applications__status=ApplicationStatus.UNDER_REVIEW)),
        n_overseas=Count("applications", filter=submitted & overseas_q("applications__")),
    ).order_by("-opens_at")
    return [
        CallOverview(call=c, quota=c.n_quota, drafts=c.n_drafts, submitted=c.n_submitted,
                     awaiting_review=c.n_awaiting, under_review=c.n_under_review, overseas=c.n_overseas)
        for c in calls
    ]
