"""Pairs as sorted int64 keys ``application * n_reviewers + reviewer``.

Sorting once and comparing neighbours is several times faster than ``np.unique`` on
the multi-million-key arrays of the 100x instance, so these helpers are used throughout.
"""

import numpy as np


def sorted_unique(values: np.ndarray) -> np.ndarray:
    ordered = np.sort(np.asarray(values), kind="stable")
    if ordered.size == 0:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def union(*parts: np.ndarray) -> np.ndarray:
    return sorted_unique(np.concatenate([np.asarray(part, dtype=np.int64) for part in parts]))


def pair_keys(*, rows: np.ndarray, cols: np.ndarray, n_reviewers: int) -> np.ndarray:
    return sorted_unique(np.asarray(rows, dtype=np.int64) * n_reviewers + cols)


def member(keys: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """``keys`` found in the sorted array ``sorted_keys``."""
    if sorted_keys.size == 0:
        return np.zeros(np.shape(keys), dtype=bool)
    where = np.minimum(np.searchsorted(sorted_keys, keys), sorted_keys.size - 1)
    return sorted_keys[where] == keys
