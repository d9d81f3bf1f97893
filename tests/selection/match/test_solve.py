"""The match against its definition and against independent references."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from selection.match import blocking_pairs, build_market, over_capacity, solve, unacceptable_pairs
from tests.selection.match.instances import balanced_instances, instances
from tests.selection.match.reference import applicant_optimal, blocking, textbook_deferred_acceptance


def capacities(instance):
    return {team: spec["capacity"] for team, spec in instance.teams.items()}


def solved(instance, **options):
    market = build_market(applicants=instance.applicants, teams=instance.teams)
    return market, solve(market=market, **options)


@settings(max_examples=150, deadline=None)
@given(instances())
def test_equals_the_brute_force_applicant_optimal_stable_matching(instance):
    _, result = solved(instance)
    assert result.assignment == applicant_optimal(
        applicants=instance.applicants, teams=instance.teams, capacity=capacities(instance)
    )


@settings(max_examples=100, deadline=None)
@given(balanced_instances())
def test_picks_the_applicant_optimal_one_where_there_are_several_stable_matchings(instance):
    """About a quarter of these markets have more than one stable matching."""
    _, result = solved(instance)
    assert result.assignment == applicant_optimal(
        applicants=instance.applicants, teams=instance.teams, capacity=capacities(instance)
    )


@settings(max_examples=80, deadline=None)
@given(
    instances(max_applicants=60, max_teams=8, max_capacity=9, max_choices=4), st.sampled_from([None, 0, 1, 5, 10**9])
)
def test_rounds_and_one_by_one_give_the_textbook_result(instance, sequential_below):
    """0: rounds only; 10**9: one proposal at a time from the start; 1 and 5 switch midway."""
    market, result = solved(instance, sequential_below=sequential_below)
    assert result.assignment == textbook_deferred_acceptance(
        applicants=instance.applicants, teams=instance.teams, capacity=capacities(instance)
    )
    assert blocking_pairs(market=market, capacity=result.capacity, team_of=result.team_of) == []
    assert over_capacity(capacity=result.capacity, team_of=result.team_of) == []
    assert unacceptable_pairs(market=market, team_of=result.team_of) == []


@settings(max_examples=80, deadline=None)
@given(instances(max_applicants=40, max_teams=6, max_capacity=6))
def test_no_blocking_pair_no_team_over_capacity_every_pair_mutually_acceptable(instance):
    _, result = solved(instance)
    caps = capacities(instance)
    assert (
        blocking(applicants=instance.applicants, teams=instance.teams, capacity=caps, assignment=result.assignment)
        == []
    )
    for team, members in result.matching.items():
        assert len(members) <= caps[team]
        ranking = instance.teams[team]["ranking"]
        assert members == sorted(members, key=ranking.index), "members are in the team's rank order"
        for applicant in members:
            assert team in instance.applicants[applicant] and applicant in ranking
    assert sorted(result.unmatched + list(result.assignment)) == sorted(instance.applicants)


def test_the_checkers_see_a_blocking_pair_and_an_overfull_team():
    market = build_market(
        applicants={"A": ["T1", "T2"], "B": ["T1"]},
        teams={"T1": {"capacity": 1, "ranking": ["A", "B"]}, "T2": {"capacity": 1, "ranking": ["A"]}},
    )
    # B at T1, A at T2: A and T1 block (T1 prefers A to B, A prefers T1 to T2).
    team_of = np.array([1, 0])
    assert blocking_pairs(market=market, capacity=market.capacity, team_of=team_of) == [(0, 0)]
    assert over_capacity(capacity=market.capacity, team_of=np.array([0, 0])) == [0]
    assert unacceptable_pairs(market=market, team_of=np.array([-1, 1])) == [(1, 1)]


def test_empty_instances():
    _, result = solved(type("I", (), {"applicants": {}, "teams": {"T": {"capacity": 3, "ranking": []}}})())
    assert result.matching == {"T": []} and result.unmatched == []
    market = build_market(applicants={"A": []}, teams={})
    result = solve(market=market)
    assert result.matching == {} and result.unmatched == ["A"]
