"""Offers at the same moment, on two real PostgreSQL connections released together by a barrier.

* Two transactions each giving the last seat of a team (``offer_move``): the call's row is locked first, so
  the second counts the first's seat and is refused with a message (SeatsFull); the team stays at its quota.
* A double click (or two tabs) declining one offer: one decline and one chain; the other is refused.
* Two declines of two teams at once: both chains run, one after the other, and end stable and within quota.
"""
import threading

import pytest
from django.db import connection

from selection.errors import OfferClosed
from selection.match import Move
from selection.models import SEAT_HOLDING, Offer, OfferStatus
from selection.services.offers import offer_decline, offer_move
from selection.services.seats import SeatsFull
from tests.factories import offer_market
from tests.selection.test_offer_chain import _check

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(*calls) -> list[str]:
    """Run the callables at the same moment, each on its own connection; their outcomes in order."""
    barrier = threading.Barrier(len(calls))
    outcomes = [""] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            call()
            outcomes[index] = "done"
        except (SeatsFull, OfferClosed) as refusal:
            outcomes[index] = f"refused: {refusal}"
        except Exception as error:  # an IntegrityError from the trigger would be the bug this test is for
            outcomes[index] = f"error: {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


@pytest.mark.parametrize("attempt", range(3))
def test_two_transactions_giving_the_last_seat_of_a_team_give_it_once(attempt):
    run, apps, teams = offer_market(
        applicants={"A": ["T1"], "B": ["T1"], "C": ["T2"]}, teams={"T1": (1, ["A", "B"]), "T2": (1, ["C"])},
        holding={"C": "T2"},
    )
    code = teams["T1"].code
    moves = [Move(applicant=apps[name].pk, to_team=code, from_team=None, rank=rank, choice=1)
             for rank, name in ((1, "A"), (2, "B"))]
    outcomes = _race(*(lambda move=move: offer_move(run=run, move=move) for move in moves))
    assert sorted(o.split(":")[0] for o in outcomes) == ["done", "refused"], outcomes
    assert "has no seat left" in next(o for o in outcomes if o.startswith("refused"))
    assert Offer.objects.filter(team=teams["T1"], status__in=SEAT_HOLDING).count() == 1


@pytest.mark.parametrize("attempt", range(2))
def test_a_double_click_declines_once(attempt):
    run, apps, _teams = offer_market(
        applicants={"A": ["T1"], "B": ["T1"]}, teams={"T1": (1, ["A", "B"])}, holding={"A": "T1"},
    )
    offer = Offer.objects.select_related("call").get(application=apps["A"])
    outcomes = _race(*(lambda: offer_decline(offer=offer, by=apps["A"].applicant) for _ in range(2)))
    assert sorted(o.split(":")[0] for o in outcomes) == ["done", "refused"], outcomes
    assert "cannot be answered any more" in next(o for o in outcomes if o.startswith("refused"))
    assert Offer.objects.filter(application=apps["B"], status=OfferStatus.OPEN).count() == 1


def test_two_declines_at_once_run_their_chains_one_after_the_other():
    run, apps, _teams = offer_market(
        applicants={"A": ["T1"], "B": ["T2"], "C": ["T2", "T1"], "D": ["T1", "T2"], "E": ["T1", "T2"]},
        teams={"T1": (1, ["A", "D", "C", "E"]), "T2": (1, ["B", "C", "E", "D"])},
        holding={"A": "T1", "B": "T2"},
    )
    offers = [Offer.objects.select_related("call").get(application=apps[name]) for name in "AB"]
    outcomes = _race(*(lambda offer=offer: offer_decline(offer=offer, by=offer.application.applicant)
                       for offer in offers))
    assert outcomes == ["done", "done"], outcomes
    holders = set(Offer.objects.filter(run=run, status__in=SEAT_HOLDING).values_list("application__reference",
                                                                                      flat=True))
    assert holders == {apps["D"].reference, apps["C"].reference}
    _check(run)
