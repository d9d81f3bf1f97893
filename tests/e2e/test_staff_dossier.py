"""Issue 8 in a real browser: a staff member opens a dossier from the eligibility page, then a referee's letter.

Both looks must be in the audit trail, with the staff member's account and address.
"""
import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from playwright.sync_api import expect

from applications.services.referees import referee_letter_upload, referee_token
from applications.services.submission import application_submit
from innocore.models import AuditAction, AuditEntry
from tests.applications.dossiers import complete_application, pdf_upload, simple_pdf
from tests.factories import CallFactory, MinistryStaffFactory

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"  # tests/factories.py


def submitted_with_a_letter():
    application = complete_application(call=CallFactory(code="E2E-8"))
    application = application_submit(application=application, by=application.applicant)
    referee = application.referees.order_by("requested_at", "pk").first()
    referee_letter_upload(token=referee_token(referee=referee), file=pdf_upload("Letter for Ada.pdf", simple_pdf(2)))
    return application, referee


def test_staff_opens_a_dossier_and_a_letter_and_both_are_audited(portal, new_context, shot):
    application, referee = submitted_with_a_letter()
    staff = MinistryStaffFactory(email="kim.minji@msit.example")
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    url = portal["url"]

    page = new_context().new_page()
    page.goto(url + "/accounts/login/")
    page.locator("input[name=login]").fill(staff.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.goto(url + reverse("applications:staff_call_eligibility", args=[application.call.code]))
    page.get_by_role("link", name=application.reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossier of Ada Lovelace")
    expect(page.get_by_text("shown exactly as they were uploaded")).to_be_visible()
    for heading in ["Personal details", "PhD", "Research", "Team preferences", "Publications", "Documents",
                    "Referees", "Consents", "Eligibility", "Status history"]:
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.locator("#research")).to_contain_text("I study reasoning in language models.")
    expect(page.locator("#history")).to_contain_text("Submitted")
    shot(page, "staff-dossier")

    letters = page.locator("#referees")
    expect(letters.get_by_role("link", name="View letter 1")).to_be_visible()
    with page.expect_download() as caught:
        letters.get_by_role("row", name=referee.name).get_by_role("link", name="Download").click()
    download = caught.value
    assert download.suggested_filename == f"{application.reference}-letter-1.pdf"
    with open(download.path(), "rb") as letter:
        assert letter.read(5) == b"%PDF-"

    view = AuditEntry.objects.get(action=AuditAction.DOSSIER_VIEW, actor=staff)
    assert (view.target_id, view.target_label, view.ip_address, view.data) == (
        str(application.pk), application.reference, "127.0.0.1", {"via": "portal"})
    sent = AuditEntry.objects.get(action=AuditAction.LETTER_DOWNLOAD, actor=staff)
    assert (sent.target_type, sent.target_id, sent.target_label, sent.call_code, sent.ip_address) == (
        "applications.referee", str(referee.pk), application.reference, application.call.code, "127.0.0.1")
    assert sent.data == {"disposition": "attachment"}
