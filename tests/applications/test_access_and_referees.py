import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Referee, RefereeStatus
from applications.services.referees import referee_replace, referee_token
from applications.services.submission import application_submit
from tests.applications.dossiers import complete_application, pdf_upload
from tests.factories import CallFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_applicant_a_gets_404_for_everything_of_b(client):
    owner = UserFactory()
    application = application_submit(application=complete_application(call=CallFactory(), applicant=owner), by=owner)
    document = application.documents.first()
    client.force_login(UserFactory())
    for url in [
        reverse("applications:overview", args=[application.pk]),
        reverse("applications:section", args=[application.pk, "personal"]),
        reverse("applications:documents", args=[application.pk]),
        reverse("applications:document_download", args=[application.pk, document.pk]),
        reverse("applications:referees", args=[application.pk]),
        reverse("applications:status", args=[application.pk]),
        reverse("applications:receipt", args=[application.pk]),
        reverse("applications:submit", args=[application.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("applications:withdraw", args=[application.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    application = complete_application(call=CallFactory())
    response = client.get(reverse("applications:overview", args=[application.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_owner_downloads_their_document(client):
    owner = UserFactory()
    application = complete_application(call=CallFactory(), applicant=owner)
    document = application.documents.first()
    client.force_login(owner)
    response = client.get(reverse("applications:document_download", args=[application.pk, document.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")


def _link_from_mail(email_address: str) -> str:
    message = [m for m in mail.outbox if email_address in m.to][-1]
    return re.search(r"http://\S+/apply/letter/\S+/", message.body).group(0)


def test_referee_uploads_once_through_the_emailed_link(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = complete_application(call=CallFactory())
    path = _link_from_mail("ref0@uni.example").split("8000", 1)[-1]
    page = client.get(path)
    assert page.status_code == 200 and application.full_name in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(path, {"file": pdf_upload("letter.pdf")})
    assert done.status_code == 200 and "has been received" in done.content.decode()
    referee = Referee.objects.get(email="ref0@uni.example")
    assert referee.status == RefereeStatus.RECEIVED and len(referee.letter_sha256) == 64
    again = client.post(path, {"file": pdf_upload("letter.pdf")})
    assert again.status_code == 410 and "already been used" in again.content.decode()
    assert any("has arrived" in m.subject for m in mail.outbox)


def test_expired_tampered_and_replaced_links_are_refused(client, settings):
    application = complete_application(call=CallFactory())
    referee = application.referees.first()
    token = referee_token(referee=referee)
    url = reverse("applications:referee_letter", args=[token])
    from unittest import mock
    with mock.patch("applications.services.referees.LINK_VALID_FOR", timedelta(seconds=-1)):
        expired = client.get(url)
    assert expired.status_code == 410 and "expired" in expired.content.decode()
    tampered = client.get(reverse("applications:referee_letter", args=[token[:-2] + "xx"]))
    assert tampered.status_code == 410 and "not valid" in tampered.content.decode()
    referee_replace(referee=referee, name="New Person", email="new@uni.example", by=application.applicant)
    replaced = client.get(url)
    assert replaced.status_code == 410 and "another referee" in replaced.content.decode()


def test_referee_letter_must_be_a_real_pdf(client):
    application = complete_application(call=CallFactory())
    url = reverse("applications:referee_letter", args=[referee_token(referee=application.referees.first())])
    response = client.post(url, {"file": pdf_upload("letter.pdf", b"MZ\x90\x00" + b"\x00" * 2000)})
    assert response.status_code == 400 and "not a PDF" in response.content.decode()


def test_renamed_executable_upload_is_refused_with_its_reason(client):
    owner = UserFactory()
    application = complete_application(call=CallFactory(), applicant=owner)
    client.force_login(owner)
    response = client.post(reverse("applications:documents", args=[application.pk]),
                           {"kind": "cv", "file": pdf_upload("cv.pdf", b"MZ\x90\x00" + b"\x00" * 4000)})
    assert response.status_code == 400 and "not a PDF" in response.content.decode()


@pytest.mark.parametrize("page", ["mine", "overview", "section", "documents", "referees", "status", "submit"])
def test_applicant_pages_have_flat_query_counts(client, page, django_capture_on_commit_callbacks):
    owner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        application = complete_application(call=CallFactory(), applicant=owner, referees=2)
    client.force_login(owner)
    url = {
        "mine": reverse("applications:mine"),
        "overview": reverse("applications:overview", args=[application.pk]),
        "section": reverse("applications:section", args=[application.pk, "teams"]),
        "documents": reverse("applications:documents", args=[application.pk]),
        "referees": reverse("applications:referees", args=[application.pk]),
        "status": reverse("applications:status", args=[application.pk]),
        "submit": reverse("applications:submit", args=[application.pk]),
    }[page]
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        application.referees.first().delete()
        from applications.services.referees import referee_invite
        referee_invite(application=application, name="R", email="r9@uni.example", by=owner)
        for _ in range(3):
            complete_application(call=CallFactory(), applicant=owner)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_a_referee_email_longer_than_its_column_is_refused_not_a_500(client):
    """A referee at a 262-character address was a DataError on PostgreSQL (found by tests/test_fuzz_forms.py)."""
    application = complete_application(call=CallFactory())
    client.force_login(application.applicant)
    too_long = "x" * 250 + "@example.org"
    response = client.post(reverse("applications:referees", args=[application.pk]),
                           {"name": "Grace Hopper", "email": too_long, "replace": ""})
    assert response.status_code == 400
    assert "at most 254 characters" in response.content.decode()
    assert not Referee.objects.filter(email=too_long).exists()
