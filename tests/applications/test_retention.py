"""Retention (PIPA): unsuccessful applications past their call's retention period are deleted, leaving nothing."""
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from applications.selectors.retention import UNSUCCESSFUL_STATUSES, applications_past_retention
from applications.services.retention import applications_purge_expired
from innocore.models import AuditAction, AuditEntry, EmailMessage
from selection.models import (
    Assignment, ConflictOfInterest, MatchRun, Offer, Placement, RankingAdjustment, Review, ReviewerProfile,
)
from selection.services.decision_emails import decision_topic
from tests.applications.purging import (
    MARKERS, close_long_ago, drive, full_application, rows_referencing, tables_containing,
)
from tests.factories import ApplicationFactory, AssignmentRunFactory, CallFactory, ReviewerProfileFactory, StaffFactory

pytestmark = pytest.mark.django_db


def selection_rows(application: Application) -> None:
    """What the selection side keeps about an application: a review, a conflict, an assignment, an adjustment,
    a placement, a declined offer replaced by another, and the application's id in the runs' JSON."""
    staff, profile = StaffFactory(), ReviewerProfileFactory()
    run = AssignmentRunFactory(call=application.call, uncovered=[{"application_id": application.pk, "reason": "x"}])
    assignment = Assignment.objects.create(run=run, application=application, reviewer=profile)
    Review.objects.create(application=application, reviewer=profile, assignment=assignment,
                          comment_to_staff=f"About {MARKERS['family_name']}")
    ConflictOfInterest.objects.create(application=application, reviewer=ReviewerProfileFactory(),
                                      source="entered_by_staff",
                            detail=f"{MARKERS['family_name']} was a student of the reviewer")
    RankingAdjustment.objects.create(call=application.call, application=application, kind="exclude",
                                     reason="test", created_by=staff)
    match = MatchRun.objects.create(call=application.call, ranking_seed=1, created_by=staff,
                                    lists={"T1": [application.pk, 999999]},
                                    draws={"T1": {"seats": 1, "order": [application.pk, 999999], "keys": ["a", "b"]}})
    Placement.objects.create(run=match, application=application, outcome="not_placed")
    EmailMessage.objects.create(recipient=application.applicant.email, user=application.applicant,
                                topic=decision_topic(run=match, application=application),
                                subject=f"Your application {application.reference}",
                                body=f"Dear {MARKERS['family_name']}, you were not selected.")
    team = application.team_preferences.first().team
    now = timezone.now()
    first = Offer.objects.create(run=match, call=application.call, team=team, application=application,
                                 status="declined", rank=1, choice=1, sent_at=now, respond_by=now, responded_at=now)
    Offer.objects.create(run=match, call=application.call, team=team, application=application, status="declined",
                         rank=1, choice=1, sent_at=now, respond_by=now, responded_at=now, replaces=first)


@pytest.mark.postgres
def test_nothing_of_a_purged_application_remains(django_capture_on_commit_callbacks):
    """Rows of every app, text in every table, files in the storage: only the audit trail keeps the reference."""
    call = CallFactory()
    with django_capture_on_commit_callbacks(execute=True):
        purged = full_application(call=call, to="not_selected")
        kept = full_application(call=call, to="selected", marked=False)
    selection_rows(purged)
    media = Path(settings.MEDIA_ROOT)
    purged_files = [*purged.documents.values_list("storage_name", flat=True),
                    *purged.referees.values_list("letter_storage_name", flat=True)]
    assert len(purged_files) == 5 and all((media / name).exists() for name in purged_files)
    assert EmailMessage.objects.filter(topic=purged.email_topic).count() >= 3
    assert rows_referencing(purged.pk) and all(tables_containing(m) for m in MARKERS.values())
    close_long_ago(call)

    report = applications_purge_expired()

    assert report.by_call == {call.code: [purged.pk]} and report.files == 5 and not report.failed
    assert rows_referencing(purged.pk) == {}
    for marker in MARKERS.values():
        assert tables_containing(marker) == set(), marker
    assert tables_containing(purged.reference) == {"innocore_auditentry"}
    assert not any((media / name).exists() for name in purged_files)
    stored = {path.name for path in media.rglob("*") if path.is_file()}
    assert stored == {Path(name).name for name in
                      [*kept.documents.values_list("storage_name", flat=True),
                       *kept.referees.values_list("letter_storage_name", flat=True)]}
    assert not Offer.objects.filter(application_id=purged.pk).exists()
    assert MatchRun.objects.get(call=call).lists == {"T1": [999999]}
    assert MatchRun.objects.get(call=call).draws == {"T1": {"seats": 1, "order": [999999], "keys": ["b"]}}
    assert ReviewerProfile.objects.count() == 2  # the reviewers stay
    entry = AuditEntry.objects.get(action=AuditAction.APPLICATION_PURGE)
    assert (entry.target_id, entry.target_label, entry.call_code, entry.actor_id) == (
        str(purged.pk), purged.reference, call.code, None)
    assert entry.data == {"status": "not_selected", "files": 5, "emails": entry.data["emails"],
                          "retention_days": 365}
    assert Application.objects.filter(pk=kept.pk).exists() and kept.documents.count() == 3


def test_which_applications_are_past_retention():
    call = CallFactory()
    ApplicationFactory(call=call)  # a draft, never submitted
    by_status = {status: drive(full_application_row(call), status) for status in [
        "withdrawn", "ineligible", "not_selected", "waitlisted", "awaiting_review", "reviewed",
        "info_requested", "selected"]}
    close_long_ago(call, days=400)
    due = set(applications_past_retention(now=timezone.now()).values_list("status", flat=True))
    # A call with a seat still being decided (one application selected): the waiting list may still move.
    assert due == {"draft", "withdrawn", "ineligible", "not_selected"}
    drive(by_status["selected"], "offered")
    drive(by_status["selected"], "declined")
    due = set(applications_past_retention(now=timezone.now()).values_list("status", flat=True))
    assert due == {"draft", "withdrawn", "ineligible", "not_selected", "waitlisted", "declined"}
    assert due - {"waitlisted"} == set(UNSUCCESSFUL_STATUSES)


def test_nothing_is_due_before_the_call_s_retention_period_ends():
    call = CallFactory()
    drive(full_application_row(call), "not_selected")
    close_long_ago(call, days=100)
    assert not applications_past_retention(now=timezone.now()).exists()
    type(call).objects.filter(pk=call.pk).update(retention_days_unsuccessful=90)
    assert applications_past_retention(now=timezone.now()).count() == 1
    assert not applications_past_retention(now=timezone.now() - timedelta(days=11)).exists()


def test_dry_run_lists_and_deletes_nothing_then_the_command_deletes(capsys):
    call = CallFactory(code="OLD-1")
    application = drive(full_application_row(call), "ineligible")
    close_long_ago(call)
    call_command("purge_expired_applications", "--dry-run")
    assert "call OLD-1: would delete 1 applications" in capsys.readouterr().out
    assert Application.objects.filter(pk=application.pk).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.APPLICATION_PURGE).exists()
    call_command("purge_expired_applications")
    assert "deleted 1 applications" in capsys.readouterr().out
    assert not Application.objects.filter(pk=application.pk).exists()


def test_an_application_that_moved_on_since_it_was_listed_is_kept():
    """The purge locks and looks again: a waitlisted application offered a seat meanwhile is not deleted."""
    from applications.services.retention import application_purge

    call = CallFactory()
    application = drive(full_application_row(call), "not_selected")
    close_long_ago(call)
    drive(application, "selected")
    assert application_purge(application=application) is None
    assert Application.objects.filter(pk=application.pk).exists()


def test_the_purge_runs_daily_from_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["retention-purge"]
    assert entry["task"] == "applications.tasks.retention_purge"
    from applications.tasks import retention_purge

    assert retention_purge.name == entry["task"]


def full_application_row(call) -> Application:
    """A submitted application without files (fast), for the selector tests."""
    from tests.factories import SubmittedApplicationFactory

    return SubmittedApplicationFactory(call=call, complete=False)


def test_the_retention_period_is_bounded():
    from django.core.exceptions import ValidationError

    call = CallFactory.build(retention_days_unsuccessful=30)
    with pytest.raises(ValidationError, match="90"):
        call.full_clean()
    assert ApplicationStatus.WAITLISTED not in UNSUCCESSFUL_STATUSES
