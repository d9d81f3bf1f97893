"""Issue 8 in a real browser: ministry staff find the audit trail from the overview, filter it and export it."""
import csv
import io

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from innocore.models import AuditAction, AuditEntry
from innocore.services.audit import audit_record
from tests.factories import MinistryStaffFactory, ReviewerProfileFactory

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"  # tests/factories.py


def test_ministry_staff_filter_and_export_the_trail(portal, new_context, shot):
    staff = MinistryStaffFactory(email="lee.jiwoo@msit.example")
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    reviewer = ReviewerProfileFactory(user__email="prof.han@uni.example").user
    audit_record(by=staff, action=AuditAction.ELIGIBILITY_OVERRIDE, label="2025-1-AAAAAA", call_code="2025-1",
                 reason="Degree certificate checked by hand")
    audit_record(by=reviewer, action=AuditAction.CONFLICT_DECLARE, label="2025-1-BBBBBB", call_code="2025-1")
    audit_record(by=None, action=AuditAction.STATUS_CHANGE, label="2025-1-CCCCCC", call_code="2025-1",
                 reason="=cmd|' /C calc'!A0")
    url = portal["url"]

    page = new_context().new_page()
    page.goto(url + "/accounts/login/")
    page.locator("input[name=login]").fill(staff.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.goto(url + "/staff/")
    page.get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    expect(page.locator("tbody tr")).to_have_count(3)
    shot(page, "staff-audit-trail")

    page.get_by_label("Role").select_option("reviewer")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text("prof.han@uni.example")

    page.get_by_label("Role").select_option("")
    page.get_by_label("Search").fill("certificate")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text("2025-1-AAAAAA")

    page.get_by_label("Search").fill("")
    page.get_by_label("From").fill("2026-03-02")
    page.get_by_label("To").fill("2026-03-01")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("The end date is before the start date.")).to_be_visible()
    shot(page, "staff-audit-trail-bad-dates")

    page.get_by_label("From").fill("")
    page.get_by_label("To").fill("")
    page.get_by_label("Action").select_option(AuditAction.STATUS_CHANGE)
    with page.expect_download() as caught:
        page.get_by_role("button", name="Export these rows (CSV)").click()
    with open(caught.value.path(), encoding="utf-8") as exported:
        rows = list(csv.DictReader(io.StringIO(exported.read())))
    assert [(r["target_label"], r["reason"]) for r in rows] == [("2025-1-CCCCCC", "'=cmd|' /C calc'!A0")]
    # Looking is not recorded; the export is, with the filters it was made with.
    assert AuditEntry.objects.count() == 4
    assert AuditEntry.objects.get(action=AuditAction.DATA_EXPORT).data["filters"]["action"] == AuditAction.STATUS_CHANGE
