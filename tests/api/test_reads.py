"""The read endpoints: who sees what (the pages' rules), scope as 404, paging, filters, audit, query counts."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Application
from innocore.api.pagination import PortalPagination
from innocore.models import AuditAction, AuditEntry
from selection.models import (
    Assignment, AssignmentRun, ConflictOfInterest, ConflictOfInterestSource, MatchRun, MatchRunStatus, Offer,
    OfferStatus, Review,
    ReviewerProfile, RunStatus,
)
from tests.api.conftest import as_user
from tests.factories import ApplicationFactory, CallFactory, CallTeamQuotaFactory, ReviewerProfileFactory

pytestmark = pytest.mark.django_db


def _results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_calls_and_teams_with_their_quota(programme):
    client = as_user(programme.applicant)
    other = CallTeamQuotaFactory(quota=3)  # another call's team
    calls = _results(client.get("/api/v1/calls/"))
    assert {c["code"] for c in calls} == {programme.call.code, other.call.code}
    assert client.get(f"/api/v1/calls/{programme.call.code}/").json()["status"] == "open"
    assert [c["code"] for c in _results(client.get("/api/v1/calls/?status=open"))].count(programme.call.code) == 1
    teams = _results(client.get(f"/api/v1/teams/?call={programme.call.code}"))
    assert {(t["code"], t["quotas"][0]["quota"]) for t in teams} == {(programme.team_a.code, 5),
                                                                     (programme.team_b.code, 7)}
    only_b = _results(client.get(f"/api/v1/teams/?institute={programme.team_b.institute.code}"))
    assert [t["code"] for t in only_b] == [programme.team_b.code]
    detail = client.get(f"/api/v1/teams/{other.team.code}/").json()
    assert detail["quotas"] == [{"call": other.call.code, "quota": 3}]
    missing = client.get("/api/v1/calls/NO-SUCH-CALL/")
    assert missing.status_code == 404 and "detail" in missing.json()


def test_applications_are_scoped_like_the_pages(programme):
    in_a, in_b = programme.submitted(programme.team_a), programme.submitted(programme.team_b)
    draft = ApplicationFactory(call=programme.call, applicant=programme.applicant)
    refs = lambda user: {row["reference"] for row in _results(as_user(user).get("/api/v1/applications/"))}  # noqa: E731
    assert refs(programme.ministry) == {in_a.reference, in_b.reference}  # drafts are the applicant's own
    assert refs(programme.staff_a) == {in_a.reference}
    assert refs(programme.applicant) == {draft.reference}
    hidden = as_user(programme.staff_a).get(f"/api/v1/applications/{in_b.pk}/")
    assert hidden.status_code == 404 and hidden.json() == {"detail": "No Application matches the given query."}
    assert as_user(programme.staff_a).get(f"/api/v1/applications/{in_a.pk}/").status_code == 200
    assert as_user(programme.applicant).get(f"/api/v1/applications/{in_a.pk}/").status_code == 404
    refused = as_user(programme.reviewer).get("/api/v1/applications/")
    assert refused.status_code == 403 and "detail" in refused.json()


def test_every_look_by_staff_is_audited_and_the_applicants_own_is_not(programme):
    shown = [programme.submitted(programme.team_a) for _ in range(2)]
    as_user(programme.ministry).get("/api/v1/applications/?ordering=reference")
    row = AuditEntry.objects.get(action=AuditAction.LIST_VIEW)
    assert row.actor == programme.ministry and row.data["page"] == "api-application-list"
    assert sorted(row.data["references"]) == sorted(a.reference for a in shown)
    assert row.data["query"] == "ordering=reference" and row.call_code == programme.call.code
    as_user(programme.staff_a).get(f"/api/v1/applications/{shown[0].pk}/")
    look = AuditEntry.objects.get(action=AuditAction.DOSSIER_VIEW)
    assert look.actor == programme.staff_a and look.target_id == str(shown[0].pk) and look.data == {"via": "api"}
    before = AuditEntry.objects.count()
    own = ApplicationFactory(call=programme.call, applicant=programme.applicant)
    as_user(programme.applicant).get("/api/v1/applications/")
    as_user(programme.applicant).get(f"/api/v1/applications/{own.pk}/")
    assert AuditEntry.objects.count() == before


def test_pages_and_their_size_cap(programme, monkeypatch):
    for _ in range(5):
        programme.submitted(programme.team_a)
    client = as_user(programme.ministry)
    first = client.get("/api/v1/applications/?page_size=2").json()
    assert first["count"] == 5 and len(first["results"]) == 2 and "page=2" in first["next"]
    last = client.get("/api/v1/applications/?page_size=2&page=3").json()
    assert len(last["results"]) == 1 and last["next"] is None
    monkeypatch.setattr(PortalPagination, "max_page_size", 3)
    assert len(client.get("/api/v1/applications/?page_size=1000").json()["results"]) == 3
    beyond = client.get("/api/v1/applications/?page=99")
    assert beyond.status_code == 404 and beyond.json()["detail"]


def test_filters(programme):
    in_a = programme.submitted(programme.team_a, nationality="IN")
    in_b = programme.submitted(programme.team_b, nationality="CN")
    client = as_user(programme.ministry)
    ref = lambda query: [r["reference"] for r in _results(client.get(f"/api/v1/applications/?{query}"))]  # noqa: E731
    assert ref(f"team={programme.team_a.code.lower()}") == [in_a.reference]
    assert ref(f"institute={programme.team_b.institute.code}") == [in_b.reference]
    assert ref("nationality=in") == [in_a.reference]
    assert ref(f"call={programme.call.code}&status=submitted&ordering=reference") == sorted(
        [in_a.reference, in_b.reference])
    assert ref("call=ELSEWHERE") == []
    wrong = client.get("/api/v1/applications/?status=bogus")
    assert wrong.status_code == 400 and "status" in wrong.json()


def _review_world(programme):
    """The reviewer is assigned two applications by a published run, and conflicted with the second."""
    profile = ReviewerProfile.objects.get(user=programme.reviewer)
    run = AssignmentRun.objects.create(call=programme.call, status=RunStatus.PUBLISHED, stage="done",
                                       published_at=timezone.now())
    mine, conflicted, others = (programme.submitted(team) for team in (programme.team_a, programme.team_a,
                                                                         programme.team_b))
    for application in (mine, conflicted):
        Assignment.objects.create(run=run, application=application, reviewer=profile)
        Review.objects.create(application=application, reviewer=profile, scores={"excellence": 4})
    ConflictOfInterest.objects.create(application=conflicted, reviewer=profile,
                                      source=ConflictOfInterestSource.DECLARED_BY_REVIEWER)
    Review.objects.create(application=others, reviewer=ReviewerProfileFactory())
    return mine, conflicted, others


def test_reviews_staff_see_their_scope_reviewers_their_own(programme):
    mine, conflicted, others = _review_world(programme)
    apps = lambda user: sorted(r["application"] for r in _results(as_user(user).get("/api/v1/reviews/")))  # noqa: E731
    assert apps(programme.reviewer) == [mine.pk]  # a conflict takes the review away, as on the home page
    assert apps(programme.ministry) == sorted([mine.pk, conflicted.pk, others.pk])
    assert apps(programme.staff_b) == [others.pk]
    own = _results(as_user(programme.reviewer).get("/api/v1/reviews/"))[0]
    assert "reviewer_name" not in own and own["scores"] == {"excellence": 4}
    other_review = Review.objects.get(application=others)
    assert as_user(programme.reviewer).get(f"/api/v1/reviews/{other_review.pk}/").status_code == 404
    assert as_user(programme.staff_a).get(f"/api/v1/reviews/{other_review.pk}/").status_code == 404
    assert as_user(programme.staff_b).get(f"/api/v1/reviews/{other_review.pk}/").status_code == 200
    assert as_user(programme.applicant).get("/api/v1/reviews/").status_code == 403
    listed = AuditEntry.objects.filter(action=AuditAction.LIST_VIEW, actor=programme.reviewer).first()
    assert listed.data["references"] == [mine.reference]


def _offer(programme, application, team, status, rank=1) -> Offer:
    run = MatchRun.objects.filter(call=programme.call).first() or MatchRun.objects.create(
        call=programme.call, status=MatchRunStatus.PUBLISHED, ranking_seed=1, created_by=programme.ministry,
        published_by=programme.ministry, published_at=timezone.now())
    sent = {} if status == OfferStatus.PENDING else {"sent_at": timezone.now(),
                                                      "respond_by": timezone.now() + timedelta(days=14)}
    return Offer.objects.create(run=run, call=programme.call, team=team, application=application, status=status,
                                rank=rank, choice=1, **sent)


def test_decisions_staff_by_institute_applicants_their_sent_offers(programme):
    own = programme.submitted(programme.team_a, applicant=programme.applicant)
    other = programme.submitted(programme.team_b)
    offer = _offer(programme, own, programme.team_a, OfferStatus.OPEN)
    _offer(programme, other, programme.team_b, OfferStatus.PENDING)
    ids = lambda user, q="": [o["id"] for o in _results(as_user(user).get(f"/api/v1/decisions/{q}"))]  # noqa: E731
    assert len(ids(programme.ministry)) == 2
    assert ids(programme.staff_a) == [offer.pk]
    assert ids(programme.applicant) == [offer.pk]
    assert ids(programme.ministry, "?status=pending") != ids(programme.ministry, "?status=open")
    assert ids(programme.ministry, f"?team={programme.team_a.code}") == [offer.pk]
    row = as_user(programme.applicant).get(f"/api/v1/decisions/{offer.pk}/").json()
    assert (row["status"], row["team"], row["rank"], row["reference"]) == ("open", programme.team_a.code, 1,
                                                                           own.reference)
    assert as_user(programme.reviewer).get("/api/v1/decisions/").status_code == 403
    other.offers.update(status=OfferStatus.OPEN, sent_at=timezone.now(), respond_by=timezone.now())  # another's
    assert as_user(programme.applicant).get(f"/api/v1/decisions/{other.offers.get().pk}/").status_code == 404


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_every_list_costs_the_same_queries_for_few_or_many_rows(programme):
    """Each list endpoint, with 2 and then 8 rows of everything it lists."""
    client, reviewer = as_user(programme.ministry), as_user(programme.reviewer)
    urls = {client: ["/api/v1/calls/", "/api/v1/teams/", "/api/v1/applications/", "/api/v1/reviews/",
                     "/api/v1/decisions/"], reviewer: ["/api/v1/reviews/"]}
    applicant = as_user(programme.applicant)
    urls[applicant] = ["/api/v1/applications/", "/api/v1/decisions/"]
    counts = []
    for rows in (2, 8):
        _grow(programme, to=rows)
        counts.append({(id(c), url): _queries(c, url) for c, listed in urls.items() for url in listed})
    assert counts[0] == counts[1]


def _grow(programme, *, to: int) -> None:
    """``to`` of each: calls with a team, submitted applications (the applicant's own among them) each with a
    review by the reviewer (assigned) and a sent offer."""
    profile = ReviewerProfile.objects.get(user=programme.reviewer)
    run = AssignmentRun.objects.filter(call=programme.call).first() or AssignmentRun.objects.create(
        call=programme.call, status=RunStatus.PUBLISHED, stage="done", published_at=timezone.now())
    while Application.objects.filter(submitted_at__isnull=False).count() < to:
        count = Application.objects.count()
        CallTeamQuotaFactory(call=CallFactory(), quota=2)
        applicant = programme.applicant if count == 0 else None
        extra = {"applicant": applicant} if applicant else {}
        application = programme.submitted(programme.team_a if count % 2 else programme.team_b, **extra)
        Assignment.objects.create(run=run, application=application, reviewer=profile)
        Review.objects.create(application=application, reviewer=profile)
        team = application.team_preferences.get().team
        _offer(programme, application, team, OfferStatus.OPEN, rank=count + 1)
