"""Issue 12 in a real browser: ministry staff open the dashboard, its charts draw under the CSP, they filter by
an institute and download the CSV, the Excel file and the PDF briefing."""
import csv
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from applications.demo import demo_applications_seed
from innocore.models import AuditAction, AuditEntry
from tests.e2e.test_csp import _violations, _watch
from tests.factories import MinistryStaffFactory
from tests.innocore.logins import PASSWORD, verified

pytestmark = pytest.mark.browser


def _download(page, link_name: str) -> bytes:
    with page.expect_download() as caught:
        page.get_by_role("link", name=link_name).click()
    with open(caught.value.path(), "rb") as downloaded:
        return downloaded.read()


def test_ministry_staff_filter_the_dashboard_and_download_it(portal, new_context, shot):
    call = portal["call"]
    demo_applications_seed(call=call, count=150)
    staff = verified(MinistryStaffFactory(email="dashboard@msit.example"))
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    problems = _watch(page)
    page.goto(portal["url"] + "/accounts/login/")
    page.locator("input[name=login]").fill(staff.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator('button:has-text("Sign In")').click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.goto(portal["url"] + "/staff/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Selection dashboard")
    expect(page.locator("#dash-teams tbody tr")).to_have_count(8)
    page.wait_for_function("document.querySelectorAll('canvas[data-chart]').length > 0 && "
                           "Array.from(document.querySelectorAll('canvas[data-chart]')).every(c => Chart.getChart(c))")
    assert _violations(page) == [] and problems == []
    shot(page, "staff-dashboard")

    page.get_by_label("Institute").select_option("UNIST")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#dash-teams tbody tr th").first).to_contain_text("UNIST")
    teams = page.locator("#dash-teams tbody tr").count()
    assert 0 < teams < 8
    shot(page, "staff-dashboard-unist")

    rows = list(csv.reader(io.StringIO(_download(page, "CSV").decode("utf-8-sig"))))
    assert rows[0][1] == f"{call.code} / UNIST" and ["Pipeline"] in rows
    book = load_workbook(io.BytesIO(_download(page, "Excel")))
    assert book["Teams"].max_row == teams + 1
    assert _download(page, "PDF briefing").startswith(b"%PDF")
    assert AuditEntry.objects.filter(action=AuditAction.DATA_EXPORT, data__institute="UNIST").count() == 3
    assert _violations(page) == [] and problems == []


def test_the_dashboard_refreshes_itself_while_the_call_is_open(portal, new_context, monkeypatch):
    from selection.views import overview
    from tests.selection.dashboard_data import add_applications

    monkeypatch.setattr(overview, "REFRESH_SECONDS", 1)
    call = portal["call"]
    team = call.team_quotas.select_related("team").first().team
    add_applications(call=call, team=team, count=3)
    staff = verified(MinistryStaffFactory(email="refresh@msit.example"))
    page = new_context().new_page()
    problems = _watch(page)
    page.goto(portal["url"] + "/accounts/login/")
    page.locator("input[name=login]").fill(staff.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator('button:has-text("Sign In")').click()
    page.goto(portal["url"] + "/staff/")
    submitted = page.locator(".dash-headline div").filter(has_text="Submitted").locator("dd")
    expect(submitted).to_have_text("3")
    add_applications(call=call, team=team, count=2)
    expect(submitted).to_have_text("5", timeout=10_000)
    page.wait_for_function("Array.from(document.querySelectorAll('canvas[data-chart]')).every(c => Chart.getChart(c))")
    assert _violations(page) == [] and problems == []
