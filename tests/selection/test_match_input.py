"""The match's input of a call: each team's list from the calibrated ranking, adjustments, the near-line lottery."""
import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import ApplicationStatus
from applications.services.status import application_status_change
from selection.models import AdjustmentKind, DecisionSettings, RankingAdjustment
from selection.selectors.match_input import match_input
from tests.factories import MinistryStaffFactory
from tests.selection.decisions import match_call

pytestmark = pytest.mark.django_db


def test_lists_follow_the_call_ranking_for_every_team_an_application_chose():
    call, teams, apps = match_call(scores=[2, 5, 3, 4], choices=[[0, 1], [1], [1, 0], [0]], quotas=[2, 1], total=3)
    data = match_input(call=call)
    t0, t1 = (quota.team.code for quota in teams)
    assert data.lists() == {t0: [apps[3].pk, apps[2].pk, apps[0].pk], t1: [apps[1].pk, apps[2].pk, apps[0].pk]}
    assert data.preferences[apps[0].pk] == [t0, t1] and data.preferences[apps[2].pk] == [t1, t0]
    assert data.total == 3 and data.lottery_seed is None and data.draws() == {}
    market = data.market()
    assert market.capacity.tolist() == [2, 1]


def test_only_reviewed_applications_under_review_or_reviewed_are_listed():
    call, teams, apps = match_call(scores=[5, 4, None, 3], choices=[[0], [0], [0], [0]], quotas=[2],
                                   status=ApplicationStatus.UNDER_REVIEW)
    application_status_change(application=apps[3], to=ApplicationStatus.AWAITING_REVIEW, by=None)
    data = match_input(call=call)
    listed = data.lists()[teams[0].team.code]
    assert apps[2].pk not in listed and apps[2] in data.unranked
    assert apps[3].pk not in listed and apps[3] not in data.unranked
    assert listed[:2] == [apps[0].pk, apps[1].pk]


def test_exclude_removes_from_every_list_and_pins_come_first_in_ranking_order():
    call, teams, apps = match_call(scores=[5, 4, 3, 2, 1], choices=[[0, 1], [0], [1, 0], [0], [0, 1]], quotas=[2, 2])
    staff = MinistryStaffFactory()
    RankingAdjustment.objects.create(call=call, application=apps[0], kind=AdjustmentKind.EXCLUDE, reason="r",
                                     created_by=staff)
    for index in (4, 3):
        RankingAdjustment.objects.create(call=call, application=apps[index], kind=AdjustmentKind.PIN, reason="r",
                                         created_by=staff)
    data = match_input(call=call)
    t0, t1 = (quota.team.code for quota in teams)
    assert data.lists()[t0] == [apps[3].pk, apps[4].pk, apps[1].pk, apps[2].pk]
    assert data.lists()[t1] == [apps[4].pk, apps[2].pk]
    assert data.teams[t0].pinned == 2 and apps[0].pk in data.excluded
    assert data.preferences[apps[0].pk] == [t0, t1]  # still an applicant: on no list, so not placed


def test_near_line_lottery_is_recorded_and_reproducible():
    # Equal scores: no evidence of a difference, every interval spans the field and crosses the line.
    call, teams, apps = match_call(scores=[3] * 6, choices=[[0]] * 6, quotas=[2])
    DecisionSettings.objects.create(call=call, near_line_lottery=True)
    code = teams[0].team.code
    first = match_input(call=call, lottery_seed=1234)
    again = match_input(call=call, lottery_seed=1234)
    assert first.lists() == again.lists() and first.draws() == again.draws()
    drawn = first.draws()[code]
    assert sorted(drawn["order"]) == sorted(app.pk for app in apps) and drawn["seats"] == 2
    assert drawn["keys"][0] == hashlib.sha256(f"1234:{code}:{drawn['order'][0]}".encode()).hexdigest()
    assert first.lists()[code] == drawn["order"]
    assert first.teams[code].near_line == {app.pk for app in apps}
    assert first.near_line_teams(apps[0].pk) == [code]
    with pytest.raises(ValueError):
        match_input(call=call)


def test_query_count_does_not_grow_with_applications():
    def count(n):
        call, _teams, _apps = match_call(scores=[(i % 5) + 1 for i in range(n)], choices=[[0, 1]] * n, quotas=[2, 2])
        with CaptureQueriesContext(connection) as queries:
            match_input(call=call)
        return len(queries)

    assert count(3) == count(12)
