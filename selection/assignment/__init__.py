"""Optimal reviewer assignment, free of Django: numpy / scipy arrays in, plain data out.

Entry points:

* :func:`assign_reviewers` (``solver.py``): k reviewers per application, loads, conflicts,
  soft team preference, optional fairness pass; optimal over all pairs (certified).
* :func:`affinity_matrix` (``affinity.py``): TF-IDF cosine plus ranked team bonus.
* ``python -m selection.assignment solve FILE --out OUT.json`` (``__main__.py``, formats in ``io.py``).
"""

from selection.assignment.coverage import UncoveredApplication
from selection.assignment.problem import AssignmentInputError
from selection.assignment.solver import DEFAULT_K, AssignmentResult, assign_reviewers

__all__ = [
    "DEFAULT_K",
    "AssignmentInputError",
    "AssignmentResult",
    "UncoveredApplication",
    "affinity_matrix",
    "assign_reviewers",
]


def __getattr__(name: str):
    """``affinity_matrix`` is imported on first use: scikit-learn costs ~0.4 s to import."""
    if name == "affinity_matrix":
        from selection.assignment.affinity import affinity_matrix

        return affinity_matrix
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
