"""The status service is the one owner of Application.status (issue 8, item 1)."""
import ast
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from applications.errors import TransitionNotAllowed
from applications.models import Application, ApplicationStatus
from applications.services.status import application_status_change, applications_status_change
from applications.transitions import TRANSITIONS, transition_allowed
from innocore.models import AuditAction, AuditEntry
from innocore.request_context import current_ip
from tests.factories import ApplicationFactory, CallFactory, MinistryStaffFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ALL = [str(s) for s in ApplicationStatus]


def _in(status: str, **kwargs) -> Application:
    """An application created in ``status`` (creation is not a change of status)."""
    submitted = None if status == ApplicationStatus.DRAFT else timezone.now()
    return ApplicationFactory(status=status, submitted_at=submitted, **kwargs)


def test_every_status_has_a_row_in_the_table_and_every_edge_names_a_status():
    assert set(TRANSITIONS) == set(ALL)
    for source, targets in TRANSITIONS.items():
        assert targets <= set(ALL), source
        assert source not in targets, f"{source} -> itself is not a transition"


def test_each_allowed_transition_succeeds_and_is_logged_with_who_when_from_to_and_why():
    staff = MinistryStaffFactory()
    call = CallFactory()
    token = current_ip.set("203.0.113.7")
    try:
        for source, targets in TRANSITIONS.items():
            for target in targets:
                application = _in(source, call=call)
                before = timezone.now()
                fields = {"submitted_at": timezone.now()} if source == ApplicationStatus.DRAFT else {}
                moved = application_status_change(application=application, to=target, by=staff, reason="because",
                                                  fields=fields)
                assert moved.status == target == application.status
                assert Application.objects.get(pk=application.pk).status == target
                row = AuditEntry.objects.get(target_type="applications.application", target_id=str(application.pk))
                assert (row.action, row.actor_id, row.actor_label, row.reason) == (
                    AuditAction.STATUS_CHANGE, staff.pk, staff.email, "because")
                assert row.data == {"from": source, "to": target}
                assert row.at >= before and row.call_code == call.code and row.target_label == application.reference
                assert row.ip_address == "203.0.113.7"
    finally:
        current_ip.reset(token)


def test_each_forbidden_transition_raises_a_clear_error_and_changes_nothing():
    call = CallFactory()
    forbidden = [(s, t) for s in ALL for t in ALL if not transition_allowed(source=s, target=t)]
    assert len(forbidden) > 100
    for source, target in forbidden:
        application = _in(source, call=call)
        with pytest.raises(TransitionNotAllowed) as caught:
            application_status_change(application=application, to=target, by=None)
        assert application.reference in caught.value.messages[0]
        assert str(ApplicationStatus(target).label) in caught.value.messages[0]
        assert Application.objects.get(pk=application.pk).status == source
    assert not AuditEntry.objects.exists()


def test_unknown_status_is_refused():
    application = _in(ApplicationStatus.SUBMITTED)
    with pytest.raises(ValueError):
        application_status_change(application=application, to="hired", by=None)


def test_bulk_change_moves_only_what_may_move_and_logs_each_as_the_system():
    call = CallFactory()
    submitted = [_in(ApplicationStatus.SUBMITTED, call=call) for _ in range(3)]
    already = _in(ApplicationStatus.AWAITING_REVIEW, call=call)
    draft = _in(ApplicationStatus.DRAFT, call=call)
    ids = [a.pk for a in submitted] + [already.pk, draft.pk]
    moved = applications_status_change(application_ids=ids, to=ApplicationStatus.AWAITING_REVIEW, by=None,
                                       only_from=[ApplicationStatus.SUBMITTED], reason="eligibility check")
    assert moved == sorted(a.pk for a in submitted)
    assert Application.objects.get(pk=draft.pk).status == ApplicationStatus.DRAFT
    rows = AuditEntry.objects.filter(action=AuditAction.STATUS_CHANGE)
    assert sorted(int(r.target_id) for r in rows) == moved
    assert {(r.actor_id, r.actor_label, r.reason) for r in rows} == {(None, "system", "eligibility check")}


def test_bulk_change_without_only_from_refuses_all_when_one_may_not_move():
    call = CallFactory()
    ok = _in(ApplicationStatus.SUBMITTED, call=call)
    draft = _in(ApplicationStatus.DRAFT, call=call)
    with pytest.raises(TransitionNotAllowed):
        applications_status_change(application_ids=[ok.pk, draft.pk], to=ApplicationStatus.AWAITING_REVIEW, by=None)
    assert Application.objects.get(pk=ok.pk).status == ApplicationStatus.SUBMITTED
    assert not AuditEntry.objects.exists()


@pytest.mark.postgres
def test_postgresql_refuses_a_status_change_by_anyone_but_the_service():
    application = _in(ApplicationStatus.SUBMITTED)
    with pytest.raises(DatabaseError, match="only through the status service"), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.SELECTED)
    with pytest.raises(DatabaseError, match="only through the status service"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE applications_application SET status = 'accepted' WHERE id = %s", [application.pk])
    application.status = ApplicationStatus.AWAITING_REVIEW
    with pytest.raises(DatabaseError), transaction.atomic():
        application.save()
    # Other columns still save, and the service's mark does not outlive its own statement.
    Application.objects.filter(pk=application.pk).update(research_field="graph learning")
    with transaction.atomic():
        application_status_change(application=application, to=ApplicationStatus.AWAITING_REVIEW, by=None)
        with pytest.raises(DatabaseError), transaction.atomic():
            Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.UNDER_REVIEW)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.AWAITING_REVIEW


# The source: nothing but the status service writes Application.status ---------------------------------------------

STATUS_SERVICE = ROOT / "applications" / "services" / "status.py"
SCANNED = ["innocore", "applications", "selection"]


def _mentions_application_status(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and n.id == "ApplicationStatus" for n in ast.walk(node)) or any(
        isinstance(n, ast.Attribute) and n.attr == "ApplicationStatus" for n in ast.walk(node)
    )


def _receiver_is_application(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and n.id == "Application" for n in ast.walk(node))


def _status_writes(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                targets = target.elts if isinstance(target, ast.Tuple) else [target]
                if any(isinstance(t, ast.Attribute) and t.attr == "status" for t in targets) and (
                    _mentions_application_status(node.value)
                ):
                    lines.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            keywords = {k.arg: k.value for k in node.keywords}
            if node.func.attr in {"update", "update_or_create"} and "status" in keywords and (
                _mentions_application_status(keywords["status"]) or _receiver_is_application(node.func.value)
            ):
                lines.append(node.lineno)
            if node.func.attr == "bulk_update" and _receiver_is_application(node.func.value) and any(
                isinstance(n, ast.Constant) and n.value == "status" for arg in node.args for n in ast.walk(arg)
            ):
                lines.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr":
            if len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and node.args[1].value == "status":
                lines.append(node.lineno)
    return lines


def test_no_module_but_the_status_service_writes_an_application_status():
    offenders = []
    for package in SCANNED:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == STATUS_SERVICE or "migrations" in path.parts:
                continue
            for line in _status_writes(ast.parse(path.read_text(), filename=str(path))):
                offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert offenders == [], "Application.status is written outside applications/services/status.py: " + ", ".join(
        offenders)


def test_the_source_check_would_catch_the_old_ways():
    for snippet in (
        "locked.status = ApplicationStatus.SUBMITTED",
        "Application.objects.filter(pk=1).update(status=status, updated_at=now)",
        "qs.update(status=ApplicationStatus.UNDER_REVIEW)",
        "Application.objects.bulk_update(rows, ['status'])",
        "setattr(application, 'status', 'selected')",
    ):
        assert _status_writes(ast.parse(snippet)), snippet
    assert not _status_writes(ast.parse("run.status = RunStatus.PUBLISHED"))
