from collections import Counter

import pytest
from django.core.management import call_command

from applications.demo_profiles import synthetic_applicant
from applications.models import Application
from innocore.models import Call, CallTeamQuota, Institute, ResearchTeam, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug(settings):
    settings.DEBUG = True


def test_seed_demo_refuses_production_without_the_flag(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_seed_demo_is_idempotent():
    call_command("seed_demo", "--applications", "25", stdout=open("/dev/null", "w"))
    counts = (Institute.objects.count(), ResearchTeam.objects.count(), Call.objects.count(),
              CallTeamQuota.objects.count(), User.objects.count(), Application.objects.count())
    call_command("seed_demo", "--applications", "25", stdout=open("/dev/null", "w"))
    assert counts == (Institute.objects.count(), ResearchTeam.objects.count(), Call.objects.count(),
                      CallTeamQuota.objects.count(), User.objects.count(), Application.objects.count())
    assert counts == (4, 8, 1, 8, 3 + 25, 25)
    call = Call.objects.get()
    assert call.total_quota == 400 and sum(q.quota for q in call.team_quotas.all()) == 400
    assert set(ResearchTeam.objects.values_list("is_demo", flat=True)) == {True}


def test_seeded_institute_quotas_follow_the_reported_caps():
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    per_institute = Counter()
    for quota in CallTeamQuota.objects.select_related("team__institute"):
        per_institute[quota.team.institute.code] += quota.quota
    assert per_institute == {"KAIST": 200, "UNIST": 100, "DGIST": 50, "GIST": 50}


def test_demo_logins_work(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    response = client.post("/accounts/login/", {"login": "applicant@demo.innocore.example",
                                                "password": "demo-applicant-2025"})
    assert response.status_code == 302


def test_synthetic_cohort_has_the_2025_shape():
    profiles = [synthetic_applicant(i) for i in range(4000)]
    overseas = sum(p.is_overseas for p in profiles) / len(profiles)
    assert 0.36 < overseas < 0.44  # 159 of 400 = 39.75%
    foreign = Counter(p.nationality for p in profiles if p.nationality != "KR")
    top_two = [code for code, _ in foreign.most_common(2)]
    assert top_two == ["IN", "CN"]
    assert synthetic_applicant(7) == synthetic_applicant(7)
