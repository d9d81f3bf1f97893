"""Random small instances for the property tests (seeded numpy, drawn by hypothesis)."""

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st


@dataclass(frozen=True)
class Instance:
    affinity: np.ndarray
    conflicts: np.ndarray
    max_load: np.ndarray
    k: int
    preferred_team: np.ndarray
    reviewer_team: np.ndarray
    min_preferred: int


@st.composite
def instances(draw, *, max_applications: int = 14, max_reviewers: int = 10, team_preference: bool = True) -> Instance:
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n_applications = draw(st.integers(1, max_applications))
    n_reviewers = draw(st.integers(1, max_reviewers))
    k = draw(st.integers(1, 3))
    affinity = rng.random((n_applications, n_reviewers)).astype(np.float32)
    affinity[rng.random(affinity.shape) < draw(st.sampled_from([0.0, 0.3, 0.6]))] = 0.0
    conflicts = rng.random(affinity.shape) < draw(st.sampled_from([0.0, 0.05, 0.25]))
    max_load = rng.integers(0, draw(st.integers(1, 6)) + 1, size=n_reviewers)
    return Instance(
        affinity=affinity,
        conflicts=conflicts,
        max_load=max_load,
        k=k,
        preferred_team=rng.integers(-1, 3, size=n_applications),
        reviewer_team=rng.integers(0, 3, size=n_reviewers),
        min_preferred=draw(st.integers(0, 2)) if team_preference else 0,
    )
