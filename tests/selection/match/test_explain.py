"""Every applicant's outcome is explained, and the explanation agrees with the lists."""

from hypothesis import given, settings

from selection.match import MatchInputError, RefusalReason, build_market, solve
from tests.selection.match.instances import instances


@settings(max_examples=100, deadline=None)
@given(instances(max_applicants=30, max_teams=5, max_capacity=5))
def test_each_preferred_team_refused_for_a_reason_that_holds(instance):
    market = build_market(applicants=instance.applicants, teams=instance.teams)
    result = solve(market=market)
    for applicant, choices in instance.applicants.items():
        explanation = result.explain(applicant)
        team = result.assignment.get(applicant)
        assert explanation.team == team
        above = choices if team is None else choices[: choices.index(team)]
        assert [refusal.team for refusal in explanation.preferred] == above
        if team is not None:
            assert explanation.choice == choices.index(team) + 1
            assert explanation.rank == instance.teams[team]["ranking"].index(applicant) + 1
        for refusal in explanation.preferred:
            ranking = instance.teams[refusal.team]["ranking"]
            members = result.matching[refusal.team]
            if refusal.reason is RefusalReason.NOT_ON_LIST:
                assert applicant not in ranking
            elif refusal.reason is RefusalReason.NO_SEATS:
                assert instance.teams[refusal.team]["capacity"] == 0
            else:
                assert len(members) == instance.teams[refusal.team]["capacity"]
                assert refusal.own_rank == ranking.index(applicant) + 1
                assert refusal.lowest_admitted_rank == max(ranking.index(m) for m in members) + 1
                assert refusal.lowest_admitted_rank < refusal.own_rank


def test_sentences_name_the_reasons():
    market = build_market(
        applicants={"A": ["T1", "T2", "T3"], "B": ["T1"]},
        teams={
            "T1": {"capacity": 1, "ranking": ["B", "A"]},
            "T2": {"capacity": 1, "ranking": ["B"]},
            "T3": {"capacity": 0, "ranking": ["A"]},
        },
    )
    result = solve(market=market)
    assert result.explain("A").sentence() == (
        "A: not matched; T1: full, lowest admitted rank 1, own rank 2; T2: not on its list; T3: no seats this call"
    )
    assert result.explain("B").sentence() == "B: team T1 (choice 1), rank 1 on its list"
    assert set(result.explanations()) == {"A", "B"}


def test_unknown_applicant():
    result = solve(market=build_market(applicants={}, teams={}))
    try:
        result.explain("nobody")
    except MatchInputError as error:
        assert "nobody" in str(error)
    else:
        raise AssertionError("expected MatchInputError")
