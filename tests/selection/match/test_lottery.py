"""Near the line: the split by intervals and the seeded draw."""

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selection.match import MatchInputError, apply_draw, draw, draw_all, new_seed, split_at_line

NEAR = [f"A{i}" for i in range(12)]


def test_split_by_interval():
    split = split_at_line(intervals={"A": (1, 2), "B": (2, 4), "C": (3, 6), "D": (5, 9), "E": (4, 4)}, seats=3)
    assert split.funded == ("A",)
    assert split.near == ("B", "C")
    assert split.below == ("D", "E")
    assert split.seats_left == 2


@pytest.mark.parametrize(
    ("intervals", "seats", "message"),
    [
        ({"A": (3, 2)}, 1, "invalid ranking interval"),
        ({"A": (1, 1), "B": (1, 1)}, 1, "certainly above"),
        ({}, -1, ">= 0"),
    ],
)
def test_split_refuses_inconsistent_input(intervals, seats, message):
    with pytest.raises(MatchInputError, match=message):
        split_at_line(intervals=intervals, seats=seats)


@given(st.integers(0, 2**63 - 1), st.permutations(NEAR), st.integers(0, 12))
def test_same_seed_same_draw_whatever_the_input_order(seed, shuffled, seats):
    first = draw(team="T1", near=NEAR, seats=seats, seed=seed)
    again = draw(team="T1", near=shuffled, seats=seats, seed=seed)
    assert first == again
    assert first.seats == seats and sorted(first.order) == sorted(NEAR)


def test_different_seeds_can_differ_and_teams_draw_independently():
    winners = {draw(team="T1", near=NEAR, seats=3, seed=seed).order[:3] for seed in range(20)}
    assert len(winners) > 1
    assert draw(team="T1", near=NEAR, seats=3, seed=7).order != draw(team="T2", near=NEAR, seats=3, seed=7).order


def test_the_recipe_can_be_checked_by_hand():
    result = draw(team="T1", near=["A7", "B2"], seats=1, seed=1234)
    keys = {name: hashlib.sha256(f"1234:T1:{name}".encode()).hexdigest() for name in ["A7", "B2"]}
    assert result.order == tuple(sorted(keys, key=keys.get))
    assert result.keys == tuple(sorted(keys.values()))


def test_draw_all_and_apply_draw():
    seed = new_seed()
    assert 0 <= seed < 2**63
    draws = draw_all(near={"T1": ["B", "C", "D"], "T2": []}, seats={"T1": 1, "T2": 2}, seed=seed)
    assert (draws["T2"].order, draws["T2"].seats) == ((), 0) and draws["T1"].seed == seed
    ranking = apply_draw(ranking=["A", "B", "C", "D", "E"], draw=draws["T1"])
    assert ranking[0] == "A" and ranking[-1] == "E" and ranking[1:4] == list(draws["T1"].order)
    with pytest.raises(MatchInputError, match="not on its ranking"):
        apply_draw(ranking=["A"], draw=draws["T1"])
    with pytest.raises(MatchInputError, match="twice"):
        draw(team="T1", near=["A", "A"], seats=1, seed=1)
