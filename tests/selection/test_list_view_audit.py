"""Issue 8: the assignment, conflicts and reviewer pages name applicants, so each view leaves one audit row.

The conflict and assignment admins too, and they are the ministry's, as the conflicts page is.
"""
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innocore.models import AuditAction, AuditEntry
from selection.models import Assignment, ConflictOfInterest, ConflictOfInterestSource, RunStatus
from tests.factories import (
    AssignmentRunFactory, AwaitingReviewApplicationFactory, InstituteStaffFactory, ReviewerProfileFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def looks():
    return AuditEntry.objects.filter(action=AuditAction.LIST_VIEW)


def test_the_assignment_page_records_the_applications_it_lists(client):
    run = AssignmentRunFactory()
    shown = [AwaitingReviewApplicationFactory(call=run.call) for _ in range(2)]
    Assignment.objects.create(run=run, application=shown[0], reviewer=ReviewerProfileFactory(), affinity=0.5)
    AwaitingReviewApplicationFactory()  # another call's: not on the page
    staff = StaffFactory()
    client.force_login(staff)
    page = client.get(reverse("selection:assignment", args=[run.call.code]), {"run": run.pk})
    assert page.status_code == 200 and shown[1].full_name in page.content.decode()
    row = looks().get()
    assert (row.actor_id, row.call_code, row.data["page"], row.data["query"]) == (
        staff.pk, run.call.code, "selection:assignment", f"run={run.pk}")
    assert sorted(row.data["references"]) == sorted(a.reference for a in shown)


def test_the_conflicts_page_records_the_applications_it_lists_with_its_filter(client):
    run = AssignmentRunFactory()
    application = AwaitingReviewApplicationFactory(call=run.call)
    ConflictOfInterest.objects.create(application=application, reviewer=ReviewerProfileFactory(),
                                      source=ConflictOfInterestSource.COAUTHOR)
    client.force_login(StaffFactory())
    url = reverse("selection:conflicts_of_interest", args=[run.call.code])
    assert client.get(url).status_code == 200
    assert looks().get().data["references"] == [application.reference]
    client.get(
        url, {"source": ConflictOfInterestSource.DECLARED_BY_REVIEWER}
    )  # none of those: nothing shown or recorded
    assert looks().count() == 1
    client.get(url, {"source": ConflictOfInterestSource.COAUTHOR})
    assert looks().count() == 2 and looks().first().data["query"] == f"source={ConflictOfInterestSource.COAUTHOR}"


def test_the_reviewers_pages_record_the_applicants_they_name(client):
    reviewer = ReviewerProfileFactory()
    client.force_login(reviewer.user)
    assert client.get(reverse("selection:my_assignments")).status_code == 200
    assert not looks().exists()  # nothing assigned yet: nobody named
    runs = [AssignmentRunFactory(status=RunStatus.PUBLISHED) for _ in range(2)]
    mine = [AwaitingReviewApplicationFactory(call=run.call, family_name="Mineson") for run in runs]
    for run, application in zip(runs, mine, strict=True):
        Assignment.objects.create(run=run, application=application, reviewer=reviewer)
    client.get(reverse("selection:my_assignments"))
    row = looks().get()
    assert (row.actor_id, row.call_code, row.data["page"]) == (reviewer.user_id, "", "selection:my_assignments")
    assert sorted(row.data["references"]) == sorted(a.reference for a in mine)
    assert row.data["calls"] == sorted(run.call.code for run in runs)

    declare = reverse("selection:declare_conflict_of_interest")
    client.get(declare)  # the search form alone names nobody
    client.get(declare, {"q": "Nobodyson"})
    assert looks().count() == 1
    client.get(declare, {"q": "Mineson"})
    row = looks().first()
    assert (row.data["page"], row.data["query"]) == ("selection:declare_conflict_of_interest", "q=Mineson")
    assert sorted(row.data["references"]) == sorted(a.reference for a in mine)


def _grow(run, count: int) -> list:
    applications = [AwaitingReviewApplicationFactory(call=run.call) for _ in range(count)]
    for application in applications:
        Assignment.objects.create(run=run, application=application, reviewer=ReviewerProfileFactory(), affinity=0.5)
        ConflictOfInterest.objects.create(application=application, reviewer=ReviewerProfileFactory(),
                                          source=ConflictOfInterestSource.COAUTHOR)
    return applications


@pytest.mark.parametrize("model", ["conflictofinterest", "assignment"])
def test_the_conflict_and_assignment_admin_lists_are_recorded_with_flat_query_counts(client, model):
    run = AssignmentRunFactory()
    first = _grow(run, 1)
    client.force_login(StaffFactory())
    url = reverse(f"admin:selection_{model}_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    more = _grow(run, 4)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    row = looks().first()
    assert (row.call_code, row.data["page"]) == (run.call.code, f"admin:selection_{model}_changelist")
    assert sorted(row.data["references"]) == sorted(a.reference for a in first + more)


def test_the_conflict_and_assignment_admin_are_the_ministrys(client):
    run = AssignmentRunFactory()
    application = _grow(run, 1)[0]
    staff = InstituteStaffFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(
        codename__in=["view_conflictofinterest", "add_conflictofinterest", "view_assignment", "view_application"]))
    client.force_login(staff)
    for url in (
        reverse("admin:selection_conflictofinterest_changelist"),
        reverse("admin:selection_conflictofinterest_add"),
        reverse("admin:selection_assignment_changelist"),
    ):
        assert client.get(url).status_code == 403, url
    conflict = ConflictOfInterest.objects.get(application=application)
    assert client.get(reverse("admin:selection_conflictofinterest_change", args=[conflict.pk])).status_code in (
        403,
        404,
    )
    assert not looks().exists()


def test_a_conflict_change_page_records_the_applicant_it_names(client):
    application = _grow(AssignmentRunFactory(), 1)[0]
    client.force_login(StaffFactory())
    conflict = ConflictOfInterest.objects.get(application=application)
    page = client.get(reverse("admin:selection_conflictofinterest_change", args=[conflict.pk]))
    assert page.status_code == 200 and application.full_name in page.content.decode()
    row = looks().get()
    assert (row.data["page"], row.data["references"], row.call_code) == (
        "admin:selection_conflictofinterest_change", [application.reference], application.call.code)
