"""In a real browser: two tabs racing on one section, an explicit save, a renamed executable, the Korean
interface (the applicant's journey itself is in test_apply_flow.py)."""
import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.applications.documents.pdfs import exe_renamed
from tests.e2e.applicant import (
    PASSWORD, log_in, started_application, assert_both_versions_kept, settle, local_drafts,
)

pytestmark = pytest.mark.browser


def two_tabs_on_position(portal, new_context, email: str):
    """A new applicant's application and two tabs of one browser on its position section."""
    url = portal["url"]
    application = started_application(portal, email)
    context = new_context()
    first, second = context.new_page(), context.new_page()
    log_in(first, url, email)
    section_url = f"{url}/apply/{application.pk}/section/position/"
    first.goto(section_url)
    second.goto(section_url)
    return application, first, second


def test_stale_tab_save_shows_the_conflict_and_both_values(portal, new_context):
    """Two tabs on the same section: the second save is kept aside, not written over the first."""
    application, first, second = two_tabs_on_position(portal, new_context, "stale.tabs@uni.example")

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
    application, first, second = two_tabs_on_position(portal, new_context, "stale.autosave@uni.example")

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
