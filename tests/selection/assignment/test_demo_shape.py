"""The solver on small demo-shaped instances (benchmarks/assignment_demo.py ``demo_instance``): team keywords with many
ties, a team bonus, the team preference, detected conflicts, demo loads; checked against the full LP."""
import numpy as np
import pytest

from benchmarks.assignment_demo import demo_instance
from selection.assignment import assign_reviewers
from tests.selection.assignment.reference import linprog_optimum

TOLERANCE = 1e-4


@pytest.mark.parametrize(
    ("n_applications", "n_reviewers", "short"),
    [(150, 60, False), (260, 60, True)],  # demo loads are 8-15: 260 x 3 reviews exceed 60 reviewers' capacity
)
def test_demo_shaped_assignment_is_the_full_lp_optimum(n_applications, n_reviewers, short):
    instance = demo_instance(n_applications=n_applications, n_reviewers=n_reviewers)
    assert (int(instance["max_load"].sum()) < 3 * n_applications) == short
    result = assign_reviewers(
        affinity=instance["affinity"], conflicts=instance["conflicts"], max_load=instance["max_load"],
        k=instance["k"], preferred_team=instance["preferred_team"], reviewer_team=instance["reviewer_team"],
        min_preferred=instance["min_preferred"], candidates_per_application=3,
    )
    covered = np.setdiff1d(np.arange(n_applications), result.uncovered_applications)
    assert bool(result.uncovered) == short
    assert np.all(np.bincount(result.applications, minlength=n_applications)[covered] == instance["k"])
    assert not instance["conflicts"][result.applications, result.reviewers].any()
    assert np.all(np.bincount(result.reviewers, minlength=n_reviewers) <= instance["max_load"])
    optimum = linprog_optimum(
        affinity=instance["affinity"], conflicts=instance["conflicts"], max_load=instance["max_load"],
        k=instance["k"], applications=covered, preferred_team=instance["preferred_team"],
        reviewer_team=instance["reviewer_team"], min_preferred=instance["min_preferred"],
    )
    assert optimum is not None
    assert result.preferred_slots == optimum.preferred_slots
    assert result.objective == pytest.approx(optimum.objective, abs=TOLERANCE)
    assert result.certificate_rounds > 1  # 3 candidates per application are not enough: the certificate widened them
