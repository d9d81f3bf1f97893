"""Staff and reviewer pages: permissions, the assignment page, forms, flat query counts."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from innocore.models import UserRole
from selection.models import Assignment, AssignmentRun, ConflictOfInterest, ConflictOfInterestSource, RunStatus
from tests.factories import (
    AssignmentRunFactory, AwaitingReviewApplicationFactory, CallFactory, ReviewerProfileFactory, StaffFactory,
    UserFactory, seeded_assignment_call,
)

pytestmark = pytest.mark.django_db


def staff_urls(call, run) -> list[tuple[str, str]]:
    return [
        ("get", reverse("selection:assignment", args=[call.code])),
        ("get", reverse("selection:run_progress", args=[call.code, run.pk])),
        ("get", reverse("selection:conflicts_of_interest", args=[call.code])),
        ("get", reverse("selection:invite")),
        ("post", reverse("selection:run_start", args=[call.code])),
        ("post", reverse("selection:assignment_add", args=[call.code, run.pk])),
        ("post", reverse("selection:assignment_remove", args=[call.code, run.pk])),
        ("post", reverse("selection:run_publish", args=[call.code, run.pk])),
    ]


@pytest.mark.parametrize("role", [UserRole.APPLICANT, UserRole.REVIEWER])
def test_applicants_and_reviewers_get_403_on_staff_pages(client, role):
    run = AssignmentRunFactory()
    user = ReviewerProfileFactory().user if role == UserRole.REVIEWER else UserFactory()
    client.force_login(user)
    for method, url in staff_urls(run.call, run):
        assert getattr(client, method)(url).status_code == 403, url
    assert AssignmentRun.objects.count() == 1


def test_applicants_and_staff_get_403_on_reviewer_pages(client):
    for user in (UserFactory(), StaffFactory()):
        client.force_login(user)
        for name in ("reviewer_profile", "my_assignments", "declare_conflict_of_interest"):
            assert client.get(reverse(f"selection:{name}")).status_code == 403, name


def test_unknown_call_or_run_is_404_for_staff(client):
    client.force_login(StaffFactory())
    run = AssignmentRunFactory()
    assert client.get(reverse("selection:assignment", args=["NOPE"])).status_code == 404
    assert client.get(reverse("selection:assignment", args=[run.call.code]) + "?run=999999").status_code == 404
    assert client.get(reverse("selection:assignment", args=[run.call.code]) + "?run=abc").status_code == 404
    other = AssignmentRunFactory()
    assert client.get(reverse("selection:run_progress", args=[run.call.code, other.pk])).status_code == 404


def test_staff_run_the_assignment_and_see_it_with_the_uncovered_report(client, django_capture_on_commit_callbacks):
    call, applications, reviewers = seeded_assignment_call(applications=4, reviewers=2, max_load=4)
    ConflictOfInterest.objects.create(application=applications[0], reviewer=reviewers[0],
                                      source=ConflictOfInterestSource.ADVISOR,
                            detail="PhD advisor: X")
    client.force_login(StaffFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("selection:run_start", args=[call.code]), {"k": 2, "min_preferred": 0})
    assert response.status_code == 302
    run = AssignmentRun.objects.get()
    assert run.status == RunStatus.PROPOSED
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert "Applications that cannot be covered" in text and applications[0].reference in text
    assert "only 1 non-conflicted reviewers" in text and "PhD advisor" in text
    progress = client.get(reverse("selection:run_progress", args=[call.code, run.pk])).json()
    assert progress == {"status": "proposed", "status_label": "Proposed", "stage": "done", "stage_label": "Done",
                        "progress": 100, "active": False, "error": ""}


def test_bad_run_parameters_are_a_400_with_the_reason(client):
    call = CallFactory()
    client.force_login(StaffFactory())
    response = client.post(reverse("selection:run_start", args=[call.code]), {"k": 2, "min_preferred": 3})
    assert response.status_code == 400 and "Cannot exceed" in response.content.decode()
    response = client.post(reverse("selection:run_start", args=[call.code]), {"k": "many"})
    assert response.status_code == 400
    AssignmentRunFactory(call=call, status=RunStatus.RUNNING)
    response = client.post(reverse("selection:run_start", args=[call.code]), {"k": 2, "min_preferred": 1})
    assert response.status_code == 409 and "already queued or running" in response.content.decode()


def test_staff_add_remove_and_publish_by_hand_with_clear_refusals(client, django_capture_on_commit_callbacks):
    application = AwaitingReviewApplicationFactory()
    run = AssignmentRunFactory(call=application.call)
    ok, conflicted = ReviewerProfileFactory(), ReviewerProfileFactory()
    ConflictOfInterest.objects.create(application=application, reviewer=conflicted,
                                      source=ConflictOfInterestSource.SAME_INSTITUTION)
    client.force_login(StaffFactory())
    add = reverse("selection:assignment_add", args=[application.call.code, run.pk])
    refused = client.post(add, {"application": application.pk, "reviewer": conflicted.pk})
    assert refused.status_code == 409 and "conflict of interest" in refused.content.decode()
    assert client.post(add, {"application": application.pk, "reviewer": "x"}).status_code == 400
    assert client.post(add, {"application": application.pk, "reviewer": 99999}).status_code == 400
    assert client.post(add, {"application": application.pk, "reviewer": ok.pk}).status_code == 302
    assert Assignment.objects.filter(run=run, reviewer=ok).exists()
    remove = reverse("selection:assignment_remove", args=[application.call.code, run.pk])
    assert client.post(remove, {"application": application.pk, "reviewer": ok.pk}).status_code == 302
    assert client.post(add, {"application": application.pk, "reviewer": ok.pk}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        published = client.post(reverse("selection:run_publish", args=[application.call.code, run.pk]))
    assert published.status_code == 302
    again = client.post(reverse("selection:run_publish", args=[application.call.code, run.pk]))
    assert again.status_code == 409


def _grow_run(run, count: int) -> None:
    for _ in range(count):
        application = AwaitingReviewApplicationFactory(call=run.call)
        reviewer = ReviewerProfileFactory()
        Assignment.objects.create(run=run, application=application, reviewer=reviewer, affinity=0.5)
        ConflictOfInterest.objects.create(application=application, reviewer=ReviewerProfileFactory(),
                                          source=ConflictOfInterestSource.COAUTHOR)


@pytest.mark.parametrize("page", ["assignment", "conflicts", "invite"])
def test_staff_pages_have_flat_query_counts(client, page):
    run = AssignmentRunFactory()
    _grow_run(run, 1)
    client.force_login(StaffFactory())
    url = {
        "assignment": reverse("selection:assignment", args=[run.call.code]) + f"?run={run.pk}",
        "conflicts": reverse("selection:conflicts_of_interest", args=[run.call.code]),
        "invite": reverse("selection:invite"),
    }[page]
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow_run(run, 4)
    if page == "invite":
        from selection.services.reviewers import reviewer_invite
        for n in range(3):
            reviewer_invite(email=f"new{n}@uni.example", by=StaffFactory())
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_reviewer_pages_have_flat_query_counts(client):
    reviewer = ReviewerProfileFactory()
    client.force_login(reviewer.user)

    def grow(count):
        run = AssignmentRunFactory(status=RunStatus.PUBLISHED)
        for _ in range(count):
            Assignment.objects.create(run=run, application=AwaitingReviewApplicationFactory(call=run.call),
                                      reviewer=reviewer)

    grow(1)
    for url in (reverse("selection:my_assignments"), reverse("selection:declare_conflict_of_interest") + "?q=a"):
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        grow(3)
        with CaptureQueriesContext(connection) as many:
            assert client.get(url).status_code == 200
        assert len(many) == len(few), url


def test_reviewer_sees_published_assignments_and_declares_a_conflict(client):
    reviewer = ReviewerProfileFactory()
    published = AssignmentRunFactory(status=RunStatus.PUBLISHED)
    mine = AwaitingReviewApplicationFactory(call=published.call, family_name="Zyxwv")
    Assignment.objects.create(run=published, application=mine, reviewer=reviewer)
    hidden = AwaitingReviewApplicationFactory(call=published.call)
    Assignment.objects.create(run=AssignmentRunFactory(call=published.call), application=hidden, reviewer=reviewer)
    client.force_login(reviewer.user)
    page = client.get(reverse("selection:my_assignments")).content.decode()
    assert mine.reference in page and hidden.reference not in page
    search = client.get(reverse("selection:declare_conflict_of_interest"), {"q": "zyxw"}).content.decode()
    assert mine.reference in search
    response = client.post(
        reverse("selection:declare_conflict_of_interest"),
        {"application": mine.pk, "detail": "My student", "confirm": "1"},
    )
    assert response.status_code == 302
    conflict = ConflictOfInterest.objects.get()
    assert (conflict.reviewer, conflict.source, conflict.detail) == (reviewer, "declared_by_reviewer", "My student")
    assert not Assignment.objects.filter(application=mine, review_started_at__isnull=True).exists()
    assert client.post(reverse("selection:declare_conflict_of_interest"), {"application": 0}).status_code == 400


def test_reviewer_completes_their_profile(client):
    reviewer = ReviewerProfileFactory(profile_completed_at=None, institution="", expertise="")
    client.force_login(reviewer.user)
    url = reverse("selection:reviewer_profile")
    assert "not complete" in client.get(url).content.decode()
    bad = client.post(url, {"first_name": "Jae", "last_name": "Park", "institution": "KAIST", "expertise": "LLM",
                            "max_load": 500, "orcid": "123"})
    assert bad.status_code == 400 and "ORCID" in bad.content.decode()
    good = client.post(url, {"first_name": "Jae", "last_name": "Park", "institution": "KAIST",
                             "expertise": "LLM ,  reasoning", "max_load": 8,
                             "orcid": "0000-0002-1825-0097", "is_available": "on", "phd_year": 2010})
    assert good.status_code == 302
    reviewer.refresh_from_db()
    assert reviewer.is_complete and reviewer.expertise == "LLM, reasoning" and reviewer.max_load == 8
    assert reviewer.profile_completed_at <= timezone.now()


def test_conflicts_page_shows_one_row_per_pair_with_every_reason_and_the_reviewers_email(client):
    application = AwaitingReviewApplicationFactory()
    reviewer = ReviewerProfileFactory()
    namesake = ReviewerProfileFactory(user__first_name=reviewer.user.first_name,
                                      user__last_name=reviewer.user.last_name)
    for source in (ConflictOfInterestSource.SAME_INSTITUTION, ConflictOfInterestSource.COAUTHOR):
        ConflictOfInterest.objects.create(application=application, reviewer=reviewer, source=source, detail="KAIST")
    ConflictOfInterest.objects.create(application=application, reviewer=namesake,
                                      source=ConflictOfInterestSource.COAUTHOR,
                            detail="KAIST")
    client.force_login(StaffFactory())
    body = client.get(reverse("selection:conflicts_of_interest", args=[application.call.code])).content.decode()
    rows = body.split("<tbody>")[1].split("</tbody>")[0].count("<tr>")
    assert rows == 2
    assert reviewer.user.email in body and namesake.user.email in body
    first_row = body.split("<tbody>")[1].split("</tr>")[0]
    assert first_row.count("<div>KAIST</div>") == 1 and first_row.count('class="badge"') == 2


def test_the_assignment_page_keeps_up_with_hand_edits_and_publication(client, django_capture_on_commit_callbacks):
    application = AwaitingReviewApplicationFactory()
    run = AssignmentRunFactory(call=application.call, objective=0.5)
    first = ReviewerProfileFactory()
    Assignment.objects.create(run=run, application=application, reviewer=first, affinity=0.5)
    client.force_login(StaffFactory())
    url = reverse("selection:assignment", args=[application.call.code]) + f"?run={run.pk}"
    page = client.get(url).content.decode()
    assert "Proposed assignment" in page and "as solved" not in page
    added = ReviewerProfileFactory()
    client.post(reverse("selection:assignment_add", args=[application.call.code, run.pk]),
                {"application": application.pk, "reviewer": added.pk})
    Assignment.objects.filter(run=run, reviewer=added).update(affinity=0.25)
    page = client.get(url).content.decode()
    assert "0.75" in page and "as solved: 0.50" in page
    refused = client.post(reverse("selection:assignment_add", args=[application.call.code, run.pk]),
                          {"application": application.pk, "reviewer": added.pk, "page": "1"})
    assert refused.status_code == 409
    assert f'<meta name="portal-replace-url" content="{url.replace("?", "?")}&amp;page=1">' in \
        refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("selection:run_publish", args=[application.call.code, run.pk]))
    assert "Published assignment" in client.get(url).content.decode()
