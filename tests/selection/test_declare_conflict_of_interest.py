"""Issue 8: declaring a conflict reveals nothing about applications outside the reviewer's own assignments.

A reviewer may search and declare only among applications a published run gives them and that they are
not already conflicted with; any other id answers exactly like an unknown one and records nothing.
"""
import re

import pytest
from django.urls import reverse

from innocore.models import AuditAction, AuditEntry
from selection.models import Assignment, ConflictOfInterest, ConflictOfInterestSource, RunStatus
from tests.factories import AssignmentRunFactory, AwaitingReviewApplicationFactory, ReviewerProfileFactory

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def world():
    reviewer = ReviewerProfileFactory()
    published = AssignmentRunFactory(status=RunStatus.PUBLISHED)
    call = published.call
    mine = AwaitingReviewApplicationFactory(call=call, family_name="Mineson")
    Assignment.objects.create(run=published, application=mine, reviewer=reviewer)
    others = AwaitingReviewApplicationFactory(call=call, family_name="Otherson")
    Assignment.objects.create(run=published, application=others, reviewer=ReviewerProfileFactory())
    proposed_only = AwaitingReviewApplicationFactory(call=call, family_name="Proposedson")
    Assignment.objects.create(run=AssignmentRunFactory(call=call), application=proposed_only, reviewer=reviewer)
    conflicted = AwaitingReviewApplicationFactory(call=call, family_name="Conflictson")
    Assignment.objects.create(run=published, application=conflicted, reviewer=reviewer,
                              review_started_at="2025-08-01T00:00Z")
    ConflictOfInterest.objects.create(application=conflicted, reviewer=reviewer,
                                      source=ConflictOfInterestSource.SAME_INSTITUTION)
    elsewhere = AwaitingReviewApplicationFactory(family_name="Elsewhereson")
    return {"reviewer": reviewer, "mine": mine, "others": others, "proposed_only": proposed_only,
            "conflicted": conflicted, "elsewhere": elsewhere}


def _answer(client, value) -> tuple[int, str]:
    response = client.post(
        reverse("selection:declare_conflict_of_interest") + "?q=son", {"application": value, "detail": "x"}
    )
    return response.status_code, CSRF.sub("", response.content.decode())


def test_any_id_outside_the_reviewers_assignments_answers_exactly_like_an_unknown_id(client, world):
    client.force_login(world["reviewer"].user)
    conflicts, audit = ConflictOfInterest.objects.count(), AuditEntry.objects.count()
    unknown = _answer(client, 99_999_999)
    assert unknown[0] == 400 and "None of the applications assigned to you has that number." in unknown[1]
    for name in ("others", "proposed_only", "conflicted", "elsewhere"):
        assert _answer(client, world[name].pk) == unknown, name
    for value in ("abc", "", "-1", "9" * 30):
        assert _answer(client, value) == unknown, value
    # Each answer lists the reviewer's own searchable application (one list-view row each), nothing else.
    looks = AuditEntry.objects.filter(action=AuditAction.LIST_VIEW)
    assert {tuple(row.data["references"]) for row in looks} == {(world["mine"].reference,)}
    assert (ConflictOfInterest.objects.count(), AuditEntry.objects.count() - looks.count()) == (conflicts, audit)
    for name in ("others", "conflicted", "elsewhere"):
        assert world[name].full_name not in unknown[1]


def test_the_reviewer_declares_a_conflict_on_their_own_assignment(client, world):
    client.force_login(world["reviewer"].user)
    response = client.post(
        reverse("selection:declare_conflict_of_interest"),
        {"application": world["mine"].pk, "detail": "x", "confirm": "1"},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("selection:my_assignments"), 302)]
    assert "you will not be asked to review" in response.content.decode()
    assert ConflictOfInterest.objects.filter(application=world["mine"], reviewer=world["reviewer"],
                                             source=ConflictOfInterestSource.DECLARED_BY_REVIEWER).exists()
    again = _answer(client, world["mine"].pk)
    assert again == _answer(client, 99_999_999)


def test_search_lists_only_the_reviewers_declarable_applications(client, world):
    client.force_login(world["reviewer"].user)
    page = client.get(reverse("selection:declare_conflict_of_interest"), {"q": "son"}).content.decode()
    assert world["mine"].reference in page
    for name in ("others", "proposed_only", "conflicted", "elsewhere"):
        assert world[name].reference not in page and world[name].family_name not in page, name
    by_reference = client.get(reverse("selection:declare_conflict_of_interest"), {"q": world["others"].reference})
    assert world["others"].family_name not in by_reference.content.decode()


def test_i_know_this_person_asks_for_confirmation_before_anything_changes(client, world):
    client.force_login(world["reviewer"].user)
    conflicts = ConflictOfInterest.objects.count()
    page = client.post(
        reverse("selection:declare_conflict_of_interest"), {"application": world["mine"].pk, "detail": "My student"}
    )
    body = page.content.decode()
    assert page.status_code == 200 and "You are about to declare" in body and world["mine"].reference in body
    assert 'name="confirm"' in body and "My student" in body
    assert ConflictOfInterest.objects.count() == conflicts
    for name in ("others", "conflicted", "elsewhere"):
        refused = client.post(reverse("selection:declare_conflict_of_interest"), {"application": world[name].pk})
        assert refused.status_code == 400 and world[name].full_name not in refused.content.decode()
