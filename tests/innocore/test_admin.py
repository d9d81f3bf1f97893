import pytest
from django.urls import reverse

from innocore.models import CallTeamQuota
from tests.factories import CallFactory, CallTeamQuotaFactory, ResearchTeamFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _post_data(call, rows):
    data = {
        "code": call.code, "title_en": call.title_en, "title_ko": "", "description_en": "", "description_ko": "",
        "opens_at_0": "2030-01-01", "opens_at_1": "09:00:00", "closes_at_0": "2030-02-01", "closes_at_1": "17:00:00",
        "appointment_starts_on": "", "contract_years": "3", "total_quota": str(call.total_quota),
        "salary_krw": "90000000", "research_funding_krw": "60000000", "budget_krw": "", "document_max_mb": "10",
        "team_quotas-TOTAL_FORMS": str(len(rows)), "team_quotas-INITIAL_FORMS": str(sum(1 for r in rows if r[0])),
        "team_quotas-MIN_NUM_FORMS": "0", "team_quotas-MAX_NUM_FORMS": "1000",
    }
    for i, (pk, team, quota) in enumerate(rows):
        data.update({f"team_quotas-{i}-id": pk or "", f"team_quotas-{i}-call": call.pk,
                     f"team_quotas-{i}-team": team.pk, f"team_quotas-{i}-quota": str(quota)})
    return data


def test_admin_refuses_team_quotas_that_exceed_the_call(client):
    client.force_login(StaffFactory())
    call = CallFactory(total_quota=10)
    a, b = ResearchTeamFactory(), ResearchTeamFactory()
    response = client.post(reverse("admin:innocore_call_change", args=[call.pk]),
                           _post_data(call, [(None, a, 6), (None, b, 5)]))
    assert response.status_code == 200
    assert "add up to 11, more than the call&#x27;s quota of 10" in response.content.decode()
    assert not CallTeamQuota.objects.filter(call=call).exists()


def test_admin_can_move_slots_between_teams_in_one_save(client):
    client.force_login(StaffFactory())
    call = CallFactory(total_quota=10)
    a, b = ResearchTeamFactory(), ResearchTeamFactory()
    qa = CallTeamQuotaFactory(call=call, team=a, quota=2)
    qb = CallTeamQuotaFactory(call=call, team=b, quota=8)
    response = client.post(reverse("admin:innocore_call_change", args=[call.pk]),
                           _post_data(call, [(qa.pk, a, 8), (qb.pk, b, 2)]))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert dict(CallTeamQuota.objects.filter(call=call).values_list("team_id", "quota")) == {a.pk: 8, b.pk: 2}
