"""The assignment run service end to end, in-process (eager Celery) on seeded calls."""
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from selection.models import (
    Assignment, AssignmentRun, AssignmentSource, ConflictOfInterest, ConflictOfInterestSource, RunStatus,
)
from selection.services.assignment import assignment_run_start
from selection.services.assignment_edit import assignment_publish
from tests.factories import (
    AwaitingReviewApplicationFactory, ReviewerProfileFactory, StaffFactory, seeded_assignment_call,
)

pytestmark = pytest.mark.django_db


def run_now(call, django_capture_on_commit_callbacks, **options) -> AssignmentRun:
    with django_capture_on_commit_callbacks(execute=True):
        run = assignment_run_start(call=call, by=StaffFactory(), **options)
    run.refresh_from_db()
    return run


def test_every_application_gets_k_reviewers_without_conflicts_within_loads(django_capture_on_commit_callbacks):
    call, applications, reviewers = seeded_assignment_call(applications=12, reviewers=8, max_load=5)
    ConflictOfInterest.objects.create(application=applications[0], reviewer=reviewers[0],
                                      source=ConflictOfInterestSource.ENTERED_BY_STAFF)
    ConflictOfInterest.objects.create(application=applications[1], reviewer=reviewers[1],
                                      source=ConflictOfInterestSource.ADVISOR)
    run = run_now(call, django_capture_on_commit_callbacks, k=3, min_preferred=1)

    assert run.status == RunStatus.PROPOSED and run.progress == 100 and run.stage == "done"
    assert run.uncovered == [] and run.applications_count == 12 and run.reviewers_count == 8
    pairs = list(Assignment.objects.filter(run=run).values_list("application_id", "reviewer_id"))
    assert Counter(a for a, _r in pairs) == {a.pk: 3 for a in applications}
    assert (applications[0].pk, reviewers[0].pk) not in pairs and (applications[1].pk, reviewers[1].pk) not in pairs
    assert max(Counter(r for _a, r in pairs).values()) <= 5
    assert run.objective == pytest.approx(sum(Assignment.objects.filter(run=run).values_list("affinity", flat=True)),
                                          rel=1e-4)
    # Affinity follows the keywords: each application gets its topic's reviewers first.
    best = Assignment.objects.filter(run=run, application=applications[2]).order_by("-affinity").first()
    assert best.reviewer.expertise.split(",")[0] in applications[2].keywords


def test_rerun_after_new_reviewers_join_keeps_every_started_review(django_capture_on_commit_callbacks):
    call, applications, reviewers = seeded_assignment_call(applications=6, reviewers=6, max_load=4)
    first = run_now(call, django_capture_on_commit_callbacks, k=2, min_preferred=0)
    assignment_publish(run=first, by=StaffFactory())
    started = list(Assignment.objects.filter(run=first).order_by("pk")[:4])
    for assignment in started:
        assignment.review_started_at = timezone.now()
        assignment.save()
    newcomers = [ReviewerProfileFactory(expertise=applications[0].keywords, max_load=4) for _ in range(3)]

    second = run_now(call, django_capture_on_commit_callbacks, k=2, min_preferred=0)
    assert second.status == RunStatus.PROPOSED and second.kept_count == 4 and second.uncovered == []
    rows = list(Assignment.objects.filter(run=second))
    kept = {(a.application_id, a.reviewer_id) for a in rows if a.source == AssignmentSource.KEPT}
    assert kept == {(a.application_id, a.reviewer_id) for a in started}
    assert all(a.review_started_at for a in rows if a.source == AssignmentSource.KEPT)
    assert Counter(a.application_id for a in rows) == {a.pk: 2 for a in applications}
    loads = Counter(a.reviewer_id for a in rows)
    assert all(loads[r.pk] <= 4 for r in [*reviewers, *newcomers])
    assert len({(a.application_id, a.reviewer_id) for a in rows}) == len(rows)


def test_infeasible_call_ends_with_a_report_of_who_cannot_be_covered(django_capture_on_commit_callbacks):
    call, applications, reviewers = seeded_assignment_call(applications=5, reviewers=3, max_load=3)
    for reviewer in reviewers:  # application 0 is conflicted with everybody
        ConflictOfInterest.objects.create(
            application=applications[0], reviewer=reviewer, source=ConflictOfInterestSource.SAME_INSTITUTION
        )
    run = run_now(call, django_capture_on_commit_callbacks, k=2, min_preferred=0)
    assert run.status == RunStatus.PROPOSED
    reasons = {item["application_id"]: item["reason"] for item in run.uncovered}
    assert "only 0 non-conflicted reviewers" in reasons.pop(applications[0].pk)
    # The 4 others need 8 reviews; 3 reviewers with 3 each can give 9.
    assert reasons == {}
    assert {item["reference"] for item in run.uncovered} == {applications[0].reference}


def test_capacity_shortage_names_the_competition(django_capture_on_commit_callbacks):
    call, applications, _reviewers = seeded_assignment_call(applications=5, reviewers=3, max_load=2)
    run = run_now(call, django_capture_on_commit_callbacks, k=2, min_preferred=0)
    assert len(run.uncovered) == 2  # 6 reviews for 5 applications needing 2 each: 3 covered
    assert all("compete for the 3 reviewers" in item["reason"] for item in run.uncovered)
    assert Assignment.objects.filter(run=run).count() == 6


def test_no_reviewers_reports_every_application(django_capture_on_commit_callbacks):
    call, applications, _ = seeded_assignment_call(applications=2, reviewers=0)
    run = run_now(call, django_capture_on_commit_callbacks)
    assert run.status == RunStatus.PROPOSED
    assert [item["reason"] for item in run.uncovered] == ["no available reviewers with a complete profile"] * 2


def test_only_awaiting_applications_and_complete_available_reviewers_are_used(django_capture_on_commit_callbacks):
    call, applications, reviewers = seeded_assignment_call(applications=3, reviewers=4)
    AwaitingReviewApplicationFactory(call=call, status="submitted")
    ReviewerProfileFactory(profile_completed_at=None)
    ReviewerProfileFactory(is_available=False)
    run = run_now(call, django_capture_on_commit_callbacks, k=2, min_preferred=0)
    assert run.applications_count == 3 and run.reviewers_count == 4
    assert set(Assignment.objects.filter(run=run).values_list("reviewer_id", flat=True)) <= {r.pk for r in reviewers}


def test_a_second_run_is_refused_while_one_is_active_and_parameters_are_checked():
    call, _applications, _ = seeded_assignment_call(applications=1, reviewers=1)
    staff = StaffFactory()
    assignment_run_start(call=call, by=staff)  # callbacks not run: it stays queued
    with pytest.raises(ValidationError, match="already queued or running"):
        assignment_run_start(call=call, by=staff)
    with pytest.raises(ValidationError):
        assignment_run_start(call=call, by=staff, k=0)
    with pytest.raises(ValidationError):
        assignment_run_start(call=call, by=staff, k=2, min_preferred=3)


def test_a_failed_solve_is_recorded_on_the_run(django_capture_on_commit_callbacks, monkeypatch):
    call, _applications, _ = seeded_assignment_call(applications=2, reviewers=3)

    def explode(**kwargs):
        raise RuntimeError("solver exploded")

    monkeypatch.setattr("selection.planning.solve_keeping_fixed", explode)
    run = run_now(call, django_capture_on_commit_callbacks)
    assert run.status == RunStatus.FAILED and "solver exploded" in run.error and run.stage == "failed"
    assert run_now(call, django_capture_on_commit_callbacks).status == RunStatus.FAILED  # a new run may start
