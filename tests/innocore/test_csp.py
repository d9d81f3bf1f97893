"""Content-Security-Policy (issue 9, item 5): the header on every page, no inline script or style in the
pages of the main flows, and the API docs served from static/ to logged-in users only."""
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from innocore.models import UserRole
from selection.services.reviewers import invitation_token, reviewer_invite
from tests.factories import (
    ApplicationFactory, AssignmentRunFactory, ReviewerProfileFactory, StaffFactory, SubmittedApplicationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, event-handler attributes, javascript: URLs,
    <style> blocks and style attributes. JSON data blocks (type="application/json") are not scripts."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src") and attributes.get("type") != "application/json":
            self.found.append(f"inline <script> {attributes}")
        if tag == "style":
            self.found.append("<style> block")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name == "style":
                self.found.append(f"<{tag} style=...>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:...>")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def _check(response, url: str) -> None:
    assert response.status_code == 200, (url, response.status_code)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy, policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, policy
    assert inline_code(response.content.decode()) == [], url


def test_the_parser_finds_what_the_policy_blocks():
    assert inline_code('<p onclick="x()" style="color:red">a</p><script>alert(1)</script>') == [
        "<p onclick=...>", "<p style=...>", "inline <script> {}"]
    assert inline_code('<script src="/static/js/portal.js"></script><script type="application/json">{}</script>') == []


def test_anonymous_pages(client):
    run = AssignmentRunFactory()
    invitation = reviewer_invite(email="new.reviewer@uni.example", by=StaffFactory(), call=run.call)
    for url in ["/", reverse("account_login"), reverse("account_signup"), reverse("account_reset_password"),
                reverse("selection:invitation", args=[invitation_token(invitation=invitation)])]:
        _check(client.get(url), url)


def test_applicant_pages(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)
    urls = [reverse("applications:mine"), reverse("applications:overview", args=[application.pk]),
            reverse("applications:documents", args=[application.pk]),
            reverse("applications:referees", args=[application.pk]), reverse("profile"),
            reverse("account_email"), reverse("account_change_password"), reverse("mfa_index")]
    urls += [reverse("applications:section", args=[application.pk, slug])
             for slug in ("personal", "phd", "career_breaks", "research", "teams", "publications", "consents")]
    for url in urls:
        _check(client.get(url), url)


def test_staff_and_reviewer_pages(client):
    run = AssignmentRunFactory()
    dossier = SubmittedApplicationFactory(call=run.call)
    client.force_login(StaffFactory())
    code = run.call.code
    for url in ["/staff/", reverse("applications_staff:dossier", args=[dossier.pk]),
                reverse("selection:assignment", args=[code]), reverse("selection:conflicts_of_interest", args=[code]),
                reverse("selection:invite"), reverse("applications:staff_call_eligibility", args=[code]),
                "/admin/", "/admin/applications/application/", f"/admin/applications/application/{dossier.pk}/change/",
                "/admin/innocore/call/add/"]:
        _check(client.get(url), url)
    reviewer = ReviewerProfileFactory()
    client.force_login(reviewer.user)
    for url in [reverse("selection:my_assignments"), reverse("selection:reviewer_profile"),
                reverse("selection:declare_conflict_of_interest")]:
        _check(client.get(url), url)


def test_the_api_docs_are_for_logged_in_users_and_come_from_static(client):
    assert client.get("/api/docs/")["Location"].startswith("/accounts/login/")
    assert client.get("/api/schema/").status_code == 401  # no credentials: "WWW-Authenticate: Token"
    client.force_login(UserFactory(role=UserRole.APPLICANT))
    docs = client.get("/api/docs/")
    html = docs.content.decode()
    assert docs.status_code == 200 and "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert inline_code(html) == []
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
    assert client.get("/api/schema/").status_code == 200
