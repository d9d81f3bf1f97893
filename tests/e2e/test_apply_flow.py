"""Issue 3 in a real browser: an overseas postdoc signs up, applies, gets two letters and submits.

Everything the applicant and the referees do goes through the pages, as they
would do it: forms, radio buttons, file pickers, the links in their emails.
The test reads only what a person could see, plus the outbox (their inbox)
and, once, the database to check that what the pages said was stored.
"""
import io
import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.applicant import (
    RESEARCH_SUMMARY, add_referee, link_in_mail, pdf_file, save_and_continue, sign_up_and_log_in, upload_document,
)

pytestmark = pytest.mark.browser


# --- the journey ----------------------------------------------------------------------------


REFEREES = [("Charles Babbage", "babbage@cambridge.example", "University of Cambridge"),
            ("Mary Somerville", "somerville@oxford.example", "University of Oxford")]


def test_overseas_applicant_signs_up_applies_gets_letters_and_submits(portal, new_context, shot):
    url, email = portal["url"], "ada.lovelace@mit.example"
    context = new_context(viewport={"width": 1280, "height": 900}, timezone_id="America/New_York")
    page = context.new_page()
    # Chromium may ask "Leave site?" after a save (see test_an_explicit_save_...): like a person, leave.
    page.on("dialog", lambda dialog: dialog.accept())

    # 1. From the home page's "Apply now": sign up, verify the address from the email, log in.
    page.goto(url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("InnoCORE AI Convergence Postdoctoral Fellowship 2025")
    shot(page, "home")
    page.get_by_role("link", name="Apply now").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/"))
    sign_up_and_log_in(page, url, email)

    # 2. Start the application and fill every section (the phone check measures the overflow).
    reference, overflow = fill_every_section(page, new_context, context, shot)
    documents_referees_and_consents(page, shot)
    # 3. Each referee opens the link from the email, with no account, and uploads a letter.
    referees_upload_their_letters(page, url, new_context, shot)
    # 4. Submit; the status page says so; the receipt is a PDF with the reference; sections turn read-only.
    submit_and_check(page, reference=reference, email=email, shot=shot)
    assert overflow <= 0, f"the section page is {overflow}px wider than a 390px phone screen"


def fill_personal_to_position(page) -> str:
    page.get_by_role("link", name="My applications").click()
    page.get_by_role("button", name="Start my application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personal details")
    reference = page.locator(".app-header .eyebrow strong").inner_text()
    assert re.fullmatch(r"2025-1-[2-9A-HJ-NP-Z]{6}", reference), reference

    page.get_by_label("Given name").fill("Ada")
    page.get_by_label("Family name").fill("Lovelace")
    page.get_by_label("Nationality").select_option(label="United Kingdom")
    page.get_by_label("Country of residence").select_option(label="United States of America")
    if page.get_by_label("Date of birth").count():
        page.get_by_label("Date of birth").fill("1990-05-01")
    save_and_continue(page, "PhD")

    page.get_by_label("PhD institution").fill("Massachusetts Institute of Technology")
    page.get_by_label("PhD country").select_option(label="United States of America")
    page.get_by_role("radio", name="Awarded").check()
    page.get_by_label("PhD date").fill("2022-06-01")
    page.get_by_label("PhD advisor").fill("Charles Babbage")
    save_and_continue(page, "Career breaks")

    page.get_by_label("Break 1: kind").select_option(label="Parental leave")
    page.locator("[name=break_1_start]").fill("2023-03-01")
    page.locator("[name=break_1_end]").fill("2023-08-31")
    save_and_continue(page, "Current position")

    page.get_by_label("Current position").fill("Postdoctoral associate")
    page.get_by_label("Current institution").fill("Stanford University")
    save_and_continue(page, "Research")
    return reference


def fill_every_section(page, new_context, context, shot) -> tuple[str, int]:
    reference = fill_personal_to_position(page)

    page.get_by_label("Research field").fill("Machine learning")
    page.get_by_label("Keywords").fill("LLM, reasoning, verification")
    page.get_by_label("Research summary").fill(RESEARCH_SUMMARY)
    page.get_by_label("Research plan").press_sequentially("Three years: benchmarks, verifiers, a public release.")
    # The autosave runs 1.5 s after the last keystroke, without any click.
    expect(page.locator(".autosave-status")).to_have_text("All changes saved")
    shot(page, "section-research-autosave")
    page.reload()
    expect(page.get_by_label("Research summary")).to_have_value(RESEARCH_SUMMARY)

    # The same section at phone width, with this applicant's session.
    phone = new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                        has_touch=True, timezone_id="America/New_York",
                        storage_state=context.storage_state()).new_page()
    phone.goto(page.url)
    expect(phone.get_by_label("Research summary")).to_have_value(RESEARCH_SUMMARY)
    overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    shot(phone, "phone-390-section-research")
    phone.close()

    save_and_continue(page, "Team preferences")
    page.get_by_label("First choice").select_option(label="KAIST: LLM Innovation")
    page.get_by_label("Second choice").select_option(label="GIST: AI-ACE: AI and Nano Convergence for Early "
                                                          "Brain-Disease Diagnosis")
    page.get_by_label("Third choice").select_option(label="UNIST: Intelligent Hydrogen Technology Innovation")
    save_and_continue(page, "Publications")

    page.get_by_label("Publications").fill(
        "Lovelace A., Babbage C. Verifiable reasoning in language models. Nature 2024. doi:10.1038/s41586-024-00001-1\n"
        "Lovelace A. Notes on the analytical engine. Workshop on Reasoning, 2023."
    )
    save_and_continue(page, "How you heard of us")
    page.get_by_role("radio", name="Information session, Boston").check()
    page.get_by_role("button", name="Save and continue").click()
    return reference, overflow


def documents_referees_and_consents(page, shot) -> None:
    # Documents: three real PDFs through the file pickers.
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents")
    upload_document(page, "CV", "lovelace-cv.pdf")
    upload_document(page, "Research plan", "lovelace-research-plan.pdf")
    upload_document(page, "Publication list", "lovelace-publications.pdf")
    expect(page.locator(".doc-row .errorlist")).to_have_count(0)
    shot(page, "documents")

    # Referees: each one gets an email with a personal link.
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referees")
    for name, address, institution in REFEREES:
        add_referee(page, name, address, institution)

    # Consents, then the review page.
    page.locator(".progress").get_by_role("link", name="Consents").click()
    page.get_by_label("I agree that the Ministry of Science and ICT").check()
    page.get_by_label("I agree that my application may be transferred").check()
    save_and_continue(page, "Review and submit")
    expect(page.get_by_text("Everything is complete.")).to_be_visible()


def referees_upload_their_letters(page, url, new_context, shot) -> None:
    for number, (name, address, _institution) in enumerate(REFEREES):
        link = link_in_mail(to=address, pattern=r"https?://\S+/apply/letter/\S+/")
        assert link.startswith(url)
        referee_page = new_context(viewport={"width": 1280, "height": 900}).new_page()
        referee_page.goto(link)
        expect(referee_page.get_by_text(f"Dear {name}, please upload your recommendation letter for")).to_be_visible()
        expect(referee_page.get_by_role("button", name="Log out")).to_have_count(0)
        if number == 0:
            shot(referee_page, "referee-letter-upload")
        referee_page.get_by_label("PDF file").set_input_files(pdf_file("letter.pdf", f"Letter by {name}"))
        referee_page.get_by_role("button", name="Upload the letter").click()
        expect(referee_page.get_by_text("Thank you: your letter has been received.")).to_be_visible()
        referee_page.reload()  # the link works once
        expect(referee_page.get_by_role("alert")).to_contain_text("already been used")
    page.locator(".progress").get_by_role("link", name="Referees").click()
    for _name, address, _institution in REFEREES:
        expect(page.get_by_role("row", name=re.compile(re.escape(address)))).to_contain_text("Letter received")


def submit_and_check(page, *, reference: str, email: str, shot) -> None:
    from applications.models import Application, RefereeStatus

    page.locator(".progress").get_by_role("link", name="Review and submit").click()
    page.get_by_role("button", name="Submit my application").click()
    expect(page.get_by_text("Your application has been submitted.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Status of your application")
    expect(page.get_by_text(re.compile(r"^Submitted: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d KST$"))).to_be_visible()
    expect(page.locator(".timeline li.done").first).to_have_text("Draft")
    expect(page.locator(".timeline")).to_contain_text("Submitted")
    shot(page, "status-after-submit")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the receipt (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"receipt-{reference}.pdf"
    data = open(download.path(), "rb").read()
    assert data.startswith(b"%PDF-")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert reference in text
    assert "Ada Lovelace" in text and "LLM Innovation" in text

    assert any(m.subject == f"Application {reference} received" and m.to == [email] for m in mail.outbox)
    application = Application.objects.get(reference=reference)
    assert application.is_submitted and application.heard_via == "session_boston"
    assert [p.team.code for p in application.team_preferences.order_by("rank")] == [
        "KAIST-LLM", "GIST-ACE", "UNIST-H2"]
    assert application.publications.filter(doi="10.1038/s41586-024-00001-1").exists()
    assert application.phd_status == "awarded" and str(application.phd_date) == "2022-06-01"
    assert application.documents.count() == 3
    assert set(application.referees.values_list("status", flat=True)) == {RefereeStatus.RECEIVED}

    # A submitted section reads as submitted: no autosave, fields disabled, the way back is said.
    page.goto(page.url.replace("/status/", "/section/research/"))
    expect(page.locator(".read-only-notice")).to_contain_text("Submitted on")
    expect(page.locator(".read-only-notice")).to_contain_text("withdraw it from its status page")
    expect(page.get_by_label("Research summary")).to_be_disabled()
    expect(page.locator("form[data-autosave]")).to_have_count(0)
    shot(page, "section-after-submit")
