"""Declines and lapses: the vacancy chain keeps the matching stable and within capacity."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selection.match import MatchInputError, Move, apply_decline, build_market, solve
from tests.selection.match.instances import balanced_instances, instances
from tests.selection.match.reference import blocking


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        instances(max_applicants=25, max_teams=5, max_capacity=4), balanced_instances(max_teams=5, max_capacity=4)
    ),
    st.lists(st.integers(0, 10**6), max_size=12),
    st.booleans(),
)
def test_every_decline_keeps_stability_and_capacity(instance, picks, with_total):
    market = build_market(applicants=instance.applicants, teams=instance.teams)
    result = solve(market=market, total=len(instance.applicants) // 2 if with_total else None)
    capacity = result.capacities
    assignment, gone = dict(result.assignment), set()
    for pick in picks:
        if not assignment:
            break
        leaving = sorted(assignment)[pick % len(assignment)]
        before = assignment
        outcome = apply_decline(market=market, assignment=assignment, applicant=leaving, gone=gone)
        gone.add(leaving)
        assignment = outcome.assignment
        remaining = {name: choices for name, choices in instance.applicants.items() if name not in gone}
        assert leaving not in assignment and not gone & set(assignment)
        assert blocking(applicants=remaining, teams=instance.teams, capacity=capacity, assignment=assignment) == []
        for team in instance.teams:
            assert sum(1 for t in assignment.values() if t == team) <= capacity[team]
        _moves_explain_the_change(instance=instance, before=before, after=assignment, leaving=leaving, outcome=outcome)
        matching = outcome.matching(market)
        assert {a: t for t, members in matching.items() for a in members} == assignment
        for team, members in matching.items():
            assert members == sorted(members, key=instance.teams[team]["ranking"].index)


def _moves_explain_the_change(*, instance, before, after, leaving, outcome):
    expected = {name: team for name, team in before.items() if name != leaving}
    freed = before[leaving]
    for move in outcome.moves:
        assert move.to_team == freed, "each move fills the seat freed just before"
        assert move.from_team == expected.get(move.applicant)
        choices = instance.applicants[move.applicant]
        assert move.choice == choices.index(move.to_team) + 1
        assert move.from_team is None or choices.index(move.from_team) > choices.index(move.to_team), "moves go up"
        assert move.rank == instance.teams[move.to_team]["ranking"].index(move.applicant) + 1
        expected[move.applicant] = move.to_team
        freed = move.from_team
    assert expected == after
    assert outcome.empty_seat == freed


def test_a_chain_of_two_moves():
    # A holds T1; B holds T2 but prefers T1; C is unmatched and wants T2.
    market = build_market(
        applicants={"A": ["T1"], "B": ["T1", "T2"], "C": ["T2"]},
        teams={"T1": {"capacity": 1, "ranking": ["A", "B"]}, "T2": {"capacity": 1, "ranking": ["B", "C"]}},
    )
    result = solve(market=market)
    assert result.assignment == {"A": "T1", "B": "T2"}
    outcome = apply_decline(market=market, assignment=result.assignment, applicant="A")
    assert outcome.moves == (
        Move(applicant="B", to_team="T1", from_team="T2", rank=2, choice=1),
        Move(applicant="C", to_team="T2", from_team=None, rank=2, choice=1),
    )
    assert outcome.assignment == {"B": "T1", "C": "T2"} and outcome.empty_seat is None


def test_nobody_wants_the_seat_and_gone_applicants_are_not_offered():
    market = build_market(
        applicants={"A": ["T1"], "B": ["T1"]},
        teams={"T1": {"capacity": 1, "ranking": ["A", "B"]}},
    )
    outcome = apply_decline(market=market, assignment={"A": "T1"}, applicant="A", gone={"B"})
    assert outcome.moves == () and outcome.assignment == {} and outcome.empty_seat == "T1"


def test_declining_without_a_seat_is_refused():
    market = build_market(applicants={"A": []}, teams={})
    with pytest.raises(MatchInputError, match="holds no seat"):
        apply_decline(market=market, assignment={}, applicant="A")


def test_an_assignment_with_unknown_or_unacceptable_pairs_is_refused():
    market = build_market(applicants={"A": ["T1"], "B": []}, teams={"T1": {"capacity": 1, "ranking": ["A", "B"]}})
    with pytest.raises(MatchInputError, match="unknown team T9"):
        apply_decline(market=market, assignment={"A": "T9"}, applicant="A")
    with pytest.raises(MatchInputError, match="do not both list each other"):
        apply_decline(market=market, assignment={"B": "T1"}, applicant="B")
