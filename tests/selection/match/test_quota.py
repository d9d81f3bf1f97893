"""The call's total: binding or not, the result stays stable against the capacities it reports."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from selection.match import build_market, solve
from selection.match.quota import apportion
from tests.selection.match.instances import instances
from tests.selection.match.reference import applicant_optimal, blocking


@settings(max_examples=120, deadline=None)
@given(instances(max_applicants=6, max_teams=3, max_capacity=3), st.integers(0, 8))
def test_total_is_respected_filled_and_the_match_is_optimal_for_the_reduced_capacities(instance, total):
    market = build_market(applicants=instance.applicants, teams=instance.teams)
    free = solve(market=market)
    result = solve(market=market, total=total)
    matched = len(result.assignment)
    assert matched == min(total, len(free.assignment))
    assert result.total_binding == (len(free.assignment) > total)
    capacity = result.capacities
    assert all(capacity[team] <= spec["capacity"] for team, spec in instance.teams.items())
    if result.total_binding:
        assert sum(capacity.values()) == total
    assert (
        blocking(applicants=instance.applicants, teams=instance.teams, capacity=capacity, assignment=result.assignment)
        == []
    )
    reduced = {team: {**spec, "capacity": capacity[team]} for team, spec in instance.teams.items()}
    assert result.assignment == applicant_optimal(applicants=instance.applicants, teams=reduced, capacity=capacity)


def test_not_binding_changes_nothing():
    market = build_market(applicants={"A": ["T1"], "B": ["T1"]}, teams={"T1": {"capacity": 5, "ranking": ["B", "A"]}})
    result = solve(market=market, total=2)
    assert result.matching == {"T1": ["B", "A"]} and not result.total_binding and result.capacities == {"T1": 5}


@given(st.lists(st.integers(0, 50), min_size=1, max_size=12), st.integers(0, 700))
def test_apportion_is_proportional_bounded_and_exact(fill, total):
    fill = np.array(fill)
    seats = apportion(total=total, fill=fill)
    assert seats.sum() == min(total, fill.sum())
    assert np.all(seats <= fill) and np.all(seats >= 0)
    if total < fill.sum():
        exact = total * fill / fill.sum()
        assert np.all(np.abs(seats - exact) < 1)  # Hamilton: never a whole seat off the exact share


def test_apportion_ties_go_to_the_team_listed_first():
    assert apportion(total=1, fill=np.array([2, 2])).tolist() == [1, 0]
    assert apportion(total=3, fill=np.array([50, 30, 20])).tolist() == [1, 1, 1]  # exact shares 1.5, 0.9, 0.6
