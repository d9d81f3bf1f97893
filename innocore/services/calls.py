"""Writes to calls and their team quotas."""
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from innocore.models import Call, CallTeamQuota, ResearchTeam
from innocore.models.call import team_quota_problem


@transaction.atomic
def call_team_quota_set(*, call: Call, team: ResearchTeam, quota: int) -> CallTeamQuota:
    """Give `team` `quota` slots of `call`, refusing to over-allocate the call.

    The call row is locked first, so two staff members giving slots to two
    teams at the same moment are serialised and cannot together exceed it.
    """
    if quota < 0:
        raise ValidationError({"quota": _("A quota cannot be negative.")})
    locked_call = Call.objects.select_for_update().get(pk=call.pk)
    call_team_quotas_replace(call=locked_call, quotas={team.pk: quota})
    return CallTeamQuota.objects.get(call=locked_call, team=team)


@transaction.atomic
def call_team_quotas_replace(*, call: Call, quotas: Mapping[int, int], remove: Iterable[int] = ()) -> None:
    """Set several teams' quotas (team id -> slots) and take teams off the call at once, as the admin's form
    does, refusing the whole change if the call would be over-allocated.

    Shrinking quotas are written before growing ones, so that moving slots from one team to another never
    passes through an over-allocated state (the trigger, and SQLite, check after every row).
    """
    if any(quota < 0 for quota in quotas.values()):
        raise ValidationError({"quota": _("A quota cannot be negative.")})
    locked_call = Call.objects.select_for_update().get(pk=call.pk)
    current = dict(CallTeamQuota.objects.filter(call=locked_call).values_list("team_id", "quota"))
    removed = set(remove)
    after = {team: slots for team, slots in {**current, **quotas}.items() if team not in removed}
    problem = team_quota_problem(total_quota=locked_call.total_quota, allocated=sum(after.values()))
    if problem:
        raise ValidationError({"quota": problem})
    CallTeamQuota.objects.filter(call=locked_call, team_id__in=removed).delete()
    for team, slots in sorted(quotas.items(), key=lambda item: item[1] - current.get(item[0], 0)):
        if team not in removed:
            CallTeamQuota.objects.update_or_create(call=locked_call, team_id=team, defaults={"quota": slots})
