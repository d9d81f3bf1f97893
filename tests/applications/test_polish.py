"""What a newcomer sees on the applicant's side (issue 14, items 1 and 3 to 7, 13)."""
import re
import shutil
import subprocess

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.services.dossier import application_start
from applications.services.submission import application_submit
from tests.applications.dossiers import complete_application, save
from tests.factories import CallFactory, ReviewerUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_offers_to_apply_while_a_call_is_open(client):
    CallFactory()
    body = client.get(reverse("home")).content.decode()
    assert "Apply now" in body and reverse("account_signup") in body
    client.force_login(UserFactory())
    body = client.get(reverse("home")).content.decode()
    assert "Apply or continue my application" in body and reverse("applications:mine") in body


def test_reviewers_are_not_invited_to_apply(client):
    CallFactory()
    client.force_login(ReviewerUserFactory())
    body = client.get(reverse("home")).content.decode()
    assert "Apply now" not in body and "Apply or continue" not in body


def test_sign_up_emails_name_the_portal_not_the_host(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    client.post(reverse("account_signup"), {"email": "new@example.org", "password1": "a long pass phrase 42",
                                            "password2": "a long pass phrase 42"}, HTTP_HOST="127.0.0.1")
    message = mail.outbox[-1]
    assert message.subject.startswith("[InnoCORE AI Fellowship Portal] ")
    assert "Hello from InnoCORE AI Fellowship Portal" in message.body and "127.0.0.1!" not in message.body


def test_an_empty_file_is_called_empty_not_missing(client):
    user = UserFactory()
    application = application_start(call=CallFactory(), applicant=user)
    client.force_login(user)
    url = reverse("applications:documents", args=[application.pk])
    empty = client.post(url, {"kind": "cv", "file": SimpleUploadedFile("cv.pdf", b"", "application/pdf")})
    assert empty.status_code == 400 and "is empty (0 bytes)" in empty.content.decode()
    missing = client.post(url, {"kind": "cv"})
    assert missing.status_code == 400 and "Choose a PDF file to upload." in missing.content.decode()


def test_phd_status_radios_have_no_dashes(client):
    user = UserFactory()
    application = application_start(call=CallFactory(), applicant=user)
    client.force_login(user)
    body = client.get(reverse("applications:section", args=[application.pk, "phd"])).content.decode()
    radios = re.findall(r'<input type="radio" name="phd_status" value="([^"]*)"', body)
    assert radios and "" not in radios


def test_optional_sections_read_none_yet_until_filled(client):
    user = UserFactory()
    application = application_start(call=CallFactory(), applicant=user)
    client.force_login(user)
    url = reverse("applications:section", args=[application.pk, "position"])
    progress = client.get(url).content.decode().split('class="progress"')[1].split("</nav>")[0]
    assert progress.count("(none yet)") == 2
    save(application, "publications", {"publications": [{"citation": "A. Author, A paper, Journal 2024.", "doi": ""}]})
    progress = client.get(url).content.decode().split('class="progress"')[1].split("</nav>")[0]
    assert progress.count("(none yet)") == 1


def test_a_submitted_application_reads_as_submitted_not_editable(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        application = application_submit(application=complete_application(call=CallFactory(), applicant=user),
                                         by=user)
    client.force_login(user)
    body = client.get(reverse("applications:section", args=[application.pk, "research"])).content.decode()
    assert "Submitted on" in body and "withdraw it from its status page" in body
    assert "data-autosave" not in body and "autosave.js" not in body
    assert 'name="research_field"' in body and "disabled" in body.split('name="research_field"')[1].split(">")[0]


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils (pdffonts) is not installed")
def test_the_receipt_embeds_fonts_for_korean_and_emoji(client, tmp_path):
    user = UserFactory()
    application = complete_application(call=CallFactory(), applicant=user)
    save(application, "research", {"research_field": "AI 융합 연구 🙂", "keywords": "AI",
                                   "research_summary": "Summary 🚀 요약", "research_plan": "Plan"})
    application = application_submit(application=application, by=user)
    client.force_login(user)
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(client.get(reverse("applications:receipt", args=[application.pk])).content)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Nanum" in fonts or "NotoSansCJK" in fonts
    assert "Emoji" in fonts
