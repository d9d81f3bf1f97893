"""Degenerate calls: no crash, and an answer that says what the data can and cannot tell."""

import numpy as np
import pytest

from selection.ranking import RankingInputError, calibrate, rank_applications


def run(applications, reviewers, scores, *, quota=1, draws=400, leniency="fixed"):
    calibration = calibrate(
        applications=applications, reviewers=reviewers, scores=scores, seed=1, draws=draws, leniency=leniency
    )
    return calibration, rank_applications(calibration, quota=quota)


@pytest.mark.parametrize("leniency", ["fixed", "random"])
def test_all_scores_equal_makes_every_application_exchangeable(leniency):
    applications = [f"A{i}" for i in range(10) for _ in range(2)]
    reviewers = [f"R{(i + j) % 4}" for i in range(10) for j in range(2)]
    calibration, ranking = run(applications, reviewers, [7.0] * 20, quota=3, leniency=leniency)
    assert np.allclose(calibration.score, 0.0, atol=1e-6)
    assert all(row.crosses_line for row in ranking)
    assert all(abs(row.expected_rank - 5.5) < 1.0 for row in ranking)
    assert all(row.disagreement == pytest.approx(0.0, abs=1e-9) for row in ranking)


def test_single_reviewer_ranks_by_their_scores():
    calibration, ranking = run(["A", "B", "C"], ["R", "R", "R"], [3.0, 9.0, 6.0])
    assert [row.application for row in ranking] == ["B", "C", "A"]
    assert "residual" in calibration.components.unidentified
    assert all(row.disagreement is None for row in ranking)


def test_one_review_per_application_and_one_review_per_reviewer():
    one_each = run([f"A{i}" for i in range(6)], [f"R{i % 2}" for i in range(6)], [1, 2, 3, 4, 5, 6.0])[1]
    assert {row.application for row in one_each} == {f"A{i}" for i in range(6)}
    # Each reviewer scored once: under fixed leniency their one score is all leniency; no crash, exchangeable.
    _, lone = run(["A", "A", "B", "B"], ["R1", "R2", "R3", "R4"], [9.0, 8.0, 2.0, 3.0], draws=1000)
    assert all(row.interval == (1, 2) for row in lone)
    _, pooled = run(["A", "A", "B", "B"], ["R1", "R2", "R3", "R4"], [9.0, 8.0, 2.0, 3.0], leniency="random")
    assert pooled[0].application == "A"


def test_single_application_and_single_review():
    _, ranking = run(["A"], ["R"], [5.0], quota=0)
    assert len(ranking) == 1 and ranking[0].expected_rank == 1.0 and ranking[0].interval == (1, 1)
    assert ranking[0].zone == "below" and not ranking[0].crosses_line


def test_disconnected_review_graph_compares_components_at_their_own_average():
    applications = ["A1", "A1", "A2", "A2", "B1", "B1", "B2", "B2"]
    reviewers = ["R1", "R2", "R1", "R2", "S1", "S2", "S1", "S2"]
    scores = [9.0, 8.0, 6.0, 5.5, 4.0, 3.0, 1.0, 0.5]  # panel B is harsh or weak: the data cannot say which
    calibration, ranking = run(applications, reviewers, scores, quota=2)
    assert calibration.pieces == 2
    by_key = {row.application: row for row in ranking}
    assert by_key["A1"].score == pytest.approx(by_key["B1"].score, abs=1e-9)
    assert by_key["A1"].expected_rank < by_key["A2"].expected_rank
    assert by_key["B1"].expected_rank < by_key["B2"].expected_rank


def test_quota_zones():
    _, ranking = run(["A", "B", "C"], ["R", "R", "R"], [3.0, 9.0, 6.0], quota=3)
    assert all(row.zone == "above" and not row.crosses_line for row in ranking)


@pytest.mark.parametrize(
    ("applications", "reviewers", "scores", "message"),
    [
        ([], [], [], "no reviews"),
        (["A", "A"], ["R", "R"], [1.0, 2.0], "reviewed application 'A' more than once"),
        (["A"], ["R"], [float("nan")], "finite number"),
        (["A"], ["R"], [float("inf")], "finite number"),
        (["A"], ["R"], ["7"], "must be numbers"),
        (["A"], [True], [7.0], "strings or integers"),
        (["A", "B"], ["R"], [7.0, 8.0], "one entry per review"),
    ],
)
def test_malformed_reviews_are_refused(applications, reviewers, scores, message):
    with pytest.raises(RankingInputError, match=message):
        calibrate(applications=applications, reviewers=reviewers, scores=scores, seed=0)


@pytest.mark.parametrize(
    ("options", "message"),
    [({"seed": -1}, "seed"), ({"draws": 0}, "draws"), ({"level": 1.0}, "level"), ({"leniency": "x"}, "leniency")],
)
def test_bad_options_are_refused(options, message):
    with pytest.raises(RankingInputError, match=message):
        calibrate(**{"applications": ["A"], "reviewers": ["R"], "scores": [1.0], "seed": 0, **options})


def test_negative_quota_is_refused():
    calibration = calibrate(applications=["A"], reviewers=["R"], scores=[1.0], seed=0, draws=3)
    with pytest.raises(RankingInputError, match="quota"):
        rank_applications(calibration, quota=-1)
