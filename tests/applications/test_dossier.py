from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationStatus, StaleSectionEdit
from applications.selectors.dossier import section_fingerprint
from applications.services.dossier import application_section_save, application_start
from applications.services.submission import application_submit, application_withdraw
from applications.errors import ApplicationLocked, CallNotOpen, DeadlinePassed, SubmissionIncomplete
from innocore.models import EmailMessage
from tests.applications.dossiers import complete_application, save
from tests.factories import CallFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_one_application_per_applicant_and_call():
    call, user = CallFactory(), UserFactory()
    first = application_start(call=call, applicant=user)
    assert application_start(call=call, applicant=user) == first
    assert Application.objects.filter(call=call, applicant=user).count() == 1


def test_cannot_start_a_closed_call():
    call = CallFactory(opens_at=timezone.now() - timedelta(days=10), closes_at=timezone.now() - timedelta(days=1))
    with pytest.raises(CallNotOpen):
        application_start(call=call, applicant=UserFactory())


def test_a_stale_save_is_kept_as_a_conflict_and_overwrites_nothing():
    application = application_start(call=CallFactory(), applicant=UserFactory())
    stale = section_fingerprint(application=application, section="position")
    save(application, "position", {"current_position": "Postdoc", "current_institution": "ETH Zurich"})
    result = application_section_save(
        application=application, section="position", based_on=stale, by=application.applicant,
        data={"current_position": "Research fellow", "current_institution": "Oxford"},
    )
    assert not result.saved
    application.refresh_from_db()
    assert application.current_institution == "ETH Zurich"
    kept = StaleSectionEdit.objects.get(application=application)
    assert kept.data["current_institution"] == "Oxford" and kept.section == "position"


def test_two_tabs_editing_different_sections_do_not_conflict():
    application = application_start(call=CallFactory(), applicant=UserFactory())
    research_tab = section_fingerprint(application=application, section="research")
    save(application, "position", {"current_position": "Postdoc", "current_institution": "ETH Zurich"})
    result = application_section_save(
        application=application, section="research", based_on=research_tab, by=application.applicant,
        data={"research_field": "AI"},
    )
    assert result.saved and result.application.current_institution == "ETH Zurich"


def test_submit_lists_everything_missing():
    application = application_start(call=CallFactory(), applicant=UserFactory())
    with pytest.raises(SubmissionIncomplete) as excinfo:
        application_submit(application=application, by=application.applicant)
    sections = {item.section for item in excinfo.value.missing}
    assert sections >= {"personal", "phd", "research", "teams", "documents", "referees", "consents", "outreach"}


def test_submit_freezes_records_sha256_and_emails(django_capture_on_commit_callbacks):
    application = complete_application(call=CallFactory())
    with django_capture_on_commit_callbacks(execute=True):
        submitted = application_submit(application=application, by=application.applicant)
    assert submitted.status == ApplicationStatus.SUBMITTED and len(submitted.submitted_sha256) == 64
    assert any("received" in m.subject for m in mail.outbox)
    with pytest.raises(ApplicationLocked):
        application_section_save(application=submitted, section="position",
                                 based_on=section_fingerprint(application=submitted, section="position"),
                                 data={"current_position": "x"}, by=submitted.applicant)


def test_submit_after_closing_is_refused_and_the_draft_stays():
    call = CallFactory()
    application = complete_application(call=call)
    before = Application.objects.values().get(pk=application.pk)
    with pytest.raises(DeadlinePassed) as excinfo:
        application_submit(application=application, by=application.applicant, now=call.closes_at)
    assert "Your draft is kept" in excinfo.value.messages[0]
    assert Application.objects.values().get(pk=application.pk) == before


def test_withdraw_and_resubmit_before_the_deadline():
    application = complete_application(call=CallFactory())
    application = application_submit(application=application, by=application.applicant)
    application = application_withdraw(application=application, by=application.applicant)
    assert application.status == ApplicationStatus.WITHDRAWN and application.is_editable
    application = application_submit(application=application, by=application.applicant)
    assert application.status == ApplicationStatus.SUBMITTED


def test_the_sha256_covers_the_content():
    first = application_submit(application=complete_application(call=CallFactory()), by=None)
    second_app = complete_application(call=CallFactory())
    save(second_app, "position", {"current_position": "Lecturer", "current_institution": "Stanford University"})
    second = application_submit(application=second_app, by=None)
    assert first.submitted_sha256 != second.submitted_sha256


def test_submit_view_lists_missing_items_with_links(client):
    user = UserFactory()
    application = application_start(call=CallFactory(), applicant=user)
    client.force_login(user)
    response = client.post(reverse("applications:submit", args=[application.pk]))
    body = response.content.decode()
    assert response.status_code == 422
    assert "Your nationality is missing." in body
    assert reverse("applications:section", args=[application.pk, "personal"]) in body


def test_section_view_saves_and_stale_tab_gets_a_conflict_page(client):
    user = UserFactory()
    application = application_start(call=CallFactory(), applicant=user)
    client.force_login(user)
    url = reverse("applications:section", args=[application.pk, "position"])
    shown = section_fingerprint(application=application, section="position")
    first = client.post(url, {"version": shown, "current_position": "Postdoc",
                              "current_institution": "KAIST"})
    assert first.status_code == 302
    stale = client.post(url, {"version": shown, "current_position": "Fellow",
                              "current_institution": "Oxford"})
    body = stale.content.decode()
    assert stale.status_code == 409
    assert "changed in another tab" in body and "Oxford" in body and "KAIST" in body
    application.refresh_from_db()
    assert application.current_institution == "KAIST"


def test_autosave_answers_json(client):
    user = UserFactory()
    application = application_start(call=CallFactory(), applicant=user)
    client.force_login(user)
    url = reverse("applications:section", args=[application.pk, "research"])
    shown = section_fingerprint(application=application, section="research")
    ok = client.post(url, {"version": shown, "research_field": "AI"}, headers={"X-Autosave": "1"})
    application.refresh_from_db()
    assert ok.status_code == 200 and ok.json()["version"] == section_fingerprint(application=application,
                                                                                  section="research")
    stale = client.post(url, {"version": shown, "research_field": "Bio"}, headers={"X-Autosave": "1"})
    assert stale.status_code == 409 and stale.json()["conflict"] is True
    bad = client.post(url, {"version": ok.json()["version"], "keywords": ",".join(f"k{i}" for i in range(11))},
                      headers={"X-Autosave": "1"})
    assert bad.status_code == 422 and "at most 10 keywords" in str(bad.json()["errors"])


def test_team_preferences_must_be_distinct(client):
    user = UserFactory()
    application = complete_application(call=CallFactory(), applicant=user)
    client.force_login(user)
    team = application.team_preferences.first().team_id
    response = client.post(reverse("applications:section", args=[application.pk, "teams"]),
                           {"version": section_fingerprint(application=application, section="teams"),
                            "rank_1": team, "rank_2": team})
    assert response.status_code == 400 and "only once" in response.content.decode()


def test_status_page_lists_every_email(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        application = complete_application(call=CallFactory(), applicant=user)
        application_submit(application=application, by=user)
    client.force_login(user)
    body = client.get(reverse("applications:status", args=[application.pk])).content.decode()
    for email in EmailMessage.objects.filter(topic=f"application:{application.pk}"):
        assert email.subject in body
    assert "Download the receipt" in body


def test_receipt_is_a_pdf_with_the_reference(client):
    user = UserFactory()
    application = application_submit(application=complete_application(call=CallFactory(), applicant=user), by=user)
    client.force_login(user)
    response = client.get(reverse("applications:receipt", args=[application.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    from pypdf import PdfReader
    import io
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert application.reference in text and application.submitted_sha256[:32] in text.replace("\n", "")


def test_deadline_is_shown_in_the_applicants_chosen_time_zone(client):
    user = UserFactory(timezone="America/New_York")
    call = CallFactory()
    application = application_start(call=call, applicant=user)
    client.force_login(user)
    body = client.get(reverse("applications:overview", args=[application.pk])).content.decode()
    from zoneinfo import ZoneInfo
    local = call.closes_at.astimezone(ZoneInfo("America/New_York")).strftime("%Y-%m-%d %H:%M")
    assert f"{local} (America/New_York)" in body and "KST" in body


def test_career_breaks_section_saves_and_explains_errors(client):
    user = UserFactory()
    application = application_start(call=CallFactory(), applicant=user)
    client.force_login(user)
    url = reverse("applications:section", args=[application.pk, "career_breaks"])
    shown = section_fingerprint(application=application, section="career_breaks")
    incomplete = client.post(url, {"version": shown, "break_1_kind": "parental_leave", "break_1_start": "2023-01-01"})
    assert incomplete.status_code == 400 and "the first and the last day" in incomplete.content.decode()
    backwards = client.post(url, {"version": shown, "break_1_kind": "illness", "break_1_start": "2023-05-01",
                                  "break_1_end": "2023-04-01"})
    assert "cannot be before the first day" in backwards.content.decode()
    saved = client.post(url, {"version": shown, "break_1_kind": "military_service", "break_1_start": "2022-01-01",
                              "break_1_end": "2023-06-30"})
    assert saved.status_code == 302
    assert list(application.career_breaks.values_list("kind", flat=True)) == ["military_service"]


def test_autosave_on_a_submitted_application_says_it_is_locked(client):
    user = UserFactory()
    application = complete_application(call=CallFactory(), applicant=user)
    client.force_login(user)
    url = reverse("applications:section", args=[application.pk, "research"])
    shown = section_fingerprint(application=application, section="research")
    application_submit(application=application, by=user)  # submitted from another tab meanwhile
    response = client.post(url, {"version": shown, "research_field": "AI"}, headers={"X-Autosave": "1"})
    assert response.status_code == 409
    assert response.json()["locked"] is True and "no longer be edited" in response.json()["message"]
    assert "conflict" not in response.json()


def test_kept_versions_can_be_hidden_once_copied(client):
    user = UserFactory()
    application = application_start(call=CallFactory(), applicant=user)
    client.force_login(user)
    url = reverse("applications:section", args=[application.pk, "position"])
    stale = section_fingerprint(application=application, section="position")
    client.post(url, {"version": stale, "current_position": "Postdoc", "current_institution": "KAIST"})
    client.post(url, {"version": stale, "current_position": "Fellow", "current_institution": "Oxford"})
    assert "Oxford" in client.get(url).content.decode()
    response = client.post(reverse("applications:stale_edits_dismiss", args=[application.pk, "position"]))
    assert response.status_code == 302
    assert "Oxford" not in client.get(url).content.decode()
    assert StaleSectionEdit.objects.get(application=application).dismissed_at is not None
