"""The audit trail: every service that is told who acts records it; the trail is append-only (in the
database on PostgreSQL) and kept two years; ministry staff search, filter and export it."""
import csv
import io
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Referee, StaleSectionEdit
from applications.services.documents import document_upload
from applications.services.dossier import application_start, stale_section_edits_dismiss
from applications.services.referees import referee_invite, referee_remind, referee_replace
from innocore.models import AuditAction, AuditEntry
from innocore.models.audit import AuditTrailIsAppendOnly
from innocore.selectors.audit import csv_safe
from innocore.services.audit import audit_record
from selection.services.assignment import assignment_run_start
from selection.services.reviewers import reviewer_invite, reviewer_profile_update
from tests.applications.dossiers import pdf_upload, save
from tests.factories import (
    CallFactory, InstituteStaffFactory, MinistryStaffFactory, ReviewerProfileFactory, StaffFactory, UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _rows(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


# Services that take `by` record it ---------------------------------------------------------------------------------

def test_the_applicant_side_services_record_who_acted():
    applicant = UserFactory()
    application = application_start(call=CallFactory(), applicant=applicant)

    document_upload(application=application, kind="cv", file=pdf_upload(), by=applicant)
    [upload] = _rows(AuditAction.DOCUMENT_UPLOAD)
    assert upload.actor_id == applicant.pk and upload.target_type == "applications.document"
    assert upload.target_label == application.reference and upload.call_code == application.call.code
    assert upload.data["kind"] == "cv"

    referee = referee_invite(application=application, name="Prof. Lee", email="lee@uni.example", by=applicant)
    [invite] = _rows(AuditAction.REFEREE_INVITE)
    assert (invite.target_type, invite.target_id, invite.actor_id) == ("applications.referee", str(referee.pk),
                                                                       applicant.pk)

    Referee.objects.filter(pk=referee.pk).update(requested_at=timezone.now() - timedelta(days=2))
    referee_remind(referee=referee, by=applicant)
    [remind] = _rows(AuditAction.REFEREE_REMIND)
    assert remind.target_id == str(referee.pk) and remind.data == {"reminders_sent": 1}

    successor = referee_replace(referee=referee, name="Prof. Park", email="park@uni.example", by=applicant)
    [replace] = _rows(AuditAction.REFEREE_REPLACE)
    assert replace.target_id == str(referee.pk) and replace.data == {"replaced_by": successor.pk}

    StaleSectionEdit.objects.create(application=application, section="personal", based_on="x", data={})
    assert stale_section_edits_dismiss(application=application, section="personal", by=applicant) == 1
    [dismiss] = _rows(AuditAction.STALE_SECTION_EDITS_DISMISS)
    assert dismiss.data == {"section": "personal", "dismissed": 1}
    # Applicants acting on their own data are recorded by id only: their email leaves with their account.
    assert {row.actor_label for row in AuditEntry.objects.all()} == {""}


def test_an_applicant_editing_their_own_draft_writes_no_audit_row():
    """Autosave runs every few seconds of typing: the trail is for decisions and for others' looks."""
    applicant = UserFactory()
    application = application_start(call=CallFactory(), applicant=applicant)
    save(application, "position", {"current_position": "Postdoc", "current_institution": "KAIST"})
    assert not AuditEntry.objects.exists()


def test_the_selection_side_services_record_who_acted():
    staff = StaffFactory()
    call = CallFactory()
    invitation = reviewer_invite(email="reviewer@uni.example", by=staff, call=call)
    [invite] = _rows(AuditAction.REVIEWER_INVITE)
    assert (invite.actor_id, invite.actor_label, invite.target_id, invite.call_code) == (
        staff.pk, staff.email, str(invitation.pk), call.code)

    profile = ReviewerProfileFactory()
    reviewer_profile_update(profile=profile, by=staff, first_name="Min", last_name="Kim", team=None,
                            institution="KAIST", expertise="robotics", max_load=5)
    [update] = _rows(AuditAction.REVIEWER_PROFILE)
    assert update.target_type == "selection.reviewerprofile" and update.target_id == str(profile.pk)

    run = assignment_run_start(call=call, by=staff, k=2)  # on_commit not run: it stays queued
    [started] = _rows(AuditAction.ASSIGNMENT_RUN)
    assert (started.target_id, started.call_code, started.data["k"]) == (str(run.pk), call.code, 2)


# Append-only ---------------------------------------------------------------------------------------------------------

def test_an_entry_cannot_be_changed_or_deleted_through_the_model():
    entry = audit_record(by=None, action=AuditAction.CONFLICT_DETECT, label="C1")
    entry.reason = "rewritten"
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""


@pytest.mark.postgres
def test_postgresql_refuses_update_and_delete_of_a_young_row_but_lets_a_two_year_old_one_go():
    entry = audit_record(by=None, action=AuditAction.CONFLICT_DETECT, label="C1")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE innocore_auditentry SET reason = 'rewritten' WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError, match="kept two years"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM innocore_auditentry WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="rewritten")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO innocore_auditentry (at, actor_label, actor_role, action, target_type, target_id, "
            "target_label, call_code, reason, data) VALUES (now() - interval '800 days', 'old', '', %s, '', '', "
            "'', '', '', '{}') RETURNING id", [AuditAction.CONFLICT_DETECT],
        )
        old_id = cursor.fetchone()[0]
        cursor.execute("DELETE FROM innocore_auditentry WHERE id = %s", [old_id])
        assert cursor.rowcount == 1
    assert list(AuditEntry.objects.values_list("pk", "reason")) == [(entry.pk, "")]


# The page ------------------------------------------------------------------------------------------------------------

URL = reverse("audit_trail")


def _entry(*, action=AuditAction.DOSSIER_VIEW, by=None, label="REF-1", call_code="C1", reason=""):
    return audit_record(by=by, action=action, label=label, call_code=call_code, reason=reason)


def test_only_ministry_staff_see_the_trail(client):
    assert client.get(URL).status_code == 302  # to the login page
    for user in (UserFactory(), ReviewerProfileFactory().user, InstituteStaffFactory()):
        client.force_login(user)
        assert client.get(URL).status_code == 403
    for user in (MinistryStaffFactory(), StaffFactory()):
        client.force_login(user)
        assert client.get(URL).status_code == 200


def test_the_overview_links_to_the_trail_for_ministry_staff_only(client):
    client.force_login(MinistryStaffFactory())
    assert URL in client.get(reverse("selection:overview")).content.decode()
    client.force_login(InstituteStaffFactory())
    assert URL not in client.get(reverse("selection:overview")).content.decode()


def test_the_trail_lists_newest_first_fifty_a_page_and_looking_is_not_recorded(client):
    staff = MinistryStaffFactory()
    for number in range(55):
        _entry(label=f"REF-{number:03d}")
    client.force_login(staff)
    first = client.get(URL)
    body = first.content.decode()
    assert first.status_code == 200 and first["Cache-Control"].count("no-store") == 1
    assert "REF-054" in body and "REF-005" in body and "REF-004" not in body
    assert body.index("REF-054") < body.index("REF-053")
    second = client.get(URL, {"page": 2}).content.decode()
    assert "REF-004" in second and "REF-000" in second and "REF-005" not in second
    assert client.get(URL, {"page": "abc"}).status_code == 200
    assert AuditEntry.objects.count() == 55


def test_filters_narrow_the_trail(client):
    ministry = MinistryStaffFactory(email="kim@msit.example")
    reviewer = ReviewerProfileFactory().user
    _entry(by=ministry, action=AuditAction.ELIGIBILITY_OVERRIDE, label="REF-AAA", call_code="C1",
           reason="Degree certificate checked by hand")
    _entry(by=reviewer, action=AuditAction.CONFLICT_DECLARE, label="REF-BBB", call_code="C2")
    _entry(by=None, action=AuditAction.STATUS_CHANGE, label="REF-CCC", call_code="C2")
    client.force_login(ministry)

    def shown(**params) -> set[str]:
        response = client.get(URL, params)
        assert response.status_code == 200, response.content.decode()
        return {label for label in ("REF-AAA", "REF-BBB", "REF-CCC") if label in response.content.decode()}

    assert shown() == {"REF-AAA", "REF-BBB", "REF-CCC"}
    assert shown(q="certificate") == {"REF-AAA"}
    assert shown(q="msit.example") == {"REF-AAA"}
    assert shown(q="ref-bbb") == {"REF-BBB"}
    assert shown(action=AuditAction.CONFLICT_DECLARE) == {"REF-BBB"}
    assert shown(actor_role="reviewer") == {"REF-BBB"}
    assert shown(actor_role="system") == {"REF-CCC"}
    assert shown(call_code="c2") == {"REF-BBB", "REF-CCC"}
    assert shown(call_code="C2", actor_role="ministry_staff") == set()
    today = timezone.localdate().isoformat()
    assert shown(date_from=today, date_to=today) == {"REF-AAA", "REF-BBB", "REF-CCC"}
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert shown(date_from=tomorrow) == set() and shown(date_to=yesterday) == set()


def test_target_type_filter(client):
    staff = StaffFactory()
    call = CallFactory(code="TT1")
    audit_record(by=staff, action=AuditAction.ELIGIBILITY_RECHECK, target=call, label="on the call")
    audit_record(by=staff, action=AuditAction.DOSSIER_VIEW, target=staff, label="on a user")
    client.force_login(staff)
    body = client.get(URL, {"target_type": "innocore.call"}).content.decode()
    assert "on the call" in body and "on a user" not in body


@pytest.mark.parametrize("params, message", [
    ({"date_from": "2025-02-30"}, "Enter a valid date"),
    ({"date_to": "yesterday"}, "Enter a valid date"),
    ({"date_from": "0001-01-01"}, "greater than or equal to"),
    ({"date_to": "9999-12-31"}, "less than or equal to"),
    ({"date_from": "2026-03-02", "date_to": "2026-03-01"}, "The end date is before the start date"),
    ({"action": "no.such.action"}, "Select a valid choice"),
    ({"q": "a\x00b"}, ""),  # refused by the form, or earlier by the portal's guard against NUL bytes
])
def test_bad_filters_get_a_clear_error_never_a_500(client, params, message):
    _entry(label="REF-HIDDEN")
    client.force_login(MinistryStaffFactory())
    response = client.get(URL, params)
    body = response.content.decode()
    assert response.status_code == 400 and message in body and "REF-HIDDEN" not in body
    assert client.get(URL, {**params, "format": "csv"}).status_code == 400


def test_csv_export_has_the_filtered_rows_and_cannot_run_formulas(client):
    staff = MinistryStaffFactory()
    _entry(by=staff, label="=HYPERLINK(\"http://evil.example\")", call_code="C9", reason="+1 plus")
    _entry(by=staff, label="@SUM(A1)", call_code="C9", reason="-minus\ttab")
    _entry(by=staff, label="REF-OTHER", call_code="C8")
    client.force_login(staff)
    response = client.get(URL, {"call_code": "C9", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert sorted(r["target_label"] for r in rows) == ["'=HYPERLINK(\"http://evil.example\")", "'@SUM(A1)"]
    assert sorted(r["reason"] for r in rows) == ["'+1 plus", "'-minus\ttab"]
    assert {r["actor_label"] for r in rows} == {staff.email} and {r["call_code"] for r in rows} == {"C9"}
    export = AuditEntry.objects.get(action=AuditAction.DATA_EXPORT)  # the file leaves the portal: recorded
    assert export.actor_id == staff.pk and export.data == {"filters": {"call_code": "C9"}}


def test_csv_safe_quotes_every_formula_start():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_safe(f"{start}x") == f"'{start}x"
    assert csv_safe("REF-1") == "REF-1" and csv_safe(None) == "" and csv_safe(7) == "7"


def test_query_count_is_flat_as_the_trail_grows(client):
    staff = MinistryStaffFactory()
    reviewer = ReviewerProfileFactory().user
    _entry(by=staff)
    client.force_login(staff)
    client.get(URL)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, {"q": "REF"}).status_code == 200
    for number in range(60):
        _entry(by=reviewer if number % 2 else staff, label=f"REF-{number}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL, {"q": "REF"}).status_code == 200
    assert len(many) == len(few)
