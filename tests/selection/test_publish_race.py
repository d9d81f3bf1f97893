"""Issue 9, item 13: two staff publishing two runs of one call at the same moment.

Two threads, two real PostgreSQL connections, released together by a barrier. Before
the fix one publication died on the one-published-run constraint (or, a moment later,
silently replaced the other), and the reviewers of both runs were emailed. Now the
call's row is locked first: one run is published, the other publication is refused,
and only the published run's reviewers get an email.
"""
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from innocore.models import EmailMessage
from selection.models import Assignment, AssignmentRun, RunStatus
from selection.services.assignment_edit import assignment_publish
from tests.factories import (
    AssignmentRunFactory, AwaitingReviewApplicationFactory, CallFactory, ReviewerProfileFactory, StaffFactory,
)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_runs_published_at_once_publish_one_and_email_only_its_reviewers(attempt):
    call = CallFactory()
    applications = [AwaitingReviewApplicationFactory(call=call) for _ in range(3)]
    runs = [AssignmentRunFactory(call=call) for _ in range(2)]
    reviewers = {}
    for run in runs:
        reviewers[run.pk] = [ReviewerProfileFactory() for _ in range(2)]
        for application in applications:
            for reviewer in reviewers[run.pk]:
                Assignment.objects.create(run=run, application=application, reviewer=reviewer)
    staff = [StaffFactory(), StaffFactory()]
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def publish(run, by):
        try:
            barrier.wait()
            assignment_publish(run=run, by=by)
            outcomes[run.pk] = "published"
        except ValidationError as error:
            outcomes[run.pk] = f"refused: {error.messages[0]}"
        except Exception as error:  # an IntegrityError here is the bug this test is for
            outcomes[run.pk] = f"error: {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(run, by)) for run, by in zip(runs, staff)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(outcome.split(":")[0] for outcome in outcomes.values()) == ["published", "refused"], outcomes
    published = AssignmentRun.objects.get(call=call, status=RunStatus.PUBLISHED)
    other = AssignmentRun.objects.get(call=call, status=RunStatus.PROPOSED)
    assert "was published after this proposal was computed" in outcomes[other.pk]
    emailed = sorted(EmailMessage.objects.values_list("recipient", flat=True))
    assert emailed == sorted(reviewer.user.email for reviewer in reviewers[published.pk])
    assert set(EmailMessage.objects.values_list("topic", flat=True)) == {f"assignment-run:{published.pk}"}
    assert sorted(m.to[0] for m in mail.outbox) == emailed
