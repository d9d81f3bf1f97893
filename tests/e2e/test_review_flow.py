"""Issue 10 in a real browser: a reviewer confirms no conflict, reads the dossier and a letter, scores with
autosave (under the CSP: the script is a static file) and submits once."""
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from innocore.models import AuditAction, AuditEntry
from selection.models import Review
from tests.selection.reviewing import dossier_under_review

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"  # tests/factories.py


def test_reviewer_confirms_reads_scores_and_submits(portal, new_context, shot, settings):
    application, (profile,), referee = dossier_under_review()
    application.call.review_settings.review_deadline = (timezone.now() + timedelta(days=12)).replace(
        hour=8, minute=59, second=0, microsecond=0)  # 17:59 KST
    application.call.review_settings.save()
    application.call.title_en = "InnoCORE AI Fellowship 2026"
    application.call.save()
    user = profile.user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    url = portal["url"]

    page = new_context().new_page()
    page.goto(url + "/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.goto(url + reverse("selection:my_assignments"))
    expect(page.get_by_text("0 of 1 submitted")).to_be_visible()
    expect(page.get_by_text("Review deadline:")).to_be_visible()
    shot(page, "reviewer-home")
    page.get_by_role("link", name="Start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Before you open the dossier")
    shot(page, "reviewer-conflict-confirm")
    page.get_by_role("button", name="I have no conflict of interest: open the dossier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossier of Ada Lovelace")
    shot(page, "reviewer-dossier")

    with page.expect_download() as caught:
        page.locator("#referees").get_by_role("link", name="Download").click()
    assert caught.value.suggested_filename == f"{application.reference}-letter-1.pdf"
    assert AuditEntry.objects.filter(action=AuditAction.LETTER_DOWNLOAD, actor=user).exists()

    page.get_by_role("link", name="Score this application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your review")
    page.get_by_label("5: Excellent: outstanding in every respect.").first.check()
    page.get_by_label("Comment to staff").fill("A convincing plan with a strong record.")
    # The autosave runs 1.5 s after the last change, without any click.
    expect(page.locator(".autosave-status")).to_have_text("All changes saved")
    draft = Review.objects.get(reviewer=profile)
    assert draft.scores == {"excellence": 5} and draft.comment_to_staff.startswith("A convincing")

    page.locator("fieldset", has_text="Impact and AI-convergence").get_by_label("4: Very good").check()
    page.locator("fieldset", has_text="Fit with the team").get_by_label("3: Good").check()
    page.get_by_label("Overall recommendation").select_option("support")
    page.get_by_label("Your confidence in this review").select_option("4")
    shot(page, "reviewer-scoring")
    page.get_by_role("button", name="Submit the review").click()
    expect(page.get_by_text("Thank you: your review has been submitted.")).to_be_visible()
    review = Review.objects.get(reviewer=profile)
    assert review.is_submitted and review.scores == {"excellence": 5, "impact": 4, "fit": 3}
    expect(page.get_by_role("button", name="Submit the review")).to_have_count(0)
    application.refresh_from_db()
    assert application.status == "reviewed"  # the only review was the last one pending
