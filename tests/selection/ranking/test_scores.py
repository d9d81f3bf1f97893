import math

import pytest

from selection.ranking import Criterion, RankingInputError, weighted_score

MSCA = [Criterion("excellence", 50), Criterion("impact", 30), Criterion("fit", 20)]


def test_weighted_score_is_the_weighted_mean_on_the_common_scale():
    assert math.isclose(weighted_score(scores={"excellence": 8, "impact": 6, "fit": 10}, criteria=MSCA), 7.8)
    assert weighted_score(scores={"excellence": 1, "impact": 1, "fit": 1}, criteria=MSCA) == 1.0
    assert weighted_score(scores={"excellence": 10, "impact": 10, "fit": 10}, criteria=MSCA) == 10.0


def test_different_scales_are_normalised_onto_the_requested_scale():
    criteria = [Criterion("a", 50, 1, 5), Criterion("b", 50, 0, 100)]
    assert math.isclose(weighted_score(scores={"a": 5, "b": 50}, criteria=criteria, scale=(0, 1)), 0.75)
    with pytest.raises(RankingInputError, match="different scales"):
        weighted_score(scores={"a": 5, "b": 50}, criteria=criteria)


@pytest.mark.parametrize(
    ("criteria", "scores", "message"),
    [
        ([Criterion("a", 50), Criterion("b", 40)], {"a": 5, "b": 5}, "sum to 100, got 90"),
        ([Criterion("a", 100), Criterion("b", 0)], {"a": 5, "b": 5}, "positive number"),
        ([Criterion("a", 50), Criterion("a", 50)], {"a": 5}, "unique"),
        ([], {}, "no criteria"),
        (MSCA, {"excellence": 5, "impact": 5}, "'fit' has no score"),
        (MSCA, {"excellence": 5, "impact": 5, "fit": 11}, "outside its scale"),
        (MSCA, {"excellence": 5, "impact": 5, "fit": float("nan")}, "finite number"),
        (MSCA, {"excellence": 5, "impact": 5, "fit": True}, "finite number"),
        (MSCA, {"excellence": 5, "impact": 5, "fit": 5, "novelty": 3}, "unknown criteria: novelty"),
        ([Criterion("a", 100, 5, 5)], {"a": 5}, "lower to a higher"),
    ],
)
def test_invalid_rubrics_and_scores_are_refused_with_a_reason(criteria, scores, message):
    with pytest.raises(RankingInputError, match=message):
        weighted_score(scores=scores, criteria=criteria)
