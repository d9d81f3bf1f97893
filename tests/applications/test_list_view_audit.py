"""Issue 8: a staff page or admin list naming applicants leaves one audit row; the admin follows the rules' scope.

Institute staff given ``is_staff`` and every view permission still see only their institute's applications
in the admin, and another institute's application answers 404.
"""
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application, EligibilityVerdict, VerdictOutcome
from applications.services.dossier_access import LIST_REFERENCES_KEPT, applicant_list_view_record
from applications.services.eligibility import eligibility_check_many
from innocore.models import AuditAction, AuditEntry
from tests.factories import (
    CallFactory, CallTeamQuotaFactory, InstituteStaffFactory, MinistryStaffFactory, ReviewerUserFactory,
    StaffFactory, SubmittedApplicationFactory,
)

pytestmark = pytest.mark.django_db

APPLICATIONS = reverse("admin:applications_application_changelist")
VERDICTS = reverse("admin:applications_eligibilityverdict_changelist")
IP = "198.51.100.7"


def looks():
    return AuditEntry.objects.filter(action=AuditAction.LIST_VIEW)


def _application(call, team) -> Application:
    application = SubmittedApplicationFactory(call=call)
    application.team_preferences.update(team=team)
    return application


@pytest.fixture
def two_institutes():
    """One call, a team at each of two institutes, 2 and 3 checked applications."""
    call = CallFactory()
    team_one, team_two = CallTeamQuotaFactory(call=call).team, CallTeamQuotaFactory(call=call).team
    ones = [_application(call, team_one) for _ in range(2)]
    twos = [_application(call, team_two) for _ in range(3)]
    eligibility_check_many(application_ids=[a.pk for a in ones + twos])
    return {"call": call, "ones": ones, "twos": twos, "team_one": team_one,
            "staff_one": InstituteStaffFactory(institute=team_one.institute)}


def _admin_institute_staff(institute):
    """Institute staff someone gave the admin and every view permission of applicant data."""
    staff = InstituteStaffFactory(institute=institute, is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(
        codename__in=["view_application", "change_application", "view_eligibilityverdict"]))
    return staff


def references(applications) -> set[str]:
    return {a.reference for a in applications}


# The service ---------------------------------------------------------------------------------------------------

def test_a_list_row_keeps_the_first_references_and_counts_the_rest_and_an_empty_list_records_nothing():
    staff = StaffFactory()
    many = [f"REF-{n:04d}" for n in range(LIST_REFERENCES_KEPT + 2)]
    row = applicant_list_view_record(by=staff, page="somewhere", references=many + many[:3],
                                     call_codes=["C1", "C2", "C1"], query="q=Kim")
    assert (row.action, row.actor_id, row.call_code, row.target_label) == (AuditAction.LIST_VIEW, staff.pk, "",
                                                                           "somewhere")
    assert row.data == {"page": "somewhere", "references": many[:LIST_REFERENCES_KEPT], "more": 2,
                        "calls": ["C1", "C2"], "query": "q=Kim"}
    assert applicant_list_view_record(by=staff, page="somewhere", references=[], call_codes=["C1"]) is None
    assert looks().count() == 1


# The staff eligibility page ------------------------------------------------------------------------------------

def test_the_eligibility_page_records_the_references_it_shows_with_its_filter(client, two_institutes):
    call, staff = two_institutes["call"], two_institutes["staff_one"]
    client.force_login(staff)
    url = reverse("applications:staff_call_eligibility", args=[call.code])
    assert client.get(url, REMOTE_ADDR=IP).status_code == 200
    row = looks().get()
    assert (row.actor_id, row.call_code, row.ip_address) == (staff.pk, call.code, IP)
    assert row.data["page"] == "applications:staff_call_eligibility"
    assert set(row.data["references"]) == references(two_institutes["ones"])
    present = set(EligibilityVerdict.objects.filter(application__in=two_institutes["ones"])
                  .values_list("outcome", flat=True))
    absent = next(value for value in VerdictOutcome.values if value not in present)
    client.get(url, {"outcome": absent})  # no names shown, nothing recorded
    assert looks().count() == 1
    shown = min(present)
    client.get(url, {"outcome": shown})
    assert (looks().count(), looks().first().data["query"]) == (2, f"outcome={shown}")


def test_an_empty_eligibility_page_records_nothing(client):
    client.force_login(MinistryStaffFactory())
    assert client.get(reverse("applications:staff_call_eligibility", args=[CallFactory().code])).status_code == 200
    assert not looks().exists()


# The admin: list views audited ---------------------------------------------------------------------------------

def test_the_application_changelist_records_the_page_and_the_name_search(client, two_institutes):
    staff = StaffFactory()
    client.force_login(staff)
    assert client.get(APPLICATIONS).status_code == 200
    row = looks().get()
    every = two_institutes["ones"] + two_institutes["twos"]
    assert (row.actor_id, row.call_code, row.data["page"]) == (
        staff.pk, two_institutes["call"].code, "admin:applications_application_changelist")
    assert set(row.data["references"]) == references(every)
    target = every[0]
    page = client.get(APPLICATIONS, {"q": target.family_name})
    assert target.full_name in page.content.decode()
    assert target.reference in looks().first().data["references"]
    assert looks().first().data["query"] == f"q={target.family_name}"
    client.get(APPLICATIONS, {"q": "no such name at all"})
    assert looks().count() == 2


def test_the_verdict_changelist_and_change_page_are_recorded(client, two_institutes):
    client.force_login(StaffFactory())
    assert client.get(VERDICTS).status_code == 200
    assert set(looks().get().data["references"]) == references(two_institutes["ones"] + two_institutes["twos"])
    verdict = EligibilityVerdict.objects.select_related("application").first()
    change = reverse("admin:applications_eligibilityverdict_change", args=[verdict.pk])
    assert client.get(change).status_code == 200
    row = looks().first()
    assert (row.data["references"], row.call_code, row.data["page"]) == (
        [verdict.application.reference], two_institutes["call"].code, "admin:applications_eligibilityverdict_change")


@pytest.mark.parametrize("url", [APPLICATIONS, VERDICTS])
def test_admin_changelists_of_applicant_data_have_flat_query_counts(client, two_institutes, url):
    client.force_login(StaffFactory())
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    more = [_application(two_institutes["call"], two_institutes["team_one"]) for _ in range(4)]
    eligibility_check_many(application_ids=[a.pk for a in more])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert references(more) <= set(looks().first().data["references"])


# The admin: the rules' scope -----------------------------------------------------------------------------------

def test_institute_staff_in_the_admin_see_only_their_institutes_applications(client, two_institutes):
    staff = _admin_institute_staff(two_institutes["team_one"].institute)
    client.force_login(staff)
    listed = client.get(APPLICATIONS)
    assert listed.status_code == 200
    assert set(listed.context["cl"].result_list) == set(two_institutes["ones"])
    assert set(looks().get().data["references"]) == references(two_institutes["ones"])
    verdicts = client.get(VERDICTS)
    assert {v.application_id for v in verdicts.context["cl"].result_list} == {a.pk for a in two_institutes["ones"]}
    theirs, mine = two_institutes["twos"][0], two_institutes["ones"][0]
    html = client.get(reverse("admin:applications_application_change", args=[mine.pk]))
    assert html.status_code == 200
    for name in ("change", "history"):
        assert client.get(reverse(f"admin:applications_application_{name}", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("admin:applications_application_change", args=[99_999_999])).status_code == 404
    verdict = EligibilityVerdict.objects.get(application=theirs)
    assert client.get(reverse("admin:applications_eligibilityverdict_change", args=[verdict.pk])).status_code == 404
    assert not AuditEntry.objects.filter(actor=staff, target_id=str(theirs.pk)).exists()
    assert not looks().filter(data__references__contains=[theirs.reference]).exists()


def test_an_account_outside_the_programme_staff_cannot_use_the_admin_of_applicant_data(client, two_institutes):
    reviewer = ReviewerUserFactory(is_staff=True)
    reviewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_application",
                                                                           "view_eligibilityverdict"]))
    client.force_login(reviewer)
    for url in (APPLICATIONS, VERDICTS,
                reverse("admin:applications_application_change", args=[two_institutes["ones"][0].pk])):
        assert client.get(url).status_code in (403, 404), url
    assert "applications/application" not in client.get(reverse("admin:index")).content.decode()
    assert not looks().exists()
