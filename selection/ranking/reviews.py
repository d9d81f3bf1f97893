"""Reviews as checked, canonically ordered arrays.

Why canonical: the ranking draws random numbers per application and per reviewer, so
the order in which reviews arrive or the labels reviewers happen to carry must not
decide which random number goes where. Applications are ordered by key. Reviewers are
ordered by what they did, not by their label: first by the applications they
reviewed, then by their scores centred on their own mean (rounded to 9 decimals), then
by their raw scores, and only then by label. Relabelling reviewers therefore leaves the
arrays (and so the draws and every float) exactly as they were: two reviewers still
tied at the label gave the same scores to the same applications, so swapping them
changes nothing. Shifting one reviewer's scores by a constant keeps the order too,
except between reviewers who gave the same centred scores to the same applications;
under fixed leniency those are interchangeable for the model, so only the last bits
of the floats can move. Reviews are then ordered by (application, reviewer).
"""

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from selection.ranking.errors import RankingInputError

SIGNATURE_DECIMALS = 9


@dataclass(frozen=True)
class ReviewTable:
    """One row per review, in canonical order; ``application`` and ``reviewer`` index the key tuples."""

    application_keys: tuple
    reviewer_keys: tuple
    application: np.ndarray
    reviewer: np.ndarray
    score: np.ndarray

    @property
    def n_applications(self) -> int:
        return len(self.application_keys)

    @property
    def n_reviewers(self) -> int:
        return len(self.reviewer_keys)

    @property
    def n_reviews(self) -> int:
        return int(self.score.size)


def key_order(key) -> tuple:
    """Sort integers before strings, each by value, so that mixed keys still sort."""
    return (0, key, "") if isinstance(key, int) else (1, 0, key)


def review_table(*, applications: Sequence[Hashable], reviewers: Sequence[Hashable], scores) -> ReviewTable:
    """Check parallel sequences (one entry per review) and return them canonically ordered.

    Keys are strings or integers. Scores are finite numbers, higher is better. Each
    (application, reviewer) pair may appear once.
    """
    values = _scores(scores)
    if not (len(applications) == len(reviewers) == values.size):
        raise RankingInputError(
            f"applications, reviewers and scores must have one entry per review, "
            f"got {len(applications)}, {len(reviewers)} and {values.size}"
        )
    if values.size == 0:
        raise RankingInputError("there are no reviews to rank")
    app_keys = [_key(key, what="application") for key in applications]
    reviewer_keys = [_key(key, what="reviewer") for key in reviewers]

    application_keys = tuple(sorted(set(app_keys), key=key_order))
    app_index = {key: index for index, key in enumerate(application_keys)}
    application = np.fromiter((app_index[key] for key in app_keys), dtype=np.int64, count=values.size)
    labels = sorted(set(reviewer_keys), key=key_order)
    label_index = {key: index for index, key in enumerate(labels)}
    by_label = np.fromiter((label_index[key] for key in reviewer_keys), dtype=np.int64, count=values.size)

    pair = application * len(labels) + by_label
    unique_pairs, counts = np.unique(pair, return_counts=True)
    if unique_pairs.size != pair.size:
        first = int(unique_pairs[np.argmax(counts > 1)])
        raise RankingInputError(
            f"reviewer {labels[first % len(labels)]!r} reviewed application "
            f"{application_keys[first // len(labels)]!r} more than once"
        )

    order = _reviewer_order(application=application, by_label=by_label, scores=values, labels=labels)
    canonical = np.empty(len(labels), dtype=np.int64)
    canonical[order] = np.arange(len(labels))
    reviewer = canonical[by_label]
    rows = np.lexsort((reviewer, application))
    return ReviewTable(
        application_keys=application_keys,
        reviewer_keys=tuple(labels[index] for index in order),
        application=application[rows],
        reviewer=reviewer[rows],
        score=values[rows],
    )


def _reviewer_order(*, application: np.ndarray, by_label: np.ndarray, scores: np.ndarray, labels: list) -> list[int]:
    """Label indices in canonical order: by reviewed applications, centred scores, then label."""
    rows = np.lexsort((application, by_label))
    starts = np.flatnonzero(np.r_[True, np.diff(by_label[rows]) != 0])
    ends = np.r_[starts[1:], rows.size]
    signatures = []
    for start, end in zip(starts.tolist(), ends.tolist()):
        mine = rows[start:end]
        centred = np.round(scores[mine] - scores[mine].mean(), SIGNATURE_DECIMALS) + 0.0
        signatures.append(
            (
                tuple(application[mine].tolist()),
                tuple(centred.tolist()),
                tuple(scores[mine].tolist()),
                key_order(labels[by_label[mine[0]]]),
            )
        )
    return sorted(range(len(labels)), key=signatures.__getitem__)


def _scores(scores) -> np.ndarray:
    array = np.asarray(scores)
    if array.ndim != 1:
        raise RankingInputError(f"scores must be a flat sequence of numbers, got shape {array.shape}")
    if array.size and array.dtype.kind not in "iuf":
        raise RankingInputError(f"scores must be numbers, got {array.dtype}")
    array = array.astype(np.float64)
    if not np.all(np.isfinite(array)):
        bad = int(np.flatnonzero(~np.isfinite(array))[0])
        raise RankingInputError(f"review {bad + 1}: score must be a finite number, got {array[bad]}")
    return array


def _key(key, *, what: str):
    if isinstance(key, np.integer):
        key = int(key)
    if isinstance(key, bool) or not isinstance(key, int | str):
        raise RankingInputError(f"{what} keys must be strings or integers, got {key!r}")
    if isinstance(key, str) and not key:
        raise RankingInputError(f"{what} keys must not be empty")
    return key


def is_finite_number(value) -> bool:
    """A JSON number usable as a score: int or float, not bool, not NaN or infinite."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
