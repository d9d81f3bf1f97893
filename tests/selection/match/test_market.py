"""Validation of the plain-data instance (the Django side's entry point)."""

import pytest

from selection.match import MatchInputError, build_market


def team(capacity=1, ranking=()):
    return {"capacity": capacity, "ranking": list(ranking)}


@pytest.mark.parametrize(
    ("applicants", "teams", "message"),
    [
        ({"A": ["T9"]}, {"T1": team()}, "applicant A lists unknown team T9"),
        ({"A": ["T1", "T1"]}, {"T1": team()}, "applicant A lists team T1 twice"),
        ({"A": ["T1"]}, {"T1": team(ranking=["A", "A"])}, "team T1 ranks applicant A twice"),
        ({"A": ["T1"]}, {"T1": team(ranking=["Z"])}, "team T1 ranks unknown applicant Z"),
        ({"A": ["T1"]}, {"T1": team(capacity=-1)}, "team T1 has a negative capacity (-1)"),
    ],
)
def test_refused_with_one_clear_message(applicants, teams, message):
    with pytest.raises(MatchInputError) as caught:
        build_market(applicants=applicants, teams=teams)
    assert str(caught.value) == message


def test_big_indexes_use_the_hash_join_and_still_refuse_unknown_names():
    names = [f"A{i}" for i in range(60_000)]
    applicants = {name: ["T1"] for name in names}
    market = build_market(applicants=applicants, teams={"T1": team(capacity=10, ranking=list(reversed(names)))})
    assert market.ranking(0)[:2].tolist() == [59_999, 59_998]
    assert market.pref_rank[:2].tolist() == [59_999, 59_998]
    with pytest.raises(MatchInputError, match="team T1 ranks unknown applicant nobody"):
        build_market(applicants=applicants, teams={"T1": team(ranking=[*names[:10], "nobody"])})


def test_long_lists_take_the_sorted_join():
    teams = {f"T{t}": team(ranking=["B", "A"]) for t in range(20)}
    market = build_market(applicants={"A": list(teams), "B": list(teams)[::-1]}, teams=teams)
    assert market.pref_rank.tolist() == [1] * 20 + [0] * 20


def test_integer_names_work_for_the_django_side():
    market = build_market(applicants={7: [1], 8: [1]}, teams={1: team(capacity=1, ranking=[8, 7])})
    assert market.applicants == (7, 8) and market.pref_rank.tolist() == [1, 0]
