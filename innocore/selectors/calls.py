"""Reads of calls and their teams."""
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from innocore.models import Call, CallTeamQuota


def call_current(*, at: datetime | None = None) -> Call | None:
    """The call to show first: the open one closing soonest, else the next to open, else the latest."""
    moment = at or timezone.now()
    open_call = Call.objects.filter(opens_at__lte=moment, closes_at__gt=moment).order_by("closes_at").first()
    if open_call:
        return open_call
    upcoming = Call.objects.filter(opens_at__gt=moment).order_by("opens_at").first()
    if upcoming:
        return upcoming
    return Call.objects.order_by("-closes_at").first()


def call_team_quotas(*, call: Call) -> QuerySet[CallTeamQuota]:
    return (
        CallTeamQuota.objects.filter(call=call)
        .select_related("team", "team__institute")
        .order_by("team__institute__code", "team__code")
    )


def call_institute_quotas(*, call: Call) -> list[dict]:
    """Per institute, largest share first: the institute, the slots its teams hold in the call, and those teams."""
    rows: dict[str, dict] = {}
    for team_quota in call_team_quotas(call=call):
        institute = team_quota.team.institute
        row = rows.setdefault(institute.code, {"institute": institute, "quota": 0, "team_quotas": []})
        row["quota"] += team_quota.quota
        row["team_quotas"].append(team_quota)
    return sorted(rows.values(), key=lambda row: (-row["quota"], row["institute"].code))


def call_list_not_closed(*, at: datetime | None = None) -> QuerySet[Call]:
    """Calls one can still apply to, or soon will: open or upcoming, closing soonest first."""
    return Call.objects.filter(closes_at__gt=at or timezone.now()).order_by("closes_at")
