"""Applicants start, edit and submit their draft through the API with the pages' forms and services."""
from datetime import timedelta

import pytest
from django.utils import timezone

from applications.models import Application, StaleSectionEdit
from applications.selectors.dossier import section_fingerprint
from tests.api.conftest import as_user
from tests.applications.dossiers import complete_application
from tests.factories import CallFactory, CallTeamQuotaFactory

pytestmark = pytest.mark.django_db


def _section(client, application, slug: str) -> dict:
    response = client.get(f"/api/v1/applications/{application.pk}/sections/{slug}/")
    assert response.status_code == 200, response.content
    return response.json()


def _save(client, application, slug: str, values: dict, version: str | None = None):
    version = version if version is not None else _section(client, application, slug)["version"]
    return client.patch(f"/api/v1/applications/{application.pk}/sections/{slug}/",
                        {"version": version, "values": values}, content_type="application/json")


@pytest.fixture
def draft(programme):
    client = as_user(programme.applicant)
    response = client.post("/api/v1/applications/", {"call": programme.call.code}, content_type="application/json")
    assert response.status_code == 201, response.content
    return client, Application.objects.get(pk=response.json()["id"])


def test_starting_twice_gives_the_same_application(programme, draft):
    client, application = draft
    again = client.post("/api/v1/applications/", {"call": programme.call.code.lower()},
                        content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == application.pk
    closed = CallFactory(opens_at=timezone.now() - timedelta(days=9), closes_at=timezone.now() - timedelta(days=1))
    refused = client.post("/api/v1/applications/", {"call": closed.code}, content_type="application/json")
    assert refused.status_code == 409 and refused.json() == {"detail": "This call is not open for applications."}
    assert client.post("/api/v1/applications/", {"call": "NOPE"}, content_type="application/json").status_code == 404
    staff = as_user(programme.ministry).post("/api/v1/applications/", {"call": programme.call.code},
                                             content_type="application/json")
    assert staff.status_code == 403 and "detail" in staff.json()


def test_a_save_changes_only_the_values_it_gives_and_gets_a_new_version(draft):
    client, application = draft
    first = _save(client, application, "personal", {"given_name": "Ada", "nationality": "GB"})
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["values"]["given_name"] == "Ada" and body["values"]["nationality"] == "GB"
    application.refresh_from_db()
    assert body["version"] == section_fingerprint(application=application, section="personal")
    second = _save(client, application, "personal", {"family_name": "Lovelace"}, version=body["version"])
    assert second.json()["values"] | {"family_name": "Lovelace"} == second.json()["values"]
    application.refresh_from_db()
    assert (application.given_name, application.family_name, application.nationality.code) == (
        "Ada", "Lovelace", "GB")


def test_a_stale_version_answers_409_with_both_versions_and_keeps_yours(draft):
    client, application = draft
    stale = _section(client, application, "research")["version"]
    assert _save(client, application, "research", {"research_field": "robotics"}, version=stale).status_code == 200
    conflict = _save(client, application, "research", {"research_field": "chemistry", "keywords": "a, b"},
                     version=stale)
    assert conflict.status_code == 409
    body = conflict.json()
    assert body["detail"] and body["section"] == "research"
    assert body["current"]["research_field"] == "robotics"
    assert body["yours"]["research_field"] == "chemistry" and body["yours"]["keywords"] == "a, b"
    assert body["version"] == _section(client, application, "research")["version"]
    kept = StaleSectionEdit.objects.get(application=application)
    assert kept.based_on == stale and kept.data["research_field"] == "chemistry"
    application.refresh_from_db()
    assert application.research_field == "robotics"


def test_the_pages_checks_apply(programme, draft):
    client, application = draft
    too_many = _save(client, application, "research", {"keywords": ", ".join(f"k{n}" for n in range(11))})
    assert too_many.status_code == 400 and "at most 10 keywords" in too_many.json()["keywords"][0]
    unknown = _save(client, application, "teams", {"teams": ["NOT-A-TEAM"]})
    assert unknown.status_code == 400 and "NOT-A-TEAM" in unknown.json()["teams"][0]
    twice = _save(client, application, "teams", {"teams": [programme.team_a.code, programme.team_a.code]})
    assert twice.status_code == 400 and twice.json()["non_field_errors"]
    bad_doi = _save(client, application, "publications", {"publications": ["A paper, doi: none"]})
    assert bad_doi.status_code == 400 and "DOI" in bad_doi.json()["publications"][0]
    backwards = _save(client, application, "career_breaks", {"career_breaks": [
        {"kind": "illness", "start": "2024-05-01", "end": "2024-01-01"}]})
    assert backwards.status_code == 400 and backwards.json()["career_breaks"]
    teams = _save(client, application, "teams", {"teams": [programme.team_b.code, programme.team_a.code.lower()]})
    assert teams.status_code == 200 and teams.json()["values"]["teams"] == [programme.team_b.code,
                                                                             programme.team_a.code]
    consents = _save(client, application, "consents", {"consent_collection": True})
    assert consents.json()["values"] == {"consent_collection": True, "consent_overseas_transfer": False}


def test_submitting_checks_what_the_page_checks(settings, tmp_path, programme, draft):
    client, application = draft
    incomplete = client.post(f"/api/v1/applications/{application.pk}/submit/")
    assert incomplete.status_code == 422
    missing = incomplete.json()["missing"]
    assert {"section": "research", "message": "Your research plan is missing."} in missing
    page = client.get(f"/apply/{application.pk}/submit/")
    assert all(item["message"] in page.content.decode() for item in missing if "'" not in item["message"])
    settings.MEDIA_ROOT = tmp_path
    call = CallFactory()
    CallTeamQuotaFactory(call=call)
    complete = complete_application(call=call, applicant=programme.applicant)
    done = client.post(f"/api/v1/applications/{complete.pk}/submit/")
    assert done.status_code == 200 and done.json()["status"] == "submitted" and done.json()["submitted_sha256"]
    again = client.post(f"/api/v1/applications/{complete.pk}/submit/")
    assert again.status_code == 409 and "can no longer be edited" in again.json()["detail"]
    frozen = _save(client, complete, "position", {"current_position": "Professor"})
    assert frozen.status_code == 409 and "can no longer be edited" in frozen.json()["detail"]


def test_other_peoples_drafts_are_not_found(programme, draft):
    _client, application = draft
    for user in (programme.ministry, programme.staff_a):
        client = as_user(user)
        assert client.get(f"/api/v1/applications/{application.pk}/sections/personal/").status_code == 404
        assert client.post(f"/api/v1/applications/{application.pk}/submit/").status_code == 404
    assert as_user(programme.applicant).get(
        f"/api/v1/applications/{application.pk}/sections/documents/").status_code == 404
