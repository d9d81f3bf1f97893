"""Issue 10 in a real browser, the staff side: the ranking of a call, one team's tab, a row's reviews and dossier."""
import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from playwright.sync_api import expect

from selection.models import ReviewSettings
from tests.factories import MinistryStaffFactory
from tests.selection.test_ranking_page import reviewed_call

pytestmark = pytest.mark.browser

RELOAD_MS = 20_000  # the page reloads itself 3 s after asking for a ranking; a slow machine adds to it
PASSWORD = "correct horse battery"  # tests/factories.py
# Twelve applications, two or three reviews each: the third reviewer is harsh and reads only half of them, so
# that the calibrated score differs from the raw mean; some reviews disagree widely.
SCORES = [[5, 5, 3], [4, 5], [2, 3, 1], [3, 4], [1, 2], [5, 3, 1], [4, 4], [2, 2, 1], [3, 3], [5, 4, 3], [1, 3],
          [4, 2, 2]]


def test_staff_rank_a_call_open_a_team_and_a_rows_reviews_and_dossier(portal, new_context, shot):
    call, applications, teams = reviewed_call(SCORES, quota=4, teams=2)
    call.title_en = "InnoCORE AI Fellowship 2026"
    call.save()
    for quota, code in zip(teams, ("KAIST-NLP", "GIST-AIMED")):
        quota.quota = 2
        quota.save()
        quota.team.code = code
        quota.team.save()
    staff = MinistryStaffFactory(email="kim.minji@msit.example")
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    url = portal["url"]

    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(url + "/accounts/login/")
    page.locator("input[name=login]").fill(staff.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.goto(url + reverse("selection:ranking", args=[call.code]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ranking of the call")
    # The first view asks a worker for the ranking (in-process here) and reloads itself a few seconds later.
    expect(page.locator("#ranking-updating")).to_contain_text("is being computed")
    expect(page.locator("table.ranking tbody tr")).to_have_count(len(SCORES), timeout=RELOAD_MS)
    seed = ReviewSettings.objects.get(call=call).ranking_seed
    expect(page.locator("#ranking-seed")).to_contain_text(f"Ranking seed: {seed}.")
    shot(page, "staff-ranking")

    team = teams[1].team
    page.get_by_role("link", name=team.code, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ranking of team {team.code}")
    rows = page.locator("table.ranking tbody tr")
    expect(rows).to_have_count(len(SCORES) // 2, timeout=RELOAD_MS)
    expect(page.locator("#ranking-seed")).to_contain_text(f"Ranking seed: {seed}.")  # one seed for the call
    expect(rows.first.locator("svg.rank-bar")).to_be_visible()
    expect(rows.first).to_contain_text(re.compile(r"(Above|Crosses) the line"))
    shot(page, "staff-ranking-team")

    first = rows.first
    reference = first.locator("td").nth(1).locator("strong").inner_text()
    reviews = int(first.locator("td").nth(6).inner_text())
    first.get_by_role("link", name="Reviews").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Reviews of {reference}")
    expect(page.locator("table tbody tr")).to_have_count(reviews)
    page.go_back()
    page.locator("table.ranking tbody tr").first.get_by_role("link", name="Dossier").click()
    expect(page.locator("p.eyebrow, h1").first).to_be_visible()
    assert reference in page.content()
    assert page.url.endswith(reverse("applications_staff:dossier", args=[
        next(a.pk for a in applications if a.reference == reference)]))
