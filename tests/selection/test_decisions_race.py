"""Issue 11: the quota holds whatever two staff members (or a chain and a publication) do at the same moment.

Two threads, two real PostgreSQL connections, released together by a barrier (as in
test_publish_race.py). Each race ends with at most the quota's seats held, and the
loser refused cleanly (a ValidationError from the service, or the trigger's
IntegrityError for a writer that skipped the service's lock).
"""
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection

from selection.models import SEAT_HOLDING, MatchRun, MatchRunStatus, Offer
from selection.services.decisions import match_run_publish
from selection.services.match import match_run_propose
from tests.factories import MinistryStaffFactory, StaffFactory
from tests.selection.decisions import match_call

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(*actions) -> list[str]:
    """Run each action in its own thread and connection at the same moment; their outcomes, in order."""
    barrier = threading.Barrier(len(actions))
    outcomes = [""] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            action()
            outcomes[index] = "done"
        except ValidationError as error:
            outcomes[index] = f"refused: {error.messages[0]}"
        except IntegrityError as error:
            outcomes[index] = f"integrity: {error}"
        except Exception as error:  # anything else is a bug
            outcomes[index] = f"error: {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, action)) for index, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


@pytest.mark.parametrize("attempt", range(3))
def test_a_publication_and_an_unlocked_insert_cannot_pass_the_team_quota(attempt):
    call, teams, apps = match_call(scores=[5, 4], choices=[[0], [0]], quotas=[1], total=2)
    staff = MinistryStaffFactory()
    run = match_run_propose(call=call, by=staff)
    other = MatchRun.objects.create(call=call, ranking_seed=1, status=MatchRunStatus.DISCARDED, created_by=staff)

    def insert():
        Offer.objects.create(run=other, call=call, team=teams[0].team, application=apps[1], rank=2, choice=1)

    outcomes = race(lambda: match_run_publish(run=run, by=staff), insert)
    assert sorted(outcome.split(":")[0] for outcome in outcomes) in (["done", "integrity"], ["done", "refused"]), outcomes
    assert Offer.objects.filter(call=call, status__in=SEAT_HOLDING).count() == 1


@pytest.mark.parametrize("attempt", range(2))
def test_a_publication_and_a_new_proposal_at_once_leave_one_outcome(attempt):
    call, _teams, _apps = match_call(scores=[5, 4, 3], choices=[[0], [0], [0]], quotas=[2])
    staff = [StaffFactory(), StaffFactory()]
    run = match_run_propose(call=call, by=staff[0])
    outcomes = race(lambda: match_run_publish(run=run, by=staff[0]), lambda: match_run_propose(call=call, by=staff[1]))
    assert sorted(outcome.split(":")[0] for outcome in outcomes) == ["done", "refused"], outcomes
    seats = Offer.objects.filter(call=call, status__in=SEAT_HOLDING).count()
    assert seats == (2 if outcomes[0] == "done" else 0)


def test_two_calls_published_at_once_each_within_its_quota():
    calls = [match_call(scores=[5, 4, 3], choices=[[0], [0], [0]], quotas=[2]) for _ in range(2)]
    staff = MinistryStaffFactory()
    runs = [match_run_propose(call=call, by=staff) for call, _teams, _apps in calls]
    outcomes = race(*(lambda run=run: match_run_publish(run=run, by=staff) for run in runs))
    assert outcomes == ["done", "done"]
    for call, _teams, _apps in calls:
        assert Offer.objects.filter(call=call, status__in=SEAT_HOLDING).count() == 2
