"""Checking applications: idempotent verdicts, statuses, overrides, call-wide runs, the submit hook."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import (
    ApplicationStatus, CareerBreak, EligibilityOverride, EligibilityRun, EligibilityRunStatus, EligibilityVerdict,
    Referee, VerdictOutcome,
)
from applications.services import eligibility as service
from applications.services.eligibility import (
    application_eligibility_check, call_eligibility_recheck, call_eligibility_rules_create_defaults,
    eligibility_check_many, eligibility_override, eligibility_run_chunk_check,
)
from applications.services.submission import application_submit
from applications.tasks import eligibility_check, eligibility_check_chunk
from innocore.models import OutboxMessage
from tests.applications.dossiers import complete_application
from tests.factories import (
    CallFactory, EligibilityRuleFactory, StaffFactory, SubmittedApplicationFactory, UserFactory,
)

pytestmark = pytest.mark.django_db


def test_an_eligible_application_moves_to_awaiting_review_with_one_line_per_rule():
    application = SubmittedApplicationFactory()
    verdict = application_eligibility_check(application_id=application.pk)
    application.refresh_from_db()
    assert verdict.outcome == VerdictOutcome.ELIGIBLE, verdict.lines
    assert application.status == ApplicationStatus.AWAITING_REVIEW
    assert [line["code"] for line in verdict.lines] == [
        "phd_awarded", "years_since_phd", "documents_complete", "research_field", "no_duplicate", "team_preferences",
    ]
    assert all(line["outcome"] == "passed" and line["message_en"] and line["message_ko"] for line in verdict.lines)


def test_running_twice_records_one_verdict_and_writes_nothing_the_second_time():
    application = SubmittedApplicationFactory()
    first = application_eligibility_check(application_id=application.pk, task_id="a")
    second = application_eligibility_check(application_id=application.pk, task_id="b")
    assert EligibilityVerdict.objects.filter(application=application).count() == 1
    assert second.pk == first.pk and second.task_id == "a" and second.checked_at == first.checked_at
    with CaptureQueriesContext(connection) as queries:
        application_eligibility_check(application_id=application.pk)
    assert not [q for q in queries.captured_queries if q["sql"].startswith(("INSERT", "UPDATE"))]


def test_changed_input_is_checked_again_and_the_status_follows():
    application = SubmittedApplicationFactory(phd_date=date(2010, 1, 1))
    assert application_eligibility_check(application_id=application.pk).outcome == VerdictOutcome.INELIGIBLE
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INELIGIBLE
    # Fourteen years of documented parental leave and military service bring it back within the limit.
    CareerBreak.objects.create(application=application, kind="parental_leave", start=date(2011, 1, 1),
                               end=date(2024, 12, 31))
    verdict = application_eligibility_check(application_id=application.pk)
    application.refresh_from_db()
    assert verdict.outcome == VerdictOutcome.ELIGIBLE and application.status == ApplicationStatus.AWAITING_REVIEW
    assert EligibilityVerdict.objects.count() == 1


def test_missing_letters_fail_and_unknown_fields_need_manual_review():
    short = SubmittedApplicationFactory()
    Referee.objects.filter(application=short).update(status="requested", letter_received_at=None)
    offtopic = SubmittedApplicationFactory(research_field="medieval history", keywords="manuscripts")
    verdicts = eligibility_check_many(application_ids=[short.pk, offtopic.pk]).verdicts
    assert verdicts[short.pk].outcome == VerdictOutcome.INELIGIBLE
    failed = [line for line in verdicts[short.pk].lines if line["outcome"] == "failed"]
    assert [line["code"] for line in failed] == ["documents_complete"] and "0 of 2" in failed[0]["message_en"]
    assert verdicts[offtopic.pk].outcome == VerdictOutcome.NEEDS_MANUAL_REVIEW
    offtopic.refresh_from_db()
    assert offtopic.status == ApplicationStatus.ELIGIBILITY_REVIEW


def test_drafts_withdrawn_and_reviewed_applications_are_skipped():
    draft = SubmittedApplicationFactory(status="draft", submitted_at=None)
    reviewing = SubmittedApplicationFactory(status="under_review")
    summary = eligibility_check_many(application_ids=[draft.pk, reviewing.pk, 999_999])
    assert summary.skipped == 3 and not summary.verdicts and not EligibilityVerdict.objects.exists()


def test_the_call_rules_are_used_in_their_order_with_their_messages():
    application = SubmittedApplicationFactory(phd_date=timezone.localdate() - timedelta(days=6 * 365))
    EligibilityRuleFactory(call=application.call, code="years_since_phd", params={"max_years": 5}, position=1,
                           message_en="Too long since the PhD on {phd_date}.")
    EligibilityRuleFactory(call=application.call, code="phd_awarded", position=2)
    EligibilityRuleFactory(call=application.call, code="no_duplicate", position=3, enabled=False)
    verdict = application_eligibility_check(application_id=application.pk)
    assert [line["code"] for line in verdict.lines] == ["years_since_phd", "phd_awarded"]
    assert verdict.outcome == VerdictOutcome.INELIGIBLE
    assert verdict.lines[0]["message_en"] == f"Too long since the PhD on {application.phd_date.isoformat()}."


def test_editing_a_rule_changes_the_fingerprint_so_the_next_check_applies_it():
    application = SubmittedApplicationFactory(phd_date=timezone.localdate() - timedelta(days=6 * 365))
    assert application_eligibility_check(application_id=application.pk).outcome == VerdictOutcome.ELIGIBLE
    call_eligibility_rules_create_defaults(call=application.call, by=StaffFactory())
    assert application_eligibility_check(application_id=application.pk).outcome == VerdictOutcome.ELIGIBLE
    application.call.eligibility_rules.filter(code="years_since_phd").update(params={"max_years": 5})
    assert application_eligibility_check(application_id=application.pk).outcome == VerdictOutcome.INELIGIBLE


def test_default_rules_are_created_once():
    call, staff = CallFactory(), StaffFactory()
    assert call_eligibility_rules_create_defaults(call=call, by=staff) == 6
    assert call_eligibility_rules_create_defaults(call=call, by=staff) == 0
    assert call.eligibility_rules.get(code="years_since_phd").params["max_years"] == 7
    with pytest.raises(PermissionDenied):
        call_eligibility_rules_create_defaults(call=call, by=UserFactory())


def test_an_override_is_logged_and_governs_the_status_even_after_a_recheck():
    application = SubmittedApplicationFactory(phd_date=date(2010, 1, 1))
    verdict = application_eligibility_check(application_id=application.pk)
    staff = StaffFactory()
    eligibility_override(verdict=verdict, outcome=VerdictOutcome.ELIGIBLE, reason="Career break documented by mail.",
                         by=staff)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_REVIEW
    log = EligibilityOverride.objects.get()
    assert (log.by, log.from_outcome, log.to_outcome) == (staff, "ineligible", "eligible")
    # A re-check on changed input records the new computed outcome but keeps the staff decision.
    application.research_field = "medieval history"
    application.keywords = "manuscripts"
    application.save()
    rechecked = application_eligibility_check(application_id=application.pk)
    application.refresh_from_db()
    assert rechecked.outcome == VerdictOutcome.INELIGIBLE and rechecked.effective_outcome == VerdictOutcome.ELIGIBLE
    assert application.status == ApplicationStatus.AWAITING_REVIEW


def test_the_latest_override_governs_in_python_and_in_sql_alike():
    verdicts = [application_eligibility_check(application_id=SubmittedApplicationFactory().pk) for _ in range(3)]
    staff = StaffFactory()
    for outcome in ("ineligible", "needs_manual_review"):
        eligibility_override(verdict=verdicts[0], outcome=outcome, reason=f"Now {outcome}", by=staff)
    eligibility_override(verdict=verdicts[1], outcome="ineligible", reason="Elsewhere", by=staff)
    fresh = EligibilityVerdict.objects.with_effective_outcome().order_by("pk")
    assert [(v.effective, v.effective_outcome, v.is_overridden) for v in fresh] == [
        ("needs_manual_review", "needs_manual_review", True), ("ineligible", "ineligible", True),
        ("eligible", "eligible", False),
    ]
    assert fresh[0].latest_override.reason == "Now needs_manual_review"
    assert EligibilityVerdict.objects.get(pk=verdicts[0].pk).outcome == "eligible"  # the computed one is kept


@pytest.mark.parametrize("outcome, reason, field", [("eligible", "   ", "reason"), ("maybe", "why not", "outcome")])
def test_an_override_needs_a_known_outcome_and_a_reason(outcome, reason, field):
    verdict = application_eligibility_check(application_id=SubmittedApplicationFactory().pk)
    with pytest.raises(ValidationError) as excinfo:
        eligibility_override(verdict=verdict, outcome=outcome, reason=reason, by=StaffFactory())
    assert field in excinfo.value.message_dict and not EligibilityOverride.objects.exists()


def test_only_staff_override():
    verdict = application_eligibility_check(application_id=SubmittedApplicationFactory().pk)
    with pytest.raises(PermissionDenied):
        eligibility_override(verdict=verdict, outcome="ineligible", reason="no", by=verdict.application.applicant)


def test_a_call_recheck_runs_in_chunks_and_counts_each_chunk_once(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(service, "CHUNK_SIZE", 2)
    call = CallFactory()
    applications = [SubmittedApplicationFactory(call=call) for _ in range(5)]
    SubmittedApplicationFactory(call=call, status="draft", submitted_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        run = call_eligibility_recheck(call=call, by=StaffFactory())
    run.refresh_from_db()
    assert (run.total, run.chunks, run.done, run.failed, run.status) == (5, 3, 5, 0, EligibilityRunStatus.FINISHED)
    assert run.finished_at and sorted(run.completed_chunks) == [0, 1, 2]
    assert EligibilityVerdict.objects.filter(application__in=applications).count() == 5
    # A redelivered chunk (worker killed after commit, before the ack) is not counted again.
    again = eligibility_run_chunk_check(run_id=run.pk, chunk_index=0, application_ids=[applications[0].pk])
    assert again.done == 5
    # Direct task call: same answer.
    assert eligibility_check_chunk(run_id=run.pk, chunk_index=1, application_ids=[]) == "5/5"


def test_a_second_recheck_is_refused_while_one_is_running(django_capture_on_commit_callbacks):
    call, staff = CallFactory(), StaffFactory()
    SubmittedApplicationFactory(call=call)
    with django_capture_on_commit_callbacks(execute=False):
        call_eligibility_recheck(call=call, by=staff)
    with pytest.raises(ValidationError, match="already in progress"):
        call_eligibility_recheck(call=call, by=staff)


def test_a_call_without_applications_finishes_at_once():
    run = call_eligibility_recheck(call=CallFactory(), by=StaffFactory())
    assert run.status == EligibilityRunStatus.FINISHED and run.percent == 100


def test_a_failed_chunk_is_counted_as_failed(monkeypatch, django_capture_on_commit_callbacks):
    call = CallFactory()
    SubmittedApplicationFactory(call=call)

    def broken(**kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr("applications.services.eligibility.eligibility_check_many", broken)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = call_eligibility_recheck(call=call, by=StaffFactory())
    # Through Celery's tracer without eager propagation, as in a worker: on_failure runs.
    assert len(callbacks) == 1
    message = OutboxMessage.objects.get(task=eligibility_check_chunk.name)
    result = eligibility_check_chunk.apply(kwargs=message.kwargs, throw=False)
    assert result.failed()
    run.refresh_from_db()
    assert (run.done, run.failed, run.status) == (0, 1, EligibilityRunStatus.FINISHED)


def test_submitting_queues_the_check_on_commit(django_capture_on_commit_callbacks):
    user = UserFactory()
    application = complete_application(call=CallFactory(), applicant=user)
    Referee.objects.filter(application=application).update(status="received", letter_received_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application_submit(application=application, by=user)
    assert not EligibilityVerdict.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    application.refresh_from_db()
    assert application.eligibility_verdict.outcome == VerdictOutcome.ELIGIBLE
    assert application.status == ApplicationStatus.AWAITING_REVIEW


def test_the_task_reports_the_outcome_and_skips_what_it_cannot_check():
    application = SubmittedApplicationFactory()
    assert eligibility_check(application_id=application.pk) == "eligible"
    assert eligibility_check(application_id=999_999) == "skipped"
    assert EligibilityRun.objects.count() == 0


def test_the_tasks_acknowledge_late_and_retry_a_transient_database_error(monkeypatch, settings):
    from django.db import OperationalError

    import applications.tasks as tasks

    assert eligibility_check.acks_late and eligibility_check_chunk.acks_late
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    real, calls = tasks.application_eligibility_check, []

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(tasks, "application_eligibility_check", flaky)
    application = SubmittedApplicationFactory()
    result = eligibility_check.apply(kwargs={"application_id": application.pk}, throw=False)
    assert result.get() == "eligible"
    assert len(calls) == 2 and EligibilityVerdict.objects.filter(application=application).count() == 1


def test_a_bug_is_not_retried(monkeypatch):
    import applications.tasks as tasks

    calls = []
    monkeypatch.setattr(tasks, "application_eligibility_check", lambda **kwargs: calls.append(1) or 1 / 0)
    result = eligibility_check.apply(kwargs={"application_id": 1}, throw=False)
    assert result.failed() and len(calls) == 1
