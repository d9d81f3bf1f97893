"""The Content-Security-Policy in a real browser (issue 9, item 5): the pages people use, autosave and
the API docs work under it, and Chromium reports no violation."""
import pytest
from playwright.sync_api import expect

from tests.factories import ApplicationFactory, UserFactory
from tests.innocore.logins import PASSWORD, verified

pytestmark = pytest.mark.browser

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile);
});
"""


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.add_init_script(LISTEN)
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if "Content Security Policy" in m.text or "Refused to" in m.text else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    return problems


def _violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


def test_main_pages_autosave_and_api_docs_run_under_the_policy(portal, new_context):
    url = portal["url"]
    user = verified(UserFactory(email="csp.applicant@uni.example"))
    application = ApplicationFactory(call=portal["call"], applicant=user)
    page = new_context().new_page()
    problems = _watch(page)

    response = page.goto(url + "/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert _violations(page) == []

    page.goto(url + "/accounts/login/")
    assert _violations(page) == []
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.goto(f"{url}/apply/{application.pk}/section/research/")
    summary = page.locator("textarea[name=research_summary]")
    summary.fill("Typed under a strict Content-Security-Policy; autosave must still reach the server.")
    expect(page.locator(".autosave-status")).to_have_text("All changes saved", timeout=10_000)
    assert _violations(page) == []
    application.refresh_from_db()
    assert application.research_summary.startswith("Typed under a strict Content-Security-Policy")

    page.goto(url + "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("InnoCORE Portal API")
    assert _violations(page) == []
    assert problems == []


def test_staff_pages_and_the_totp_set_up_run_under_the_policy(portal, new_context):
    from tests.factories import StaffFactory

    url, code = portal["url"], portal["call"].code
    staff = verified(StaffFactory(email="csp.staff@uni.example"))
    page = new_context().new_page()
    problems = _watch(page)
    page.goto(url + "/accounts/login/")
    page.locator("input[name=login]").fill(staff.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    for path in ["/staff/", f"/staff/calls/{code}/eligibility/", f"/staff/calls/{code}/assignment/"]:
        response = page.goto(url + path)
        assert response.status == 200, path
        page.wait_for_timeout(300)  # htmx polling and the progress script get a moment to run
        assert _violations(page) == [], path

    page.goto(url + "/accounts/2fa/totp/activate/")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("img[src^='data:image/svg+xml']")).to_be_visible()
    assert _violations(page) == []
    assert problems == []
