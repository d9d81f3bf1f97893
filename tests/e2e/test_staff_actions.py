"""Staff actions in a real browser (issue 14, items 8 and 9): a solver run does not hold the page, the page follows
the run to its end, and a refused hand edit does not post again on reload."""
import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from selection.models import ConflictOfInterest, ConflictOfInterestSource
from tests.factories import MinistryStaffFactory, seeded_assignment_call

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"  # tests/factories.py


def staff_page(portal, new_context):
    staff = MinistryStaffFactory(email="assignment@msit.example")
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(portal["url"] + "/accounts/login/")
    page.locator("input[name=login]").fill(staff.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator('button:has-text("Sign In")').click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


def test_a_run_is_queued_and_the_page_follows_it_to_the_proposal(portal, new_context, settings):
    settings.PORTAL_EAGER_TASKS_IN_BACKGROUND = True  # as in `make run`: no broker, tasks after the response
    call, _applications, _reviewers = seeded_assignment_call(applications=12, reviewers=8)
    page = staff_page(portal, new_context)
    page.goto(f"{portal['url']}/staff/calls/{call.code}/assignment/")
    page.get_by_role("button", name="Run assignment").click()
    expect(page.get_by_text(re.compile(r"The assignment run has (been queued|finished)\."))).to_be_visible()
    # The page polls the run and shows its proposal when it is done, without anyone reloading it.
    expect(page.get_by_role("heading", name="Proposed assignment")).to_be_visible()
    expect(page.locator(".sel-progress")).to_be_hidden()


def test_a_refused_hand_edit_reloads_as_the_page_without_posting_again(portal, new_context, settings):
    settings.PORTAL_EAGER_TASKS_IN_BACKGROUND = False
    call, applications, reviewers = seeded_assignment_call(applications=4, reviewers=4)
    from selection.services.assignment import assignment_run_start

    run = assignment_run_start(call=call, by=MinistryStaffFactory(), k=1, min_preferred=0)
    run.refresh_from_db()
    target = applications[0]
    conflicted = reviewers[-1]
    ConflictOfInterest.objects.get_or_create(application=target, reviewer=conflicted,
                                             source=ConflictOfInterestSource.DECLARED_BY_REVIEWER)
    page = staff_page(portal, new_context)
    page.goto(f"{portal['url']}/staff/calls/{call.code}/assignment/?run={run.pk}")
    expect(page.get_by_role("heading", name="Proposed assignment")).to_be_visible()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    card = page.locator(f"#app-{target.pk}")
    card.locator(f"#add-{target.pk}").fill(str(conflicted.pk))
    card.get_by_role("button", name="Add reviewer").click()
    expect(page.locator(".message").filter(has_text="conflict of interest")).to_be_visible()
    # The refusal was shown at the POST address; the page put its own address back.
    expect(page).to_have_url(re.compile(rf"/staff/calls/{call.code}/assignment/\?run={run.pk}"))
    page.reload()
    expect(page.get_by_role("heading", name="Proposed assignment")).to_be_visible()
    expect(page.locator(".message").filter(has_text="conflict of interest")).to_have_count(0)
    assert dialogs == []  # no "confirm form resubmission"
