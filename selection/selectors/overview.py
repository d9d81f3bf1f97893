"""The staff overview: every call with its pipeline counts, in one query."""
from dataclasses import dataclass

from django.db.models import Count, Q

from applications.models import EDITABLE_STATUSES, ApplicationStatus
from applications.models.application import HOME_COUNTRY
from innocore.models import Call


@dataclass(frozen=True)
class CallOverview:
    call: Call
    drafts: int
    submitted: int
    awaiting_review: int
    under_review: int
    overseas: int

    @property
    def competition_ratio(self) -> float | None:
        """Submitted applications per fellowship, as the ministry reports it (3.15 in 2025)."""
        return self.submitted / self.call.total_quota if self.call.total_quota else None

    @property
    def overseas_share(self) -> float | None:
        return self.overseas / self.submitted if self.submitted else None


def call_overviews() -> list[CallOverview]:
    submitted = ~Q(applications__status__in=EDITABLE_STATUSES)
    calls = Call.objects.annotate(
        n_drafts=Count("applications", filter=Q(applications__status=ApplicationStatus.DRAFT)),
        n_submitted=Count("applications", filter=submitted),
        n_awaiting=Count("applications", filter=Q(applications__status=ApplicationStatus.AWAITING_REVIEW)),
        n_under_review=Count("applications", filter=Q(applications__status=ApplicationStatus.UNDER_REVIEW)),
        n_overseas=Count("applications", filter=submitted & ~Q(applications__country_of_residence=HOME_COUNTRY)
                         & ~Q(applications__country_of_residence="")),
    ).order_by("-opens_at")
    return [
        CallOverview(call=c, drafts=c.n_drafts, submitted=c.n_submitted, awaiting_review=c.n_awaiting,
                     under_review=c.n_under_review, overseas=c.n_overseas)
        for c in calls
    ]
