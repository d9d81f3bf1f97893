import pytest
from django.test.utils import CaptureQueriesContext
from django.db import connection
from django.urls import reverse

from innocore.demo import demo_programme_seed
from tests.factories import CallFactory, CallTeamQuotaFactory, InstituteFactory, ResearchTeamFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_home_shows_the_call_its_deadline_and_the_eight_teams(client):
    demo_programme_seed()
    response = client.get(reverse("home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "InnoCORE AI Convergence Postdoctoral Fellowship 2025" in body
    assert "Deadline" in body and "Korea time (KST)" in body and "data-countdown" in body
    for name in ["LLM Innovation", "AI Drug Discovery", "AI-Space Solar", "Bio-embodied Physical AI", "AI-ACE"]:
        assert name in body
    assert "8 research teams" in body


def test_home_in_korean(client):
    demo_programme_seed()
    client.cookies["django_language"] = "ko"
    body = client.get(reverse("home")).content.decode()
    assert "초거대 언어모델 혁신" in body and "마감" in body and 'lang="ko"' in body


def test_home_without_any_call(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200 and "No call for applications" in response.content.decode()


def test_language_switch_sets_korean(client):
    response = client.post(reverse("set_language"), {"language": "ko", "next": "/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "ko"


def test_staff_see_the_admin_link_and_applicants_do_not(client, django_user_model):
    demo_programme_seed()
    staff = StaffFactory()
    client.force_login(staff)
    assert reverse("admin:index") in client.get("/").content.decode()
    client.logout()
    assert reverse("admin:index") not in client.get("/").content.decode()


def _teams(call, count):
    for _ in range(count):
        CallTeamQuotaFactory(call=call, team=ResearchTeamFactory(institute=InstituteFactory()), quota=1)


def test_home_query_count_is_flat_as_teams_grow(client):
    call = CallFactory()
    _teams(call, 1)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    _teams(call, 20)
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)


def test_admin_pages_load_for_staff(client):
    call = demo_programme_seed()
    client.force_login(StaffFactory())
    for url in [
        reverse("admin:innocore_call_changelist"),
        reverse("admin:innocore_call_change", args=[call.pk]),
        reverse("admin:innocore_researchteam_changelist"),
        reverse("admin:innocore_institute_changelist"),
        reverse("admin:innocore_user_changelist"),
        reverse("admin:innocore_emailmessage_changelist"),
        reverse("admin:applications_application_changelist"),
    ]:
        assert client.get(url).status_code == 200, url
