from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from innocore.models import Call, CallTeamQuota
from tests.factories import CallFactory, CallTeamQuotaFactory, InstituteFactory, ResearchTeamFactory

pytestmark = pytest.mark.django_db


def test_call_must_close_after_it_opens_in_clean():
    now = timezone.now()
    call = CallFactory.build(opens_at=now, closes_at=now - timedelta(hours=1))
    with pytest.raises(ValidationError) as excinfo:
        call.full_clean()
    assert "closes_at" in excinfo.value.message_dict


def test_call_must_close_after_it_opens_in_the_database():
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.create(code="X", title_en="x", opens_at=now, closes_at=now)


def test_codes_are_unique_whatever_their_case():
    InstituteFactory(code="KAIST")
    with pytest.raises(IntegrityError), transaction.atomic():
        InstituteFactory(code="kaist")
    CallFactory(code="2025-A")
    with pytest.raises(IntegrityError), transaction.atomic():
        CallFactory(code="2025-a")


def test_a_team_appears_once_per_call_but_may_join_several_calls():
    team = ResearchTeamFactory()
    first, second = CallFactory(), CallFactory()
    CallTeamQuotaFactory(call=first, team=team, quota=5)
    CallTeamQuotaFactory(call=second, team=team, quota=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        CallTeamQuotaFactory(call=first, team=team, quota=1)
    assert set(team.calls.all()) == {first, second}


@pytest.mark.postgres
def test_team_quotas_never_sum_past_the_call_quota_in_the_database():
    call = CallFactory(total_quota=10)
    CallTeamQuotaFactory(call=call, quota=6)
    # Written straight to the table, bypassing every service and form.
    with pytest.raises(IntegrityError), transaction.atomic():
        CallTeamQuota.objects.create(call=call, team=ResearchTeamFactory(), quota=5)
    assert CallTeamQuota.objects.filter(call=call).count() == 1


@pytest.mark.postgres
def test_lowering_the_call_quota_below_its_teams_is_refused_in_the_database():
    call = CallFactory(total_quota=10)
    CallTeamQuotaFactory(call=call, quota=8)
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.filter(pk=call.pk).update(total_quota=7)
    call.refresh_from_db()
    assert call.total_quota == 10


def test_lowering_the_call_quota_below_its_teams_is_refused_by_clean():
    call = CallFactory(total_quota=10)
    CallTeamQuotaFactory(call=call, quota=8)
    call.total_quota = 7
    with pytest.raises(ValidationError) as excinfo:
        call.full_clean()
    assert "8" in excinfo.value.message_dict["total_quota"][0]


def test_call_status_follows_the_clock():
    now = timezone.now()
    call = CallFactory.build(opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=2))
    assert call.status_at(now) == "upcoming"
    assert call.status_at(now + timedelta(days=1)) == "open"
    assert call.status_at(now + timedelta(days=2)) == "closed"


def test_korean_names_are_used_in_korean(settings):
    from django.utils import translation

    team = ResearchTeamFactory.build(name_en="LLM Innovation", name_ko="초거대 언어모델 혁신")
    with translation.override("ko"):
        assert team.name == "초거대 언어모델 혁신"
    with translation.override("en"):
        assert team.name == "LLM Innovation"
