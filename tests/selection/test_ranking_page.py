"""The staff ranking of a call (selector and page)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import TeamPreference
from innocore.models import AuditAction, AuditEntry
from selection.models import Assignment, AssignmentRun, Review, RubricCriterion, RunStatus
from selection.selectors.ranking import call_ranking
from tests.factories import (
    AwaitingReviewApplicationFactory,
    CallFactory,
    CallTeamQuotaFactory,
    InstituteStaffFactory,
    MinistryStaffFactory,
    ReviewerProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def reviewed_call(scores_by_application, *, quota=2, teams=None, unreviewed_assignment=False):
    """A call with a two-criterion rubric (1-5) and, per application, one submitted review per score
    (reviewer i gives the i-th score; both criteria get the same score)."""
    call = CallFactory(total_quota=quota)
    RubricCriterion.objects.create(call=call, key="merit", label_en="Merit", weight=60)
    RubricCriterion.objects.create(call=call, key="fit", label_en="Fit", weight=40)
    team_quotas = [CallTeamQuotaFactory(call=call, quota=1) for _ in range(teams or 0)]
    width = max(len(s) for s in scores_by_application)
    reviewers = [ReviewerProfileFactory() for _ in range(width + 1)]
    run = AssignmentRun.objects.create(call=call, status=RunStatus.PUBLISHED, stage="done",
                                       published_at=timezone.now())
    applications = []
    for index, scores in enumerate(scores_by_application):
        application = AwaitingReviewApplicationFactory(call=call)
        if team_quotas:
            TeamPreference.objects.create(application=application, rank=1, team=team_quotas[index % len(team_quotas)].team)
        for reviewer, score in zip(reviewers, scores):
            Assignment.objects.create(run=run, application=application, reviewer=reviewer)
            Review.objects.create(application=application, reviewer=reviewer, status="submitted",
                                  submitted_at=timezone.now(), scores={"merit": score, "fit": score})
        if unreviewed_assignment:
            Assignment.objects.create(run=run, application=application, reviewer=reviewers[-1])
        applications.append(application)
    return call, applications, team_quotas


def test_known_reviews_give_the_expected_order_and_flags():
    call, apps, _ = reviewed_call([[2, 2, 3], [5, 5, 4], [3, 4, 3], [1, 4, 1]], quota=2, unreviewed_assignment=True)
    ranking = call_ranking(call=call)
    assert [row.application for row in ranking.rows] == [apps[1], apps[2], apps[0], apps[3]]
    best = ranking.rows[0]
    assert best.zone == "above" or best.crosses_line
    assert best.reviews == 3 and best.raw == pytest.approx(14 / 3)
    assert best.lower == 1 and best.expected_rank < 1.5
    assert ranking.rows[-1].high_disagreement and not best.high_disagreement
    assert ranking.disagreement_threshold == pytest.approx(0.8)
    assert all(row.missing_reviews == 1 for row in ranking.rows)
    assert ranking.seed == call.pk
    assert call_ranking(call=call).rows == ranking.rows


def test_team_ranking_takes_first_preferences_and_the_team_quota():
    call, apps, teams = reviewed_call([[5, 5], [4, 4], [2, 2], [1, 1]], teams=2)
    ranking = call_ranking(call=call, team_code=teams[1].team.code)
    assert [row.application for row in ranking.rows] == [apps[1], apps[3]]
    assert ranking.quota == 1 and [row.position for row in ranking.rows] == [1, 2]
    with pytest.raises(type(teams[0]).DoesNotExist):
        call_ranking(call=call, team_code="NOPE")


def test_page_for_ministry_with_bar_links_and_audit(client):
    call, apps, teams = reviewed_call([[5, 5], [4, 4], [2, 2]], teams=1)
    client.force_login(MinistryStaffFactory())
    response = client.get(reverse("selection:ranking", args=[call.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(apps[0].reference) < html.index(apps[1].reference) < html.index(apps[2].reference)
    assert 'class="rank-bar"' in html and "<svg" in html and "style=" not in html
    assert reverse("applications_staff:dossier", args=[apps[0].pk]) in html
    assert reverse("selection:application_reviews", args=[apps[0].pk]) in html
    assert f"?team={teams[0].team.code}" in html
    entry = AuditEntry.objects.get(action=AuditAction.LIST_VIEW, target_label="selection:ranking")
    assert entry.call_code == call.code and apps[0].reference in entry.data["references"]
    team_page = client.get(reverse("selection:ranking", args=[call.code]), {"team": teams[0].team.code})
    assert team_page.status_code == 200
    assert client.get(reverse("selection:ranking", args=[call.code]), {"team": "NOPE"}).status_code == 404
    assert client.get(reverse("selection:ranking", args=["NOPE"])).status_code == 404


@pytest.mark.parametrize("make_user", [InstituteStaffFactory, UserFactory, ReviewerProfileFactory])
def test_page_refused_to_others(client, make_user):
    call, _, _ = reviewed_call([[5, 5], [4, 4]])
    user = make_user()
    client.force_login(getattr(user, "user", user))
    assert client.get(reverse("selection:ranking", args=[call.code])).status_code == 403


def test_page_refused_to_anonymous(client):
    call, _, _ = reviewed_call([[5, 5]])
    response = client.get(reverse("selection:ranking", args=[call.code]))
    assert response.status_code == 302


def test_query_count_flat(client):
    client.force_login(MinistryStaffFactory())
    counts = []
    for size in (2, 6):
        call, _, _ = reviewed_call([[5 - i % 4, 4 - i % 3] for i in range(size)], teams=2)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("selection:ranking", args=[call.code])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_overview_links_the_ranking_for_ministry_only(client):
    call = CallFactory()
    url = reverse("selection:ranking", args=[call.code])
    client.force_login(MinistryStaffFactory())
    assert url in client.get(reverse("selection:overview")).content.decode()
    client.force_login(InstituteStaffFactory())
    response = client.get(reverse("selection:overview"))
    assert response.status_code != 200 or url not in response.content.decode()


def test_institute_staff_see_their_own_teams_ranking_only(client):
    call, apps, teams = reviewed_call([[5, 5], [4, 4], [2, 2], [1, 1]], teams=2)
    own, other = teams[0].team, teams[1].team
    client.force_login(InstituteStaffFactory(institute=own.institute))
    url = reverse("selection:ranking", args=[call.code])
    response = client.get(url, {"team": own.code})
    assert response.status_code == 200
    html = response.content.decode()
    assert apps[0].reference in html and apps[1].reference not in html
    assert f"?team={other.code}" not in html and f'href="{url}"' not in html
    assert client.get(url, {"team": other.code}).status_code == 404
    assert client.get(url).status_code == 403
