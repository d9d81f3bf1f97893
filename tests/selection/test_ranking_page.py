"""The staff ranking of a call (selector and page)."""
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import TeamPreference
from innocore.models import AuditAction, AuditEntry, OutboxMessage
from selection.models import Assignment, AssignmentRun, Review, RubricCriterion, RunStatus
from selection.ranking import RankingInputError
from selection.selectors.ranking import call_ranking, ranking_cache_key
from selection.services.ranking import ranking_refresh
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


def computed(call, *teams):
    """The call's ranking (and the teams') computed as the worker does when the page asks for it."""
    for code in ("", *teams):
        assert ranking_refresh(call=call, team_code=code)
    return call


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
    computed(call)
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
        computed(call)
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
    computed(call, own.code)
    client.force_login(InstituteStaffFactory(institute=own.institute))
    url = reverse("selection:ranking", args=[call.code])
    response = client.get(url, {"team": own.code})
    assert response.status_code == 200
    html = response.content.decode()
    assert apps[0].reference in html and apps[1].reference not in html
    assert f"?team={other.code}" not in html and f'href="{url}"' not in html
    assert client.get(url, {"team": other.code}).status_code == 404
    assert client.get(url).status_code == 403


def test_the_ranks_are_computed_once_per_change_of_the_reviews():
    """Kept with a digest of its inputs: read back while the reviews are the same; a new review makes the kept
    ranking not current (the page shows it as such, without computing); computing again counts the review."""
    call, apps, _ = reviewed_call([[5, 5], [3, 4], [2, 2]], quota=1)
    first = call_ranking(call=call)
    kept = cache.get(ranking_cache_key(call_id=call.pk, scope=""))
    assert [row["application"] for row in kept["rows"]] == [row.application.pk for row in first.rows]
    assert call_ranking(call=call, compute=False).rows == first.rows and first.current
    Review.objects.create(application=apps[2], reviewer=ReviewerProfileFactory(), status="submitted",
                          submitted_at=timezone.now(), scores={"merit": 5, "fit": 5})
    stale = call_ranking(call=call, compute=False)
    assert not stale.current and stale.rows == first.rows and stale.computed_at == first.computed_at
    fresh = call_ranking(call=call)
    assert fresh.current and next(row for row in fresh.rows if row.application == apps[2]).reviews == 3
    assert cache.get(ranking_cache_key(call_id=call.pk, scope=""))["digest"] != kept["digest"]


def test_a_kept_ranking_is_plain_data():
    """What the cache holds reads back without NumPy types (a web process serving it never loads NumPy)."""
    call, apps, _ = reviewed_call([[5, 4], [3, 3]], quota=1)
    call_ranking(call=call)
    for row in cache.get(ranking_cache_key(call_id=call.pk, scope=""))["rows"]:
        assert {type(value) for value in row.values()} <= {int, float, bool, str, tuple, type(None)}


def test_the_page_asks_a_worker_and_shows_the_ranking_once_computed(client, django_capture_on_commit_callbacks):
    call, apps, _ = reviewed_call([[5, 5], [4, 4], [2, 2]], quota=1)
    client.force_login(MinistryStaffFactory())
    url = reverse("selection:ranking", args=[call.code])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        waiting = client.get(url).content.decode()
    assert "is being computed" in waiting and 'http-equiv="refresh"' in waiting and apps[0].reference not in waiting
    assert len(callbacks) == 1 and OutboxMessage.objects.filter(task="selection.tasks.ranking_refresh").count() == 1
    shown = client.get(url).content.decode()  # the in-process worker has computed it
    assert apps[0].reference in shown and 'http-equiv="refresh"' not in shown
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.get(url)
    assert callbacks == []  # current: nothing asked


def test_a_submitted_review_asks_for_a_new_ranking_and_the_page_says_it_is_being_updated(client):
    call, apps, _ = reviewed_call([[5, 5], [4, 4], [2, 2]], quota=1)
    computed(call)
    Review.objects.create(application=apps[2], reviewer=ReviewerProfileFactory(), status="submitted",
                          submitted_at=timezone.now(), scores={"merit": 5, "fit": 5})
    client.force_login(MinistryStaffFactory())
    html = client.get(reverse("selection:ranking", args=[call.code])).content.decode()
    assert "Reviews have changed since this ranking was computed" in html
    assert html.index(apps[0].reference) < html.index(apps[1].reference)  # the latest ranking, meanwhile


def test_many_views_of_a_ranking_not_current_ask_once(client):
    call, _, _ = reviewed_call([[5, 5], [4, 4]], quota=1)
    client.force_login(MinistryStaffFactory())
    for _ in range(3):
        client.get(reverse("selection:ranking", args=[call.code]))
    assert OutboxMessage.objects.filter(task="selection.tasks.ranking_refresh").count() == 1


def test_a_refusal_of_the_model_is_kept_and_said_without_computing_again():
    call, _, _ = reviewed_call([[5, 5], [4, 4]], quota=1)
    with pytest.raises(RankingInputError, match="seed must be"):
        call_ranking(call=call, seed=-1)
    with pytest.raises(RankingInputError, match="seed must be"):
        call_ranking(call=call, seed=-1, compute=False)  # read back: the worker's refusal reaches the page


def test_long_rankings_are_paged_with_a_link_to_the_funding_line(client, monkeypatch):
    monkeypatch.setattr("selection.views.ranking.ROWS_PER_PAGE", 2)
    call, apps, _ = reviewed_call([[5, 5], [4, 4], [4, 3], [3, 3], [2, 2]], quota=3)
    computed(call)
    client.force_login(MinistryStaffFactory())
    url = reverse("selection:ranking", args=[call.code])
    ranking = call_ranking(call=call)
    first = client.get(url).content.decode()
    assert ranking.rows[0].application.reference in first and ranking.rows[2].application.reference not in first
    assert "?page=2" in first and "Go to the funding line" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert ranking.rows[2].application.reference in second and ranking.rows[0].application.reference not in second
    assert "Go to the funding line" not in second  # page 2 holds position 3, the last funded one
    assert client.get(url, {"page": "999"}).status_code == 200  # out of range: the last page, not an error
    assert client.get(url, {"page": "x"}).status_code == 200


def test_finding_an_application_on_the_ranking(client):
    call, apps, _ = reviewed_call([[5, 5], [4, 4], [2, 2]], quota=1)
    computed(call)
    client.force_login(MinistryStaffFactory())
    url = reverse("selection:ranking", args=[call.code])
    found = client.get(url, {"q": apps[2].reference.lower()}).content.decode()
    assert apps[2].reference in found and apps[0].reference not in found
    entry = AuditEntry.objects.filter(action=AuditAction.LIST_VIEW).order_by("-pk").first()
    assert entry.data["references"] == [apps[2].reference]  # the look lists what it showed
    assert "No ranked application matches." in client.get(url, {"q": "nobody-like-this"}).content.decode()


def test_unranked_applications_are_listed_on_the_last_page(client, monkeypatch):
    monkeypatch.setattr("selection.views.ranking.ROWS_PER_PAGE", 1)
    call, apps, _ = reviewed_call([[5, 5], [4, 4]], quota=1)
    waiting = AwaitingReviewApplicationFactory(call=call)
    Assignment.objects.create(run=AssignmentRun.objects.get(call=call), application=waiting,
                              reviewer=ReviewerProfileFactory())
    computed(call)
    client.force_login(MinistryStaffFactory())
    url = reverse("selection:ranking", args=[call.code])
    first = client.get(url).content.decode()
    assert "Not ranked yet" not in first and "1 application not ranked yet (last page)" in first
    last = client.get(url, {"page": 2}).content.decode()
    assert "Not ranked yet" in last and waiting.reference in last
