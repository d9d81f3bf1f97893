import numpy as np
import pytest

from selection.assignment import AssignmentInputError, assign_reviewers


def test_too_few_reviewers_names_the_application_and_the_count():
    conflicts = np.zeros((3, 4), dtype=bool)
    conflicts[1, :2] = True
    result = assign_reviewers(
        affinity=np.ones((3, 4), dtype=np.float32), conflicts=conflicts, max_load=np.full(4, 9), k=3
    )
    assert result.uncovered_applications == [1]
    assert result.uncovered[0].reason == "only 2 non-conflicted reviewers with free load (needs 3)"
    assert sorted(set(result.applications.tolist())) == [0, 2]
    assert result.objective == pytest.approx(6.0)


def test_reviewers_without_load_do_not_count_as_available():
    result = assign_reviewers(affinity=np.ones((2, 3), dtype=np.float32), max_load=np.array([5, 0, 5]), k=3)
    assert result.uncovered_applications == [0, 1]
    assert "only 2 non-conflicted reviewers with free load" in result.uncovered[0].reason
    assert result.applications.size == 0


def test_exhausted_capacity_covers_as_many_as_fit_and_explains_the_rest():
    result = assign_reviewers(affinity=np.ones((10, 4), dtype=np.float32), max_load=np.full(4, 5), k=2)
    assert len(result.uncovered) == 0  # 10 x 2 = 20 reviews, capacity 20
    tight = assign_reviewers(affinity=np.ones((10, 4), dtype=np.float32), max_load=np.full(4, 4), k=2)
    assert len(tight.uncovered) == 2  # capacity 16 serves 8 applications
    assert np.bincount(tight.applications).max() == 2
    assert "combined max_load of 16" in tight.uncovered[0].reason
    assert "needing 20 reviews" in tight.uncovered[0].reason


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"affinity": np.ones(3), "max_load": np.ones(3, dtype=int)}, "2-D"),
        ({"affinity": np.ones((2, 3)), "max_load": np.ones(4, dtype=int)}, "one entry per reviewer"),
        ({"affinity": np.ones((2, 3)), "max_load": np.ones(3, dtype=int), "conflicts": np.zeros((3, 2))}, "shape"),
        ({"affinity": np.ones((2, 3)), "max_load": np.ones(3, dtype=int), "k": 0}, "positive"),
        ({"affinity": np.full((2, 3), np.nan), "max_load": np.ones(3, dtype=int)}, "NaN"),
        ({"affinity": np.ones((2, 3)), "max_load": np.ones(3, dtype=int), "min_preferred": 1}, "preferred_team"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_error(arguments, message):
    with pytest.raises(AssignmentInputError, match=message):
        assign_reviewers(**arguments)
