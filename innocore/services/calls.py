"""Writes to calls and their team quotas."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from innocore.models import Call, CallTeamQuota, ResearchTeam


@transaction.atomic
def call_team_quota_set(*, call: Call, team: ResearchTeam, quota: int) -> CallTeamQuota:
    """Give `team` `quota` slots of `call`, refusing to over-allocate the call.

    The call row is locked first, so two staff members giving slots to two
    teams at the same moment are serialised and cannot together exceed it.
    """
    if quota < 0:
        raise ValidationError({"quota": _("A quota cannot be negative.")})
    locked_call = Call.objects.select_for_update().get(pk=call.pk)
    others = (
        CallTeamQuota.objects.filter(call=locked_call).exclude(team=team).aggregate(total=Sum("quota"))["total"] or 0
    )
    if others + quota > locked_call.total_quota:
        raise ValidationError(
            {
                "quota": _("Only %(free)d of the call's %(total)d slots are not yet given to other teams.")
                % {"free": max(locked_call.total_quota - others, 0), "total": locked_call.total_quota}
            }
        )
    team_quota, _created = CallTeamQuota.objects.update_or_create(
        call=locked_call, team=team, defaults={"quota": quota}
    )
    return team_quota


@transaction.atomic
def call_total_quota_set(*, call: Call, total_quota: int) -> Call:
    """Change a call's quota; it may not fall below what its teams already hold."""
    locked_call = Call.objects.select_for_update().get(pk=call.pk)
    locked_call.total_quota = total_quota
    locked_call.full_clean()
    locked_call.save(update_fields=["total_quota"])
    return locked_call
