"""The vacancy chain in the database (hypothesis): on small random instances, after any sequence of declines and
lapses, the seats held are stable for the run's market and within every team's quota and the call's total.

Instances: the sparse and dense ones of the match's own tests, and balanced ones (every seat taken, full
lists in opposed orders), where a freed seat moves holders up most often. Each example builds a call whose published run holds the applicant-optimal matching (``selection.match.solve``)
as open offers, then answers offers one by one through the services. Stability is checked from the database
(the holding offers), with ``selection.match.blocking_pairs``, leaving out the applicants who have left (a
decliner would happily "block" with any team, but is no longer in the process).
"""
from datetime import timedelta

import numpy as np
import pytest
from django.db.models import Count
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from innocore.models import CallTeamQuota
from selection.match import blocking_pairs, build_market, over_capacity, solve
from selection.models import SEAT_HOLDING, Offer, OfferStatus
from selection.selectors.offers import run_assignment, run_chain_state, run_market
from selection.services.offers import offer_decline, offer_lapse
from tests.factories import offer_market
from tests.selection.match.instances import balanced_instances, instances

pytestmark = pytest.mark.django_db


def _check(run) -> None:
    state = run_chain_state(run=run)
    market = state.market
    team_of = np.full(len(market.applicants), -1, dtype=np.int64)
    for application_id, code in run_assignment(run=run).items():
        team_of[market.applicant_index[application_id]] = market.team_index[code]
    gone = {market.applicant_index[pk] for pk in state.gone}
    blocking = [(a, t) for a, t in blocking_pairs(market=market, capacity=market.capacity, team_of=team_of)
                if a not in gone]
    assert not blocking, blocking
    assert not over_capacity(capacity=market.capacity, team_of=team_of)
    held = dict(Offer.objects.filter(run=run, status__in=SEAT_HOLDING).values_list("team_id")
                .annotate(n=Count("pk")).values_list("team_id", "n"))
    quota = dict(CallTeamQuota.objects.filter(call=run.call).values_list("team_id", "quota"))
    assert all(n <= quota[team] for team, n in held.items())
    assert sum(held.values()) <= run.call.total_quota


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instance=st.one_of(instances(max_applicants=6, max_teams=3, max_capacity=2), balanced_instances()),
       picks=st.lists(st.tuples(st.integers(0, 10**6), st.booleans()), min_size=1, max_size=6))
def test_after_any_declines_and_lapses_the_seats_are_stable_and_within_quota(instance, picks):
    plain = build_market(applicants=instance.applicants, teams=instance.teams)
    holding = solve(market=plain).assignment
    run, apps, _teams = offer_market(
        applicants=instance.applicants, holding=holding,
        teams={name: (spec["capacity"], spec["ranking"]) for name, spec in instance.teams.items()},
    )
    assert set(run_market(run=run).applicants) <= {a.pk for a in apps.values()}
    _check(run)
    for pick, lapse in picks:
        open_offers = list(Offer.objects.filter(run=run, status=OfferStatus.OPEN).select_related(
            "application__applicant", "call").order_by("pk"))
        if not open_offers:
            break
        offer = open_offers[pick % len(open_offers)]
        if lapse:
            assert offer_lapse(offer_id=offer.pk, now=offer.respond_by + timedelta(seconds=1)) == 1
        else:
            offer_decline(offer=offer, by=offer.application.applicant)
        _check(run)
        event(f"holders moved up so far: {min(Offer.objects.filter(run=run, status=OfferStatus.SUPERSEDED).count(), 3)}")
