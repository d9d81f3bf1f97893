"""Issue 8: institute staff see their institute's applications only; call-wide actions are the ministry's.

Covers the staff overview counts, the eligibility page (list, counts, hidden buttons), the ministry-only
actions (403 for institute staff) and request-information (404 outside the institute).
"""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application, ApplicationStatus
from applications.services.eligibility import eligibility_check_many
from selection.models import AssignmentRun, ReviewerInvitation
from tests.factories import (
    AssignmentRunFactory, CallFactory, CallTeamQuotaFactory, InstituteStaffFactory, MinistryStaffFactory,
    StaffFactory, SubmittedApplicationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_institutes():
    """A call with one team (quota 3) at institute 1 and one (quota 5) at institute 2; 2 + 3 checked applications."""
    call = CallFactory(total_quota=20)
    team_one = CallTeamQuotaFactory(call=call, quota=3).team
    team_two = CallTeamQuotaFactory(call=call, quota=5).team
    ones = [_application(call, team_one) for _ in range(2)]
    twos = [_application(call, team_two) for _ in range(3)]
    eligibility_check_many(application_ids=[a.pk for a in ones + twos])
    return {"call": call, "ones": ones, "twos": twos,
            "staff_one": InstituteStaffFactory(institute=team_one.institute),
            "staff_two": InstituteStaffFactory(institute=team_two.institute)}


def _application(call, team) -> Application:
    application = SubmittedApplicationFactory(call=call)
    application.team_preferences.update(team=team)
    return application


def test_overview_counts_only_the_institutes_applications_against_its_quota(client, two_institutes):
    """The dashboard (issue 12) of institute staff: their institute's applications against its teams' quotas."""
    def submitted_and_quota(user):
        client.force_login(user)
        response = client.get(reverse("selection:overview"), {"call": two_institutes["call"].code})
        return response.context["dashboard"].total.applications, response.context["dashboard"].total.quota

    assert submitted_and_quota(two_institutes["staff_one"]) == (2, 3)
    assert submitted_and_quota(MinistryStaffFactory()) == (5, 20)
    assert submitted_and_quota(StaffFactory()) == (5, 20)


def test_overview_page_hides_call_wide_links_from_institute_staff(client, two_institutes):
    call = two_institutes["call"]
    client.force_login(two_institutes["staff_one"])
    page = client.get(reverse("selection:overview")).content.decode()
    assert reverse("applications:staff_call_eligibility", args=[call.code]) in page
    for url in (
        reverse("selection:assignment", args=[call.code]),
        reverse("selection:conflicts_of_interest", args=[call.code]),
        reverse("selection:invite"),
    ):
        assert url not in page
    client.force_login(MinistryStaffFactory())
    page = client.get(reverse("selection:overview")).content.decode()
    assert reverse("selection:assignment", args=[call.code]) in page and reverse("selection:invite") in page


def test_overview_query_count_is_flat_for_institute_staff(client, two_institutes):
    client.force_login(two_institutes["staff_one"])
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("selection:overview")).status_code == 200
    for _ in range(3):
        call = CallFactory()
        _application(call, CallTeamQuotaFactory(call=call, team__institute=two_institutes["staff_one"].institute).team)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("selection:overview")).status_code == 200
    assert len(many) == len(few)


def test_eligibility_page_lists_only_the_institutes_applications_without_call_wide_buttons(client, two_institutes):
    call = two_institutes["call"]
    client.force_login(two_institutes["staff_one"])
    page = client.get(reverse("applications:staff_call_eligibility", args=[call.code])).content.decode()
    assert all(a.reference in page for a in two_institutes["ones"])
    assert not any(a.reference in page for a in two_institutes["twos"])
    for url in (reverse("applications:staff_call_eligibility_recheck", args=[call.code]),
                reverse("applications:staff_call_eligibility_defaults", args=[call.code]), "/admin/"):
        assert url not in page
    progress = client.get(reverse("applications:staff_call_eligibility_progress", args=[call.code])).json()
    assert sum(progress["counts"].values()) == 2
    client.force_login(MinistryStaffFactory())
    page = client.get(reverse("applications:staff_call_eligibility", args=[call.code])).content.decode()
    assert all(a.reference in page for a in two_institutes["ones"] + two_institutes["twos"])
    assert reverse("applications:staff_call_eligibility_recheck", args=[call.code]) in page


def test_eligibility_page_query_count_is_flat_for_institute_staff(client, two_institutes):
    call, staff = two_institutes["call"], two_institutes["staff_one"]
    url = reverse("applications:staff_call_eligibility", args=[call.code])
    client.force_login(staff)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    team = call.teams.get(institute=staff.institute)
    more = [_application(call, team) for _ in range(4)]
    eligibility_check_many(application_ids=[a.pk for a in more])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_call_wide_actions_are_ministry_only(client, two_institutes):
    call = two_institutes["call"]
    run = AssignmentRunFactory(call=call)
    client.force_login(two_institutes["staff_one"])
    refused = [
        ("post", reverse("applications:staff_call_eligibility_recheck", args=[call.code]), {}),
        ("post", reverse("applications:staff_call_eligibility_defaults", args=[call.code]), {}),
        ("get", reverse("selection:assignment", args=[call.code]), {}),
        ("post", reverse("selection:run_start", args=[call.code]), {"k": 2, "min_preferred": 0}),
        ("get", reverse("selection:run_progress", args=[call.code, run.pk]), {}),
        ("post", reverse("selection:assignment_add", args=[call.code, run.pk]), {}),
        ("post", reverse("selection:assignment_remove", args=[call.code, run.pk]), {}),
        ("post", reverse("selection:run_publish", args=[call.code, run.pk]), {}),
        ("get", reverse("selection:conflicts_of_interest", args=[call.code]), {}),
        ("post", reverse("selection:conflicts_of_interest", args=[call.code]), {}),
        ("get", reverse("selection:invite"), {}),
        ("post", reverse("selection:invite"), {"email": "new@uni.example"}),
    ]
    for method, url, data in refused:
        assert getattr(client, method)(url, data).status_code == 403, (method, url)
    assert call.eligibility_rules.count() == 0 and not call.eligibility_runs.exists()
    assert AssignmentRun.objects.get() == run and run.status == "proposed"
    assert not ReviewerInvitation.objects.exists()


def test_request_information_is_404_outside_the_institute(client, two_institutes):
    theirs, mine = two_institutes["twos"][0], two_institutes["ones"][0]
    client.force_login(two_institutes["staff_one"])
    url = reverse("applications:request_information", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"message": "Send the certificate"}).status_code == 404
    assert client.get(reverse("applications:request_information", args=[99_999_999])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ApplicationStatus.AWAITING_REVIEW
    assert client.get(reverse("applications:request_information", args=[mine.pk])).status_code == 200


def test_the_services_of_call_wide_actions_refuse_institute_staff(two_institutes):
    from django.core.exceptions import PermissionDenied

    from applications.services.eligibility import call_eligibility_recheck, call_eligibility_rules_create_defaults
    from selection.services.assignment import assignment_run_start
    from selection.services.assignment_edit import assignment_manual_add, assignment_publish
    from selection.services.reviewers import reviewer_invite
    from tests.factories import ReviewerProfileFactory

    call, staff = two_institutes["call"], two_institutes["staff_one"]
    run = AssignmentRunFactory(call=call)
    attempts = [
        lambda: call_eligibility_recheck(call=call, by=staff),
        lambda: call_eligibility_rules_create_defaults(call=call, by=staff),
        lambda: assignment_run_start(call=call, by=staff),
        lambda: assignment_manual_add(run=run, application=two_institutes["ones"][0],
                                      reviewer=ReviewerProfileFactory(), by=staff),
        lambda: assignment_publish(run=run, by=staff),
        lambda: reviewer_invite(email="someone@uni.example", by=staff),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    run.refresh_from_db()
    assert run.status == "proposed" and not run.assignments.exists() and AssignmentRun.objects.count() == 1
    assert not ReviewerInvitation.objects.exists()
