"""The dashboard's selector on a small known call, and the page: filters, scope of institute staff, flat queries."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from selection.selectors.dashboard import dashboard_figures
from tests.factories import InstituteStaffFactory, MinistryStaffFactory, UserFactory
from tests.selection.dashboard_data import add_applications, known_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def known():
    return known_call()


def test_the_pipeline_counts_each_stage_once(known):
    d = dashboard_figures(call=known["call"])
    assert d.funnel == {
        "drafts": 1, "submitted": 10, "eligible": 7, "ineligible": 1, "under_review": 1, "reviewed": 6,
        "selected": 4, "waitlisted": 1, "offered": 3, "accepted": 1, "declined": 1, "withdrawn": 1,
    }


def test_quota_per_team_counts_seats_from_offers_and_agrees_with_the_statuses(known):
    d = dashboard_figures(call=known["call"])
    rows = {row.code: row for row in d.teams}
    assert [(r.quota, r.applications, r.eligible, r.selected, r.offered, r.accepted, r.declined, r.remaining)
            for r in (rows["A1"], rows["A2"], rows["B1"])] == [
        (3, 6, 4, 3, 2, 1, 1, 0), (1, 2, 2, 0, 0, 0, 0, 1), (1, 2, 1, 1, 1, 0, 0, 0)]
    assert rows["A1"].competition_ratio == 2.0 and rows["B1"].eligible_ratio == 1.0
    t = d.total
    assert (t.quota, t.applications, t.eligible, t.selected, t.accepted, t.remaining) == (5, 10, 7, 4, 1, 1)
    assert (t.competition_ratio, t.eligible_ratio) == (2.0, 1.4)
    # Seats counted from offers = applications whose status holds a seat.
    assert (t.selected, t.offered, t.accepted, t.declined) == tuple(
        d.funnel[s] for s in ("selected", "offered", "accepted", "declined"))
    institutes = {row.code: row for row in d.institutes}
    assert (institutes["INA"].quota, institutes["INA"].applications, institutes["INA"].selected) == (4, 8, 3)
    assert (institutes["INB"].quota, institutes["INB"].applications, institutes["INB"].selected) == (1, 2, 1)


def test_overseas_talent_and_channels(known):
    d = dashboard_figures(call=known["call"])
    assert d.origins == {"korean_returnees": 2, "foreign_nationals": 3, "domestic": 5}
    assert d.overseas == 5 and d.overseas_share == 0.5
    assert [(c.code, c.count) for c in d.by_nationality] == [("IN", 2), ("KR", 2), ("CN", 1)]
    assert [c.code for c in d.by_residence] == ["CN", "DE", "IN", "JP", "US"]
    channels = {c.code: (c.applications, c.eligible, c.selected) for c in d.channels}
    assert channels == {"ksea": (1, 0, 0), "linkedin": (3, 2, 0), "colleague": (1, 1, 1), "nature": (2, 2, 2),
                        "kosen": (1, 1, 0), "": (1, 1, 1), "other": (1, 0, 0)}


def test_budget_and_timeline(known):
    d = dashboard_figures(call=known["call"])
    per_fellow = 150_000_000 * 3
    assert (d.budget.committed_krw, d.budget.held_krw, d.budget.at_quota_krw) == (per_fellow, 4 * per_fellow,
                                                                                   5 * per_fellow)
    assert d.budget.budget_krw == 10_000_000_000
    assert sum(day.submitted for day in d.timeline) == 10 and d.timeline[-1].cumulative == 10
    assert [day.day for day in d.timeline] == sorted(day.day for day in d.timeline)


def test_an_institute_or_a_team_narrows_every_figure(known):
    inst_a, _ = known["institutes"]
    d = dashboard_figures(call=known["call"], institute=inst_a)
    assert [row.code for row in d.teams] == ["A1", "A2"]
    assert (d.total.quota, d.total.applications, d.total.selected, d.total.remaining) == (4, 8, 3, 1)
    assert d.funnel["drafts"] == 0 and d.funnel["submitted"] == 8
    team = dashboard_figures(call=known["call"], team=known["teams"][2])
    assert (team.total.quota, team.total.applications, team.total.selected) == (1, 2, 1)
    assert team.funnel["withdrawn"] == 1 and team.origins["domestic"] == 2


# The page ------------------------------------------------------------------------------------------------------------

def test_the_page_shows_the_call_its_teams_and_the_figures_as_tables(client, known):
    client.force_login(MinistryStaffFactory())
    body = client.get(reverse("selection:overview"), {"call": known["call"].code}).content.decode()
    assert 'id="dash-teams"' in body and 'data-chart="bar"' in body
    assert "2.00 : 1" in body and "1.40 : 1" in body
    assert 'data-refresh="60"' in body  # the call is open
    assert "chart-4.6.1.umd.min.js" in body and "js/dashboard.js" in body


def test_institute_staff_see_their_institute_only(client, known):
    inst_a, inst_b = known["institutes"]
    client.force_login(InstituteStaffFactory(institute=inst_b))
    response = client.get(reverse("selection:overview"), {"call": known["call"].code})
    assert response.status_code == 200
    d = response.context["dashboard"]
    assert d.institute == inst_b and [row.code for row in d.teams] == ["B1"] and d.total.quota == 1
    refused = client.get(reverse("selection:overview"), {"call": known["call"].code, "institute": inst_a.code})
    assert refused.status_code == 400
    other_team = client.get(reverse("selection:overview"), {"call": known["call"].code, "team": "A1"})
    assert other_team.status_code == 400


def test_filters_by_institute_and_team_and_refuse_a_mismatch(client, known):
    client.force_login(MinistryStaffFactory())
    url, code = reverse("selection:overview"), known["call"].code
    assert client.get(url, {"call": code, "institute": "INA"}).context["dashboard"].total.quota == 4
    assert client.get(url, {"call": code, "team": "B1"}).context["dashboard"].total.quota == 1
    assert client.get(url, {"call": code, "institute": "INA", "team": "B1"}).status_code == 400
    assert client.get(url, {"call": "NO-SUCH-CALL"}).status_code == 404


def test_applicants_may_not_see_the_dashboard(client, known):
    client.force_login(UserFactory())
    assert client.get(reverse("selection:overview")).status_code == 403


@pytest.mark.parametrize("who", ["ministry", "institute"])
def test_the_page_and_the_api_answer_in_the_same_number_of_queries_for_10_and_200_applications(client, known, who):
    a1 = known["teams"][0]
    user = MinistryStaffFactory() if who == "ministry" else InstituteStaffFactory(institute=a1.institute)
    client.force_login(user)
    urls = [(reverse("selection:overview"), {"call": known["call"].code}),
            (reverse("selection:overview"), {"call": known["call"].code, "team": "A1"}),
            (reverse("api-stats"), {"call": known["call"].code})]

    def counts():
        found = []
        for url, params in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, params).status_code == 200
            found.append(len(queries))
        return found

    few = counts()
    add_applications(call=known["call"], team=a1, count=190)
    assert counts() == few
    # The API: session, user, the call, the institute (institute staff), the dashboard's three (six on SQLite).
    assert few[2] <= (8 if connection.vendor == "postgresql" else 11)


def test_the_page_and_the_api_speak_korean(client, known):
    client.force_login(MinistryStaffFactory())
    client.cookies["django_language"] = "ko"
    body = client.get(reverse("selection:overview"), {"call": known["call"].code}).content.decode()
    assert '<html lang="ko">' in body and "임시저장" in body  # "Drafts", from the catalogue
    api = client.get(reverse("api-stats"), {"call": known["call"].code}).json()
    assert api["call"]["title"] == known["call"].title_ko
    assert next(c for c in api["overseas"]["by_nationality"] if c["code"] == "IN")["name"] == "인도"
