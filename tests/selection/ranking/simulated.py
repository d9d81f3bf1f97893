"""Simulated reviews with known quality and leniency, and small random review sets for hypothesis."""

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st


@dataclass(frozen=True)
class Reviews:
    applications: list
    reviewers: list
    scores: list
    quality: dict | None = None


def simulate(
    *, n_applications: int, n_reviewers: int, k: int, leniency_sd: float, seed: int, noise_sd: float = 1.0
) -> Reviews:
    rng = np.random.default_rng(seed)
    quality = rng.standard_normal(n_applications)
    leniency = leniency_sd * rng.standard_normal(n_reviewers)
    applications, reviewers, scores = [], [], []
    for i in range(n_applications):
        for j in rng.choice(n_reviewers, size=k, replace=False):
            applications.append(f"A{i:04d}")
            reviewers.append(f"R{j:03d}")
            scores.append(float(6.0 + quality[i] + leniency[j] + noise_sd * rng.standard_normal()))
    return Reviews(
        applications=applications,
        reviewers=reviewers,
        scores=scores,
        quality={f"A{i:04d}": float(q) for i, q in enumerate(quality)},
    )


@st.composite
def review_sets(draw, *, max_applications: int = 10, max_reviewers: int = 6) -> Reviews:
    """Small calls: 1..3 reviews per application, scores on a coarse grid (so ties and equal scores occur)."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n_applications = draw(st.integers(1, max_applications))
    n_reviewers = draw(st.integers(1, max_reviewers))
    grid = draw(st.sampled_from([0.5, 1.0, 0.01]))
    applications, reviewers, scores = [], [], []
    for i in range(n_applications):
        k = int(rng.integers(1, min(3, n_reviewers) + 1))
        for j in rng.choice(n_reviewers, size=k, replace=False):
            applications.append(f"A{i}")
            reviewers.append(f"R{j}")
            scores.append(float(np.round(rng.uniform(1, 10) / grid) * grid))
    return Reviews(applications=applications, reviewers=reviewers, scores=scores)


def permuted(reviews: Reviews, *, seed: int) -> Reviews:
    order = np.random.default_rng(seed).permutation(len(reviews.scores))
    return Reviews(
        applications=[reviews.applications[i] for i in order],
        reviewers=[reviews.reviewers[i] for i in order],
        scores=[reviews.scores[i] for i in order],
    )


def relabelled(reviews: Reviews, *, seed: int) -> Reviews:
    labels = sorted(set(reviews.reviewers))
    new = [f"X{n}" for n in np.random.default_rng(seed).permutation(len(labels))]
    mapping = dict(zip(labels, new))
    return Reviews(
        applications=list(reviews.applications),
        reviewers=[mapping[r] for r in reviews.reviewers],
        scores=list(reviews.scores),
    )


def shifted(reviews: Reviews, *, reviewer, by: float) -> Reviews:
    return Reviews(
        applications=list(reviews.applications),
        reviewers=list(reviews.reviewers),
        scores=[s + by if r == reviewer else s for r, s in zip(reviews.reviewers, reviews.scores)],
    )
