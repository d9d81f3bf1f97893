"""Instance files (.npz) in, result files (.json) out.

Dense instance (``numpy.savez_compressed``):

* ``affinity``: float32, applications x reviewers
* ``conflicts``: bool, same shape (True = never assign this pair)
* ``k``: int, reviewers per application
* ``max_load``: int per reviewer

Sparse instance (for inputs too big to store densely), instead of ``affinity`` and
``conflicts``:

* ``affinity_data`` (float32), ``affinity_indices``, ``affinity_indptr``: the CSR arrays
  of the affinity matrix; cells not stored have affinity 0 and are still assignable
* ``shape``: ``[applications, reviewers]``
* ``conflicts_indices``, ``conflicts_indptr`` (optional): CSR structure of the
  conflicted pairs (no data array; every stored cell is a conflict)

Both may also hold ``preferred_team`` (int per application, -1 for none),
``reviewer_team`` (int per reviewer) and ``min_preferred`` (int).

Result JSON: ``{"assignment": [[application, reviewer], ...], "objective": float,
"uncovered": [application, ...], "seconds": float}`` plus ``"reasons"`` (application ->
why it is uncovered), ``"min_application_affinity"`` and ``"fairness_floor"``.
"""

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from selection.assignment.problem import AssignmentInputError
from selection.assignment.solver import AssignmentResult


@dataclass(frozen=True)
class InstanceFile:
    affinity: np.ndarray | sp.csr_matrix
    conflicts: np.ndarray | sp.csr_matrix | None
    k: int
    max_load: np.ndarray
    preferred_team: np.ndarray | None
    reviewer_team: np.ndarray | None
    min_preferred: int


def load_instance(*, path: Path) -> InstanceFile:
    try:
        archive = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise AssignmentInputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise AssignmentInputError(f"{path} is a directory, not an .npz file") from None
    except EOFError:
        raise AssignmentInputError(f"{path} is empty (0 bytes), not an .npz file") from None
    except (OSError, ValueError, zipfile.BadZipFile) as error:
        raise AssignmentInputError(f"{path} is not a readable .npz file ({error})") from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise AssignmentInputError(f"{path} holds a single array (.npy), not an .npz archive of named arrays")
    with archive:
        try:
            arrays = {name: archive[name] for name in archive.files}
        except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
            raise AssignmentInputError(f"{path} holds an array that cannot be read ({error})") from None
    if not arrays:
        raise AssignmentInputError(f"{path} is an empty .npz archive: it holds no arrays")
    for name in ("k", "max_load"):
        if name not in arrays:
            raise AssignmentInputError(f"{path} has no '{name}' array")
    affinity = _affinity(arrays=arrays, path=path)
    return InstanceFile(
        affinity=affinity,
        conflicts=_conflicts(arrays=arrays, shape=affinity.shape),
        k=_integer(arrays=arrays, name="k"),
        max_load=np.asarray(arrays["max_load"]),
        preferred_team=arrays.get("preferred_team"),
        reviewer_team=arrays.get("reviewer_team"),
        min_preferred=_integer(arrays=arrays, name="min_preferred") if "min_preferred" in arrays else 0,
    )


def _integer(*, arrays: dict, name: str) -> int:
    value = np.asarray(arrays[name])
    if value.size != 1 or not np.issubdtype(value.dtype, np.integer):
        raise AssignmentInputError(f"'{name}' must be a single integer, got shape {value.shape} dtype {value.dtype}")
    return int(value.reshape(()))


def _affinity(*, arrays: dict, path: Path) -> np.ndarray | sp.csr_matrix:
    if "affinity" in arrays:
        return arrays["affinity"]
    needed = ("affinity_data", "affinity_indices", "affinity_indptr", "shape")
    missing = [name for name in needed if name not in arrays]
    if missing:
        raise AssignmentInputError(f"{path} has neither 'affinity' nor the sparse arrays {', '.join(missing)}")
    try:
        shape = tuple(int(value) for value in np.asarray(arrays["shape"]).ravel())
    except (TypeError, ValueError) as error:
        raise AssignmentInputError(f"'shape' must hold two integers ({error})") from None
    if len(shape) != 2:
        raise AssignmentInputError(f"'shape' must hold two integers, got {shape}")
    try:
        matrix = sp.csr_matrix(
            (arrays["affinity_data"], arrays["affinity_indices"], arrays["affinity_indptr"]), shape=shape
        )
        matrix.check_format(full_check=True)
        return matrix
    except (ValueError, TypeError) as error:
        raise AssignmentInputError(f"the sparse affinity arrays are inconsistent ({error})") from None


def _conflicts(*, arrays: dict, shape: tuple[int, ...]) -> np.ndarray | sp.csr_matrix | None:
    if "conflicts" in arrays:
        return arrays["conflicts"]
    if "conflicts_indices" not in arrays:
        return None
    indices, indptr = arrays["conflicts_indices"], arrays.get("conflicts_indptr")
    if indptr is None:
        raise AssignmentInputError("'conflicts_indices' needs 'conflicts_indptr'")
    try:
        matrix = sp.csr_matrix((np.ones(indices.size, dtype=bool), indices, indptr), shape=shape)
        matrix.check_format(full_check=True)
        return matrix
    except (ValueError, TypeError) as error:
        raise AssignmentInputError(f"the sparse conflict arrays are inconsistent ({error})") from None


def result_document(*, result: AssignmentResult, seconds: float) -> dict:
    return {
        "assignment": [[int(i), int(j)] for i, j in zip(result.applications, result.reviewers)],
        "objective": result.objective,
        "uncovered": result.uncovered_applications,
        "seconds": seconds,
        "reasons": {str(item.application): item.reason for item in result.uncovered},
        "min_application_affinity": result.min_application_affinity,
        "fairness_floor": result.fairness_floor,
    }


def write_result(*, path: Path, result: AssignmentResult, seconds: float) -> None:
    path.write_text(json.dumps(result_document(result=result, seconds=seconds)))
