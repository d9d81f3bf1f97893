import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationStatus, DeadlineReminder
from applications.services.dossier import application_start
from applications.services.information import application_information_request
from applications.services.reminders import deadline_reminders_send
from applications.services.submission import application_submit
from innocore.models import EmailMessage, User
from innocore.storage import documents_storage
from tests.applications.dossiers import complete_application
from tests.factories import CallFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_applicant_downloads_their_data_without_referee_letters(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        application = complete_application(call=CallFactory(), applicant=user)
    client.force_login(user)
    response = client.get(reverse("applications:personal_data"))
    data = json.loads(response.content)
    assert response.status_code == 200 and data["account"]["email"] == user.email
    exported = data["applications"][0]
    assert exported["content"]["reference"] == application.reference
    assert {d["kind"] for d in exported["documents"]} == {"cv", "research_plan", "publication_list"}
    assert all("letter" not in key for r in exported["referees"] for key in r if key != "letter_received_at")
    # Referees' emails carry their private upload links: never part of the applicant's export.
    assert all(e["to"] == user.email for e in data["emails"])


def test_account_with_only_a_draft_is_deleted_with_its_files(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    application = complete_application(call=CallFactory(), applicant=user)
    stored = list(application.documents.values_list("storage_name", flat=True))
    client.force_login(user)
    wrong = client.post(reverse("applications:account_delete"), {"confirm_email": "other@example.org"})
    assert wrong.status_code == 400 and User.objects.filter(pk=user.pk).exists()
    assert stored and all(documents_storage().exists(name) for name in stored)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:account_delete"), {"confirm_email": user.email})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Application.objects.filter(pk=application.pk).exists()
    assert not any(documents_storage().exists(name) for name in stored)
    assert not EmailMessage.objects.filter(user_id=user.pk).exists()


def test_account_with_a_submitted_application_is_not_deleted(client):
    user = UserFactory()
    application_submit(application=complete_application(call=CallFactory(), applicant=user), by=user)
    client.force_login(user)
    response = client.post(reverse("applications:account_delete"), {"confirm_email": user.email})
    assert response.status_code == 409 and "submitted application" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_applicant_never_sees_the_referee_link_on_the_status_page(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        application = complete_application(call=CallFactory(), applicant=user)
    client.force_login(user)
    body = client.get(reverse("applications:status", args=[application.pk])).content.decode()
    assert "Recommendation letter for" in body  # the subject is listed
    assert "/apply/letter/" not in body  # the one-time link is not


def test_reminders_go_out_once_at_72_and_24_hours(django_capture_on_commit_callbacks):
    now = timezone.now()
    call = CallFactory(opens_at=now - timedelta(days=5), closes_at=now + timedelta(hours=60))
    draft = application_start(call=call, applicant=UserFactory())
    submitted = application_submit(application=complete_application(call=call), by=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert deadline_reminders_send(now=now) == 1
        assert deadline_reminders_send(now=now) == 0
        assert deadline_reminders_send(now=now + timedelta(hours=40)) == 1
        assert deadline_reminders_send(now=now + timedelta(hours=41)) == 0
    assert sorted(DeadlineReminder.objects.filter(application=draft).values_list("hours_before", flat=True)) == [24, 72]
    assert not DeadlineReminder.objects.filter(application=submitted).exists()
    assert [m.subject.split(" hours")[0] for m in mail.outbox if draft.reference in m.subject] == ["72", "24"]


def test_a_draft_started_on_the_last_day_gets_one_reminder():
    now = timezone.now()
    call = CallFactory(opens_at=now - timedelta(days=5), closes_at=now + timedelta(hours=10))
    application_start(call=call, applicant=UserFactory())
    assert deadline_reminders_send(now=now) == 1
    assert deadline_reminders_send(now=now) == 0


def test_information_request_reopens_and_allows_resubmission_after_closing(client):
    call = CallFactory()
    application = application_submit(application=complete_application(call=call), by=None)
    staff = StaffFactory()
    client.force_login(staff)
    url = reverse("applications:request_information", args=[application.pk])
    assert client.post(url, {"message": " "}).status_code == 400
    assert client.post(url, {"message": "Please upload the PhD certificate in your CV."}).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INFO_REQUESTED and application.is_editable
    resubmitted = application_submit(application=application, by=application.applicant,
                                     now=call.closes_at + timedelta(days=2))
    assert resubmitted.status == ApplicationStatus.SUBMITTED


def test_only_staff_can_request_information(client):
    application = application_submit(application=complete_application(call=CallFactory()), by=None)
    client.force_login(application.applicant)
    assert client.get(reverse("applications:request_information", args=[application.pk])).status_code == 403


def test_information_request_needs_a_message():
    application = application_submit(application=complete_application(call=CallFactory()), by=None)
    from django.core.exceptions import ValidationError
    with pytest.raises(ValidationError):
        application_information_request(application=application, message="", by=None)
