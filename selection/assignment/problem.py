"""Turn plain numpy / scipy.sparse inputs into a checked pair source."""

import numpy as np
import scipy.sparse as sp

from selection.assignment.keys import pair_keys
from selection.assignment.dense import DensePairs
from selection.assignment.sparse import SparsePairs


class AssignmentInputError(ValueError):
    """The inputs do not describe an assignment problem (shapes, types, values)."""


def pairs_from_arrays(*, affinity, conflicts, max_load: np.ndarray) -> DensePairs | SparsePairs:
    """Dense ``affinity`` gives :class:`DensePairs`; a scipy.sparse one gives :class:`SparsePairs`.

    ``conflicts`` may be a dense bool array of the same shape, a scipy.sparse matrix whose
    stored non-zero cells are the conflicted pairs, or None.
    """
    if sp.issparse(affinity):
        matrix = sp.csr_matrix(affinity, dtype=np.float32)
        matrix.sum_duplicates()
        matrix.sort_indices()
        n_rows, n_cols = matrix.shape
    else:
        matrix = np.asarray(affinity)
        if matrix.ndim != 2:
            raise AssignmentInputError(f"affinity must be 2-D (applications x reviewers), got shape {matrix.shape}")
        if not np.issubdtype(matrix.dtype, np.number):
            raise AssignmentInputError(f"affinity must be numeric, got dtype {matrix.dtype}")
        n_rows, n_cols = matrix.shape
    loads = _load_vector(max_load=max_load, n_reviewers=n_cols)
    values = matrix.data if sp.issparse(matrix) else matrix
    if not np.all(np.isfinite(values)):
        raise AssignmentInputError("affinity contains NaN or infinite values")

    if sp.issparse(matrix):
        return SparsePairs(
            data=matrix.data.astype(np.float32),
            indices=matrix.indices.astype(np.int64),
            indptr=matrix.indptr.astype(np.int64),
            shape=(n_rows, n_cols),
            conflict_keys=_conflict_keys(conflicts=conflicts, shape=(n_rows, n_cols)),
            usable_reviewers=loads > 0,
        )
    return DensePairs(
        affinity=matrix.astype(np.float32, copy=False),
        conflicts=_dense_conflicts(conflicts=conflicts, shape=(n_rows, n_cols)),
        usable_reviewers=loads > 0,
    )


def _load_vector(*, max_load, n_reviewers: int) -> np.ndarray:
    loads = np.asarray(max_load)
    if loads.ndim == 0:
        loads = np.full(n_reviewers, int(loads))
    if loads.shape != (n_reviewers,):
        raise AssignmentInputError(f"max_load must have one entry per reviewer ({n_reviewers}), got shape {loads.shape}")
    if not np.issubdtype(loads.dtype, np.integer) or np.any(loads < 0):
        raise AssignmentInputError("max_load must hold non-negative integers")
    return loads.astype(np.int64)


def _dense_conflicts(*, conflicts, shape: tuple[int, int]) -> np.ndarray:
    if conflicts is None:
        return np.zeros(shape, dtype=bool)
    if sp.issparse(conflicts):
        conflicts = conflicts.toarray()
    conflicts = np.asarray(conflicts)
    if conflicts.shape != shape:
        raise AssignmentInputError(f"conflicts must have the affinity's shape {shape}, got {conflicts.shape}")
    return conflicts.astype(bool, copy=False)


def _conflict_keys(*, conflicts, shape: tuple[int, int]) -> np.ndarray:
    if conflicts is None:
        return np.zeros(0, dtype=np.int64)
    if sp.issparse(conflicts):
        matrix = sp.coo_matrix(conflicts)
        if matrix.shape != shape:
            raise AssignmentInputError(f"conflicts must have the affinity's shape {shape}, got {matrix.shape}")
        rows, cols = matrix.row[matrix.data != 0], matrix.col[matrix.data != 0]
    else:
        dense = np.asarray(conflicts)
        if dense.shape != shape:
            raise AssignmentInputError(f"conflicts must have the affinity's shape {shape}, got {dense.shape}")
        rows, cols = np.nonzero(dense)
    return pair_keys(rows=rows, cols=cols, n_reviewers=shape[1])


def team_vector(*, teams, length: int, name: str) -> np.ndarray | None:
    if teams is None:
        return None
    vector = np.asarray(teams)
    if vector.shape != (length,) or not np.issubdtype(vector.dtype, np.integer):
        raise AssignmentInputError(f"{name} must hold {length} integers (-1 for none), got shape {vector.shape}")
    return vector.astype(np.int64)
