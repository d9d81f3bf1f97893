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
from django.utils import translation
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.applications.documents.pdfs import exe_renamed, valid_pdf

pytestmark = pytest.mark.browser

PASSWORD = "Seoul-fellowship-2025!"
RESEARCH_SUMMARY = (
    "I study how large language models reason over long scientific documents, and how to make that "
    "reasoning checkable: every claim tied to a passage, every step open to a verifier."
)


def link_in_mail(*, to: str, pattern: str) -> str:
    """The last link matching pattern in the last email sent to `to` (the live server shares this process)."""
    messages = [m for m in mail.outbox if to in m.to]
    assert messages, f"no email to {to}; outbox: {[(m.to, m.subject) for m in mail.outbox]}"
    links = re.findall(pattern, messages[-1].body)
    assert links, f"no link matching {pattern!r} in:\n{messages[-1].body}"
    return links[-1]


def pdf_file(name: str, text: str) -> dict:
    """A real PDF, as a file picker would hand it to the page."""
    return {"name": name, "mimeType": "application/pdf", "buffer": valid_pdf(text=text)}


# --- steps a person takes -------------------------------------------------------------------


def sign_up_and_log_in(page, url: str, email: str) -> None:
    page.goto(url + "/accounts/signup/")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    page.goto(link_in_mail(to=email, pattern=r"https?://\S+/accounts/confirm-email/\S+"))
    page.get_by_role("button", name="Confirm").click()
    if page.get_by_role("button", name="Log out").count() == 0:
        page.goto(url + "/accounts/login/")
        page.locator("input[name=login]").fill(email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def log_in(page, url: str, email: str) -> None:
    page.goto(url + "/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def save_and_continue(page, next_heading: str) -> None:
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(next_heading)


def upload_document(page, label: str, name: str) -> None:
    row = page.locator(".doc-row", has=page.get_by_role("heading", name=label, exact=True))
    row.get_by_label(label, exact=True).set_input_files(pdf_file(name, f"{label} of Ada Lovelace"))
    row.get_by_role("button", name="Upload").click()
    expect(page.locator(".doc-row", has=page.get_by_role("heading", name=label, exact=True))
            .get_by_role("link", name=name)).to_be_visible()


def add_referee(page, name: str, email: str, institution: str) -> None:
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Institution").fill(institution)
    page.get_by_label("Relationship to you").fill("Postdoctoral supervisor")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("We have emailed your referee a link")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(re.escape(email)))).to_contain_text("Letter requested")


def verified_applicant(email: str):
    """An applicant who has already signed up and verified the address (for the shorter tests)."""
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    user = UserFactory(email=email)
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def started_application(portal, email: str):
    from applications.services.dossier import application_start

    return application_start(call=portal["call"], applicant=verified_applicant(email))


def assert_both_versions_kept(page, application, *, field: str, label: str, saved: str) -> None:
    """After a conflict the form shows the newest saved value, and it stays saved."""
    settle(page)
    shown = page.get_by_label(label).input_value()
    application.refresh_from_db()
    stored = getattr(application, field)
    assert (shown, stored) == (saved, saved), (
        f"after the conflict the form shows {shown!r} and the database holds {stored!r}; both should be the value "
        f"saved first, {saved!r} (the other tab's value belongs in the warning only)"
    )


def settle(page) -> None:
    """Let any autosave the page started finish (the status leaves "Saving…")."""
    expect(page.locator(".autosave-status")).not_to_have_text("Saving…")


def local_drafts(page) -> dict:
    return page.evaluate("Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith('innocore-draft:'))"
                         ".map(k => [k, JSON.parse(localStorage.getItem(k)).values]))")


# --- the journey ----------------------------------------------------------------------------


def test_overseas_applicant_signs_up_applies_gets_letters_and_submits(portal, new_context, shot):
    from applications.models import Application, RefereeStatus

    url, email = portal["url"], "ada.lovelace@mit.example"
    context = new_context(viewport={"width": 1280, "height": 900}, timezone_id="America/New_York")
    page = context.new_page()
    # Chromium may ask "Leave site?" after a save (see test_an_explicit_save_...): like a person, leave.
    page.on("dialog", lambda dialog: dialog.accept())

    page.goto(url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("InnoCORE AI Convergence Postdoctoral Fellowship 2025")
    shot(page, "home")

    # 1. Sign up, verify the address from the email, log in.
    sign_up_and_log_in(page, url, email)

    # 2. Start the application and fill every section.
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
    referees = [("Charles Babbage", "babbage@cambridge.example", "University of Cambridge"),
                ("Mary Somerville", "somerville@oxford.example", "University of Oxford")]
    for name, address, institution in referees:
        add_referee(page, name, address, institution)

    # Consents, then the review page.
    page.locator(".progress").get_by_role("link", name="Consents").click()
    page.get_by_label("I agree that the Ministry of Science and ICT").check()
    page.get_by_label("I agree that my application may be transferred").check()
    save_and_continue(page, "Review and submit")
    expect(page.get_by_text("Everything is complete.")).to_be_visible()

    # 3. Each referee opens the link from the email, with no account, and uploads a letter.
    for number, (name, address, _institution) in enumerate(referees):
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
    for _name, address, _institution in referees:
        expect(page.get_by_role("row", name=re.compile(re.escape(address)))).to_contain_text("Letter received")

    # 4. Submit; the status page says so; the receipt is a PDF with the reference.
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

    assert overflow <= 0, f"the section page is {overflow}px wider than a 390px phone screen"


# --- the other checks -------------------------------------------------------------------------


def test_stale_tab_save_shows_the_conflict_and_both_values(portal, new_context):
    """Two tabs on the same section: the second save is kept aside, not written over the first."""
    url, email = portal["url"], "stale.tabs@uni.example"
    application = started_application(portal, email)
    context = new_context()
    first, second = context.new_page(), context.new_page()
    log_in(first, url, email)
    section_url = f"{url}/apply/{application.pk}/section/position/"
    first.goto(section_url)
    second.goto(section_url)

    first.get_by_label("Current position").fill("Research scientist (tab one)")
    first.get_by_role("button", name="Save", exact=True).click()
    expect(first.get_by_text("Saved.")).to_be_visible()

    second.get_by_label("Current position").fill("Postdoctoral fellow (tab two)")
    second.get_by_role("button", name="Save", exact=True).click()
    alert = second.get_by_role("alert")
    expect(alert).to_contain_text("This section was changed in another tab or window.")
    expect(alert).to_contain_text("Nothing was overwritten.")
    expect(alert.locator("dl.conflict")).to_contain_text("Postdoctoral fellow (tab two)")
    second.wait_for_timeout(2_000)  # longer than the autosave delay: nothing may be saved behind the user's back
    # Both versions are on the page: the saved one in the form, the other tab's in the warning.
    assert_both_versions_kept(second, application, field="current_position", label="Current position",
                              saved="Research scientist (tab one)")


def test_stale_tab_autosave_conflict_keeps_the_saved_value_after_reload(portal, new_context):
    """The same race through the autosave: the status says so, and reloading shows both versions."""
    url, email = portal["url"], "stale.autosave@uni.example"
    application = started_application(portal, email)
    context = new_context()
    first, second = context.new_page(), context.new_page()
    log_in(first, url, email)
    section_url = f"{url}/apply/{application.pk}/section/position/"
    first.goto(section_url)
    second.goto(section_url)

    first.get_by_label("Current institution").press_sequentially("Harvard University")
    expect(first.locator(".autosave-status")).to_have_text("All changes saved")
    second.get_by_label("Current institution").press_sequentially("Yale University")
    expect(second.locator(".autosave-status")).to_have_text("Changed in another tab: reload to see both versions.")

    second.reload()
    expect(second.get_by_role("alert")).to_contain_text("This section was changed in another tab or window.")
    expect(second.get_by_role("alert").locator("dl.conflict")).to_contain_text("Yale University")
    second.wait_for_timeout(2_000)
    assert_both_versions_kept(second, application, field="current_institution", label="Current institution",
                              saved="Harvard University")


def test_an_explicit_save_neither_asks_to_leave_nor_brings_old_values_back(portal, new_context):
    """Save and continue is a save: no "Leave site?" prompt, and no browser copy that later undoes newer edits."""
    url, email = portal["url"], "two.devices@uni.example"
    application = started_application(portal, email)
    laptop = new_context().new_page()
    dialogs = []
    laptop.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    log_in(laptop, url, email)
    section_url = f"{url}/apply/{application.pk}/section/position/"
    laptop.goto(section_url)
    laptop.get_by_label("Current position").fill("Postdoctoral associate")
    laptop.get_by_role("button", name="Save and continue").click()
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Research")
    drafts_left = local_drafts(laptop)

    # Later, on another device, the applicant changes the position.
    phone = new_context(viewport={"width": 390, "height": 844}).new_page()
    log_in(phone, url, email)
    phone.goto(section_url)
    phone.get_by_label("Current position").fill("Assistant professor")
    phone.get_by_role("button", name="Save", exact=True).click()
    expect(phone.get_by_text("Saved.")).to_be_visible()
    phone.wait_for_timeout(2_000)  # the applicant puts the phone away
    settle(phone)
    phone.close()

    # Back on the laptop, the section shows what was saved last and keeps it.
    laptop.goto(section_url)
    laptop.wait_for_timeout(2_000)
    settle(laptop)
    shown = laptop.get_by_label("Current position").input_value()
    application.refresh_from_db()
    problems = []
    if dialogs:
        problems.append(f"the browser asked before leaving after Save and continue: {dialogs}")
    if drafts_left:
        problems.append(f"the saved values stayed in localStorage: {drafts_left}")
    if (shown, application.current_position) != ("Assistant professor", "Assistant professor"):
        problems.append(f"reopening the section shows {shown!r} and the database now holds "
                        f"{application.current_position!r}; the newer 'Assistant professor' was undone")
    assert not problems, "\n".join(problems)


def test_renamed_exe_is_refused_with_the_reason(portal, new_context):
    url, email = portal["url"], "renamed.exe@uni.example"
    application = started_application(portal, email)
    page = new_context().new_page()
    log_in(page, url, email)
    page.goto(f"{url}/apply/{application.pk}/documents/")
    row = page.locator("#doc-cv")
    row.get_by_label("CV", exact=True).set_input_files(
        {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": exe_renamed()})
    row.get_by_role("button", name="Upload").click()
    expect(page.locator("#doc-cv .errorlist")).to_contain_text("The file is not a PDF")
    expect(page.locator("#doc-cv")).not_to_contain_text("cv.pdf ·")
    assert application.documents.count() == 0


def test_korean_interface_shows_the_section_titles_in_korean(portal, new_context, shot):
    from applications.sections import SECTIONS

    with translation.override("ko"):
        korean_titles = [str(section.title) for section in SECTIONS]
    for title in korean_titles:
        assert re.search(r"[\uac00-\ud7a3]", title), f"section title not translated into Korean: {title!r}"

    url, email = portal["url"], "korean.ui@uni.example"
    application = started_application(portal, email)
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(url + "/")
    page.get_by_role("button", name="한국어").click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("heading", level=1)).to_have_text("2025 InnoCORE AI 융합 박사후연구원 펠로우십")
    shot(page, "home-korean")

    page.goto(url + "/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page.get_by_role("button", name="로그아웃")).to_be_visible()
    page.goto(f"{url}/apply/{application.pk}/section/personal/")
    progress = page.locator("nav.progress")
    for title in korean_titles:
        expect(progress).to_contain_text(title)
    expect(page.get_by_role("heading", level=1)).to_have_text(korean_titles[0])
    expect(page.get_by_role("button", name="저장", exact=True)).to_be_visible()
    shot(page, "section-personal-korean")
