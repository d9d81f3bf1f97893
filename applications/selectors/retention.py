"""Which applications are past their retention period: the one place that defines "unsuccessful".

An application is *unsuccessful*, and so deleted ``call.retention_days_unsuccessful`` days
after its call closed, when its status is one of:

- ``draft``: never submitted (a started form is not an application);
- ``withdrawn``: the applicant took it back;
- ``ineligible``: it failed the eligibility rules (after any staff override);
- ``not_selected``: the selection passed it over;
- ``declined``: the applicant turned the offer down;
- ``waitlisted``: on a waiting list, but only once the call's selection is over, i.e. no
  application of the call is still ``selected`` (its offer not yet sent) or ``offered`` (an
  offer awaiting an answer): while one is, a decline can still move the seat down the list.

Everything else is kept: ``selected``, ``offered`` and ``accepted`` are successful (a fellow's
file follows the employment rules, not this setting), and an application still in progress
(submitted, information requested, under eligibility review, awaiting or under review,
reviewed) waits for staff to decide it: the purge never decides for them.
"""
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from applications.models import Application, ApplicationStatus
from innocore.models import Call

UNSUCCESSFUL_STATUSES = frozenset({
    ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN, ApplicationStatus.INELIGIBLE,
    ApplicationStatus.NOT_SELECTED, ApplicationStatus.DECLINED,
})
# Unsuccessful only once no application of the call holds or awaits a seat.
UNSUCCESSFUL_ONCE_SELECTION_IS_OVER = frozenset({ApplicationStatus.WAITLISTED})
SELECTION_STILL_OPEN = frozenset({ApplicationStatus.SELECTED, ApplicationStatus.OFFERED})


def call_retention_ends_at(*, call: Call) -> datetime:
    """When the unsuccessful applications of ``call`` are due for deletion."""
    return call.closes_at + timedelta(days=call.retention_days_unsuccessful)


def calls_past_retention(*, now: datetime) -> list[Call]:
    """The calls whose retention period has ended (few rows: one per call ever run)."""
    calls = Call.objects.filter(closes_at__lte=now).order_by("closes_at", "pk")
    return [call for call in calls if call_retention_ends_at(call=call) <= now]


def applications_unsuccessful(*, call: Call) -> QuerySet[Application]:
    """The applications of ``call`` that are unsuccessful as this module's docstring defines it."""
    statuses = set(UNSUCCESSFUL_STATUSES)
    if not Application.objects.filter(call=call, status__in=SELECTION_STILL_OPEN).exists():
        statuses |= UNSUCCESSFUL_ONCE_SELECTION_IS_OVER
    return Application.objects.filter(call=call, status__in=sorted(statuses))


def applications_past_retention(*, now: datetime) -> QuerySet[Application]:
    """Every unsuccessful application whose call closed more than its retention period before ``now``."""
    query = Q(pk__in=[])
    for call in calls_past_retention(now=now):
        query |= Q(pk__in=applications_unsuccessful(call=call).values("pk"))
    return Application.objects.filter(query).select_related("call").order_by("call_id", "pk")
