import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parents[3]


def run(*arguments):
    return subprocess.run(
        [sys.executable, "-m", "selection.assignment", *map(str, arguments)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def write_dense(path, *, max_load):
    rng = np.random.default_rng(5)
    affinity = rng.random((12, 5)).astype(np.float32)
    conflicts = np.zeros(affinity.shape, dtype=bool)
    conflicts[0, 0] = True
    np.savez_compressed(path, affinity=affinity, conflicts=conflicts, k=np.int64(3), max_load=np.full(5, max_load))
    return affinity, conflicts


def test_solve_writes_the_assignment_json(tmp_path):
    affinity, conflicts = write_dense(tmp_path / "ok.npz", max_load=9)
    completed = run("solve", tmp_path / "ok.npz", "--out", tmp_path / "out.json")
    assert completed.returncode == 0, completed.stderr
    document = json.loads((tmp_path / "out.json").read_text())
    pairs = np.array(document["assignment"])
    assert pairs.shape == (36, 2)
    assert document["uncovered"] == []
    assert not conflicts[pairs[:, 0], pairs[:, 1]].any()
    assert abs(document["objective"] - float(affinity[pairs[:, 0], pairs[:, 1]].sum())) < 1e-4
    assert document["seconds"] >= 0


def test_sparse_file_gives_the_dense_result(tmp_path):
    affinity, conflicts = write_dense(tmp_path / "dense.npz", max_load=9)
    matrix, conflict_matrix = sp.csr_matrix(affinity), sp.csr_matrix(conflicts)
    np.savez_compressed(
        tmp_path / "sparse.npz",
        affinity_data=matrix.data,
        affinity_indices=matrix.indices,
        affinity_indptr=matrix.indptr,
        shape=np.array(matrix.shape),
        conflicts_indices=conflict_matrix.indices,
        conflicts_indptr=conflict_matrix.indptr,
        k=np.int64(3),
        max_load=np.full(5, 9),
    )
    assert run("solve", tmp_path / "dense.npz", "--out", tmp_path / "dense.json").returncode == 0
    assert run("solve", tmp_path / "sparse.npz", "--out", tmp_path / "sparse.json").returncode == 0
    dense = json.loads((tmp_path / "dense.json").read_text())
    sparse = json.loads((tmp_path / "sparse.json").read_text())
    assert abs(dense["objective"] - sparse["objective"]) < 1e-6


def test_infeasible_instance_writes_json_and_exits_2_with_one_line(tmp_path):
    write_dense(tmp_path / "tight.npz", max_load=6)  # 30 review slots for 12 x 3 = 36
    completed = run("solve", tmp_path / "tight.npz", "--out", tmp_path / "out.json")
    assert completed.returncode == 2
    assert len(completed.stderr.strip().splitlines()) == 1
    assert "cannot get 3 reviewers" in completed.stderr
    document = json.loads((tmp_path / "out.json").read_text())
    assert len(document["uncovered"]) == 2
    assert set(document["reasons"]) == {str(application) for application in document["uncovered"]}
    assert len(document["assignment"]) == 30


def test_bad_input_gives_one_line_and_no_traceback(tmp_path):
    np.savez_compressed(tmp_path / "no_load.npz", affinity=np.ones((2, 2), dtype=np.float32), k=np.int64(1))
    np.savez_compressed(
        tmp_path / "wrong_shape.npz",
        affinity=np.ones((2, 2), dtype=np.float32),
        conflicts=np.zeros((3, 2), dtype=bool),
        k=np.int64(1),
        max_load=np.ones(2, dtype=np.int64),
    )
    (tmp_path / "garbage.npz").write_text("not a zip")
    cases = [tmp_path / "missing.npz", tmp_path / "no_load.npz", tmp_path / "wrong_shape.npz", tmp_path / "garbage.npz"]
    for path in cases:
        completed = run("solve", path, "--out", tmp_path / "out.json")
        assert completed.returncode in (1, 2), path
        assert len(completed.stderr.strip().splitlines()) == 1, completed.stderr
        assert "Traceback" not in completed.stderr
    usage = run("solve")
    assert usage.returncode == 1 and len(usage.stderr.strip().splitlines()) == 1


def test_empty_or_malformed_npz_files_give_one_clear_line(tmp_path):
    """Issue 9 item 14: an empty .npz gave a traceback; each of these now says what is wrong in one line."""
    (tmp_path / "zero_bytes.npz").write_bytes(b"")
    np.savez(tmp_path / "no_arrays.npz")
    np.save(tmp_path / "single.npy", np.ones(3))
    np.savez(tmp_path / "pickled.npz", k=np.array([object()], dtype=object), max_load=np.ones(2))
    np.savez(
        tmp_path / "bad_sparse.npz", affinity_data=np.ones(2), affinity_indices=np.array([0, 5]),
        affinity_indptr=np.array([0, 1, 2]), shape=np.array([2, 2]), k=np.int64(1), max_load=np.ones(2, dtype=int),
    )
    (tmp_path / "a_directory.npz").mkdir()
    expected = {
        "zero_bytes.npz": "is empty (0 bytes)",
        "no_arrays.npz": "holds no arrays",
        "single.npy": "not an .npz archive",
        "pickled.npz": "cannot be read",
        "bad_sparse.npz": "sparse affinity arrays are inconsistent",
        "a_directory.npz": "is a directory",
    }
    for name, message in expected.items():
        completed = run("solve", tmp_path / name, "--out", tmp_path / "out.json")
        assert completed.returncode == 1, (name, completed.stderr)
        assert completed.stderr.strip().splitlines() == [completed.stderr.strip()], completed.stderr
        assert message in completed.stderr and "Traceback" not in completed.stderr
        assert not (tmp_path / "out.json").exists()
