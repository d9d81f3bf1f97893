"""What the staff pages issue 13 found slow read: no run's long lists but the shown one's, no DISTINCT over every
column of every application, no long dossier texts in lists, country names without the list of every country."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from selection.models import Assignment
from tests.factories import AssignmentRunFactory, AwaitingReviewApplicationFactory, ReviewerProfileFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _runs_with_long_lists(count: int):
    first = AssignmentRunFactory()
    runs = [first] + [AssignmentRunFactory(call=first.call) for _ in range(count - 1)]
    for n, run in enumerate(runs):
        application = AwaitingReviewApplicationFactory(call=first.call)
        Assignment.objects.create(run=run, application=application, reviewer=ReviewerProfileFactory(), affinity=0.5)
        run.uncovered = [{"application_id": application.pk, "reference": f"UNCOVERED-{n}", "reason": "no reviewer"}]
        run.notes = [f"note of run {n}"]
        run.save()
    return runs


def _reading(queries, column: str) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if column in q["sql"] and q["sql"].startswith("SELECT")]


def test_the_assignment_page_reads_the_long_lists_of_the_shown_run_only(client):
    runs = _runs_with_long_lists(3)
    client.force_login(StaffFactory())
    url = reverse("selection:assignment", args=[runs[0].call.code])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    shown = max(runs, key=lambda r: (r.created_at, r.pk))
    assert f"UNCOVERED-{runs.index(shown)}" in response.content.decode()
    assert len(_reading(queries, '"selection_assignmentrun"."uncovered"')) == 1
    listing = [sql for sql in _reading(queries, '"applications_application"."reference"') if "ORDER BY" in sql]
    assert listing and not [sql for sql in listing if "DISTINCT" in sql or "research_plan" in sql]


def test_the_admin_assignments_list_reads_neither_runs_long_lists_nor_dossier_texts(client):
    _runs_with_long_lists(2)
    client.force_login(StaffFactory())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("admin:selection_assignment_changelist")).status_code == 200
    assert not _reading(queries, '"uncovered"') and not _reading(queries, '"research_plan"')


def test_the_admin_applications_list_shows_country_names(client):
    application = AwaitingReviewApplicationFactory(nationality="DE", country_of_residence="KR")
    client.force_login(StaffFactory())
    body = client.get(reverse("admin:applications_application_changelist")).content.decode()
    assert application.reference in body and "Germany" in body and "South Korea" in body
