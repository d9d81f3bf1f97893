import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innocore.models import AuditAction, AuditEntry
from selection.models import Assignment, ConflictOfInterest, Review
from selection.services.conflicts_of_interest import conflict_of_interest_add
from tests.factories import AwaitingReviewApplicationFactory, MinistryStaffFactory, ReviewerProfileFactory
from tests.innocore.test_csp import inline_code
from tests.selection.reviewing import assigned_pair, dossier_under_review

pytestmark = pytest.mark.django_db

FULL = {"score_excellence": "5", "score_impact": "4", "score_fit": "3", "recommendation": "support",
        "confidence": "4", "comment_to_staff": "Convincing plan.", "note_to_applicant": "Well done."}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _urls(application, referee):
    document = application.documents.order_by("pk")[0]
    return [reverse("selection:review_dossier", args=[application.pk]),
            reverse("selection:review_document", args=[application.pk, document.pk]),
            reverse("selection:review_letter", args=[application.pk, referee.pk])]


def test_conflict_first_then_dossier_documents_and_letters_each_audited(client, media):
    application, (profile,), referee = dossier_under_review()
    client.force_login(profile.user)
    dossier_url, document_url, letter_url = _urls(application, referee)
    assert client.get(dossier_url).url == reverse("selection:review_start", args=[application.pk])
    assert client.get(document_url).status_code == 404  # nothing is served before the conflict question
    assert client.post(reverse("selection:review_start", args=[application.pk]), {}).status_code == 400
    response = client.post(reverse("selection:review_start", args=[application.pk]), {"decision": "confirm"})
    assert response.url == dossier_url
    assert Assignment.objects.get(reviewer=profile).review_started_at is not None
    page = client.get(dossier_url).content.decode()
    assert "Lovelace" in page and "Stanford University" in page
    assert client.get(document_url).status_code == 200
    letter = client.get(letter_url + "?download=1")
    assert letter.status_code == 200 and "attachment" in letter["Content-Disposition"]
    actions = list(AuditEntry.objects.filter(actor=profile.user).values_list("action", flat=True))
    assert {AuditAction.DOSSIER_VIEW, AuditAction.DOCUMENT_DOWNLOAD, AuditAction.LETTER_DOWNLOAD} <= set(actions)


def test_declaring_a_conflict_on_the_start_page_gives_the_application_back(client, media):
    application, (profile,), _referee = dossier_under_review()
    client.force_login(profile.user)
    response = client.post(reverse("selection:review_start", args=[application.pk]),
                           {"decision": "declare", "detail": "My former student"})
    assert response.url == reverse("selection:my_assignments")
    assert ConflictOfInterest.objects.get(reviewer=profile).detail == "My former student"
    assert not Assignment.objects.filter(reviewer=profile).exists()
    for url in (reverse("selection:review_start", args=[application.pk]),
                reverse("selection:review_form", args=[application.pk])):
        assert client.get(url).status_code == 404


def test_unassigned_or_conflicted_reviewers_and_staff_get_404_for_dossier_documents_and_letters(client, media):
    application, (assigned, conflicted), referee = dossier_under_review(reviewers=2)
    for profile in (assigned, conflicted):
        client.force_login(profile.user)
        client.post(reverse("selection:review_start", args=[application.pk]), {"decision": "confirm"})
    conflict_of_interest_add(
        reviewer=conflicted, application=application, detail="Co-author", by=MinistryStaffFactory()
    )
    outsider = ReviewerProfileFactory()
    for user in (conflicted.user, outsider.user, MinistryStaffFactory(), application.applicant):
        client.force_login(user)
        for url in _urls(application, referee) + [reverse("selection:review_form", args=[application.pk])]:
            assert client.get(url).status_code == 404, (user, url)


def test_blind_review_hides_identity_on_the_pages(client, media):
    application, (profile,), referee = dossier_under_review(blind=True)
    # The header names the reviewer: a random name could contain "Ada" (Adams, Adam...).
    profile.user.first_name, profile.user.last_name = "Grace", "Hopper"
    profile.user.save()
    client.force_login(profile.user)
    start = client.get(reverse("selection:review_start", args=[application.pk])).content.decode()
    home = client.get(reverse("selection:my_assignments")).content.decode()
    client.post(reverse("selection:review_start", args=[application.pk]), {"decision": "confirm"})
    page = client.get(reverse("selection:review_dossier", args=[application.pk])).content.decode()
    for text in (start, home, page):
        for hidden in ("Lovelace", "Ada", application.applicant.email, "1990", "United Kingdom", "Stanford",
                       "Babbage", referee.name, referee.email):
            assert hidden not in text, hidden
    assert "not blinded" in page and application.reference in page


def test_scoring_autosaves_submits_once_and_hides_other_reviews_before(client, media):
    application, (profile, other), _referee = dossier_under_review(reviewers=2)
    application.call.review_settings.reviews_visible_after_submit = True
    application.call.review_settings.save()
    for reviewer in (other, profile):
        client.force_login(reviewer.user)
        client.post(reverse("selection:review_start", args=[application.pk]), {"decision": "confirm"})
    url = reverse("selection:review_form", args=[application.pk])
    client.force_login(other.user)
    client.post(url, {**FULL, "comment_to_staff": "OTHER REVIEWER TEXT", "version": "1", "submit": "1"})
    assert Review.objects.get(reviewer=other).is_submitted

    client.force_login(profile.user)
    page = client.get(url)
    assert page.status_code == 200 and "OTHER REVIEWER TEXT" not in page.content.decode()
    saved = client.post(url, {"score_excellence": "4", "version": "1"}, HTTP_X_AUTOSAVE="1")
    assert saved.status_code == 200 and json.loads(saved.content) == {**json.loads(saved.content), "saved": True}
    version = json.loads(saved.content)["version"]
    stale = client.post(url, {"score_excellence": "2", "version": "1"}, HTTP_X_AUTOSAVE="1")
    assert stale.status_code == 409 and json.loads(stale.content)["conflict"]
    assert Review.objects.get(reviewer=profile).scores == {"excellence": 4}
    assert client.post(url, {"score_excellence": "9", "version": str(version)}, HTTP_X_AUTOSAVE="1").status_code == 422
    incomplete = client.post(url, {"score_excellence": "4", "version": str(version), "submit": "1"})
    assert incomplete.status_code == 400 and not Review.objects.get(reviewer=profile).is_submitted
    version = Review.objects.get(reviewer=profile).version
    assert client.post(url, {**FULL, "version": str(version), "submit": "1"}).status_code == 302
    mine = Review.objects.get(reviewer=profile)
    assert mine.is_submitted and mine.scores == {"excellence": 5, "impact": 4, "fit": 3}
    assert "OTHER REVIEWER TEXT" in client.get(url).content.decode()  # the call shows them after one's own
    again = client.post(url, {**FULL, "version": str(mine.version), "submit": "1"}, HTTP_X_AUTOSAVE="1")
    assert again.status_code == 409 and json.loads(again.content)["locked"]
    assert Review.objects.get(reviewer=profile).submitted_at == mine.submitted_at


def test_other_reviews_stay_hidden_after_submission_unless_the_call_allows(client, media):
    application, (profile, other), _referee = dossier_under_review(reviewers=2)
    for reviewer in (other, profile):
        client.force_login(reviewer.user)
        client.post(reverse("selection:review_start", args=[application.pk]), {"decision": "confirm"})
        client.post(reverse("selection:review_form", args=[application.pk]),
                    {**FULL, "comment_to_staff": f"TEXT OF {reviewer.pk}", "version": "1", "submit": "1"})
    page = client.get(reverse("selection:review_form", args=[application.pk])).content.decode()
    assert f"TEXT OF {profile.pk}" in page and f"TEXT OF {other.pk}" not in page


def test_staff_reopen_with_a_reason(client, media):
    application, (profile,), _referee = dossier_under_review()
    client.force_login(profile.user)
    client.post(reverse("selection:review_start", args=[application.pk]), {"decision": "confirm"})
    client.post(reverse("selection:review_form", args=[application.pk]), {**FULL, "version": "1", "submit": "1"})
    review = Review.objects.get(reviewer=profile)
    url = reverse("selection:review_reopen", args=[review.pk])
    assert client.get(url).status_code == 403
    client.force_login(MinistryStaffFactory())
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Scores in the wrong order"}).status_code == 302
    review.refresh_from_db()
    assert not review.is_submitted and review.reopen_reason == "Scores in the wrong order"
    assert client.post(url, {"reason": "again"}).status_code == 409
    client.force_login(profile.user)
    page = client.get(reverse("selection:review_form", args=[application.pk])).content.decode()
    assert "Scores in the wrong order" in page


def test_reviewer_home_shows_progress_per_call_in_flat_queries(client):
    reviewer = ReviewerProfileFactory()
    client.force_login(reviewer.user)

    def grow(count):
        for _ in range(count):
            application, _profiles = assigned_pair()
            run = Assignment.objects.filter(application=application).first().run
            mine = AwaitingReviewApplicationFactory(call=run.call)
            Assignment.objects.create(run=run, application=mine, reviewer=reviewer)
            Review.objects.create(application=mine, reviewer=reviewer)

    grow(1)
    url = reverse("selection:my_assignments")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(3)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(many) == len(few)
    assert "0 of 1 submitted" in page.content.decode() and "Draft" in page.content.decode()


def test_staff_see_the_reviews_with_weighted_scores_in_flat_queries(client, media):
    application, profiles, _referee = dossier_under_review(reviewers=4)
    staff = MinistryStaffFactory()
    url = reverse("selection:application_reviews", args=[application.pk])

    def review(profile, scores):
        client.force_login(profile.user)
        client.post(reverse("selection:review_start", args=[application.pk]), {"decision": "confirm"})
        client.post(reverse("selection:review_form", args=[application.pk]),
                    {**FULL, **scores, "version": "1", "submit": "1"})

    review(profiles[0], {"score_excellence": "5", "score_impact": "5", "score_fit": "1"})
    client.force_login(staff)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    # 50% x 1 + 30% x 1 + 20% x 0 of the 1-5 range: 1 + 0.8 x 4
    assert "4.20" in page and "Re-open" in page
    for profile in profiles[1:]:
        review(profile, {})
    client.force_login(staff)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_review_pages_carry_no_inline_code_for_the_csp(client, media):
    application, (profile, other), _referee = dossier_under_review(reviewers=2)
    for reviewer in (other, profile):
        client.force_login(reviewer.user)
        client.post(reverse("selection:review_start", args=[application.pk]), {"decision": "confirm"})
    client.post(reverse("selection:review_form", args=[application.pk]), {**FULL, "version": "1", "submit": "1"})
    client.force_login(other.user)
    urls = [reverse("selection:review_start", args=[application.pk]), reverse("selection:my_assignments"),
            reverse("selection:review_dossier", args=[application.pk]),
            reverse("selection:review_form", args=[application.pk])]
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200 and inline_code(response.content.decode()) == [], url
    assert 'src="/static/js/autosave.js"' in client.get(urls[-1]).content.decode()
    client.force_login(MinistryStaffFactory())
    review = Review.objects.get(reviewer=profile)
    for url in (reverse("selection:application_reviews", args=[application.pk]),
                reverse("selection:review_reopen", args=[review.pk])):
        response = client.get(url)
        assert response.status_code == 200 and inline_code(response.content.decode()) == [], url
