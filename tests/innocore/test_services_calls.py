import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from innocore.models import CallTeamQuota
from innocore.services.calls import call_team_quota_set, call_team_quotas_replace
from tests.factories import CallFactory, ResearchTeamFactory

pytestmark = pytest.mark.django_db


def test_quota_set_creates_then_updates():
    call, team = CallFactory(total_quota=20), ResearchTeamFactory()
    call_team_quota_set(call=call, team=team, quota=5)
    call_team_quota_set(call=call, team=team, quota=12)
    assert CallTeamQuota.objects.get(call=call, team=team).quota == 12


def test_quota_set_refuses_to_over_allocate_and_says_by_how_much():
    call = CallFactory(total_quota=20)
    call_team_quota_set(call=call, team=ResearchTeamFactory(), quota=15)
    with pytest.raises(ValidationError) as excinfo:
        call_team_quota_set(call=call, team=ResearchTeamFactory(), quota=6)
    assert "add up to 21, more than the call's quota of 20" in excinfo.value.message_dict["quota"][0]


def test_slots_move_between_teams_in_one_change_and_a_changed_total_is_checked_by_the_same_rule():
    call = CallFactory(total_quota=20)
    first, second = ResearchTeamFactory(), ResearchTeamFactory()
    call_team_quotas_replace(call=call, quotas={first.pk: 20})
    call_team_quotas_replace(call=call, quotas={first.pk: 5, second.pk: 15})
    assert dict(CallTeamQuota.objects.filter(call=call).values_list("team_id", "quota")) == {first.pk: 5, second.pk: 15}
    call_team_quotas_replace(call=call, quotas={}, remove=[first.pk])
    assert list(CallTeamQuota.objects.filter(call=call).values_list("team_id", flat=True)) == [second.pk]
    call.total_quota = 10
    with pytest.raises(ValidationError) as excinfo:
        call.full_clean()  # what the admin's form runs when the total changes
    assert "add up to 15, more than the call's quota of 10" in str(excinfo.value)


def test_quota_set_refuses_negative():
    with pytest.raises(ValidationError):
        call_team_quota_set(call=CallFactory(), team=ResearchTeamFactory(), quota=-1)


def test_total_quota_cannot_drop_below_the_teams():
    call = CallFactory(total_quota=20)
    call_team_quota_set(call=call, team=ResearchTeamFactory(), quota=15)
    call.total_quota = 10
    with pytest.raises(ValidationError):
        call.full_clean()
    call.total_quota = 15
    call.full_clean()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_staff_giving_slots_at_once_never_exceed_the_call():
    """Eight threads each try to give 30 of 100 slots to their own team at the same moment."""
    call = CallFactory(total_quota=100)
    teams = [ResearchTeamFactory() for _ in range(8)]
    barrier = threading.Barrier(len(teams))
    outcomes: list[str] = []

    def give(team):
        try:
            barrier.wait()
            call_team_quota_set(call=call, team=team, quota=30)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=give, args=(team,)) for team in teams]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 3
    assert outcomes.count("refused") == 5
    assert sum(CallTeamQuota.objects.filter(call=call).values_list("quota", flat=True)) == 90
