"""``python -m selection.match solve``: a good file, and one line + exit 2 for each malformed one."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

GOOD = {
    "applicants": {"A1": ["T2", "T1"], "A2": ["T1"], "A3": ["T1", "T2"], "A4": ["T2"], "A9": ["T1"]},
    "teams": {"T1": {"capacity": 2, "ranking": ["A3", "A1", "A2"]}, "T2": {"capacity": 1, "ranking": ["A4", "A1"]}},
}


def run(*arguments):
    return subprocess.run(
        [sys.executable, "-m", "selection.match", *map(str, arguments)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_solve_writes_the_matching(tmp_path):
    (tmp_path / "in.json").write_text(json.dumps(GOOD))
    completed = run("solve", tmp_path / "in.json", "--out", tmp_path / "out.json")
    assert completed.returncode == 0, completed.stderr
    document = json.loads((tmp_path / "out.json").read_text())
    assert document["matching"] == {"T1": ["A3", "A1"], "T2": ["A4"]}
    assert document["unmatched"] == ["A2", "A9"]
    assert document["seconds"] >= 0 and "capacities" not in document


def test_total_and_explanations(tmp_path):
    (tmp_path / "in.json").write_text(json.dumps({**GOOD, "total": 2}))
    completed = run("solve", tmp_path / "in.json", "--out", tmp_path / "out.json", "--explain")
    assert completed.returncode == 0, completed.stderr
    document = json.loads((tmp_path / "out.json").read_text())
    assert sum(map(len, document["matching"].values())) == 2
    assert sum(document["capacities"].values()) == 2
    assert document["explanations"]["A9"] == "A9: not matched; T1: not on its list"
    completed = run("solve", tmp_path / "in.json", "--out", tmp_path / "out.json", "--total", "10")
    assert json.loads((tmp_path / "out.json").read_text())["matching"] == {"T1": ["A3", "A1"], "T2": ["A4"]}


def with_team(**spec):
    return {**GOOD, "teams": {**GOOD["teams"], "T1": {**GOOD["teams"]["T1"], **spec}}}


MALFORMED = {
    "not_json": ("{not json", "is not JSON"),
    "empty": ("", "is not JSON"),
    "a_list": ("[]", "must hold a JSON object"),
    "no_teams": (json.dumps({"applicants": {}}), "has no 'teams'"),
    "unknown_key": (json.dumps({**GOOD, "totl": 3}), "unknown top-level key 'totl'"),
    "unknown_team": (
        json.dumps({**GOOD, "applicants": {**GOOD["applicants"], "A2": ["T7"]}}),
        "applicant A2 lists unknown team T7",
    ),
    "duplicate_applicant": (
        '{"applicants": {"A1": ["T1"], "A1": []}, "teams": {"T1": {"capacity": 1, "ranking": ["A1"]}}}',
        "duplicate applicant A1",
    ),
    "duplicate_team": (
        '{"applicants": {}, "teams": {"T1": {"capacity": 1, "ranking": []}, "T1": {"capacity": 2, "ranking": []}}}',
        "duplicate team T1",
    ),
    "applicant_twice_in_ranking": (json.dumps(with_team(ranking=["A3", "A3"])), "team T1 ranks applicant A3 twice"),
    "team_twice_in_list": (
        json.dumps({**GOOD, "applicants": {**GOOD["applicants"], "A1": ["T1", "T1"]}}),
        "applicant A1 lists team T1 twice",
    ),
    "negative_capacity": (json.dumps(with_team(capacity=-1)), "team T1 has a negative capacity (-1)"),
    "capacity_not_integer": (json.dumps(with_team(capacity=2.5)), "capacity must be an integer, got a number"),
    "capacity_boolean": (json.dumps(with_team(capacity=True)), "capacity must be an integer, got a boolean"),
    "ranking_unknown_applicant": (json.dumps(with_team(ranking=["A3", "Z"])), "team T1 ranks unknown applicant Z"),
    "ranking_not_list": (json.dumps(with_team(ranking="A3")), "ranking must be a list, got a string"),
    "name_not_string": (
        json.dumps(with_team(ranking=["A3", 5])),
        "team T1: the ranking must be names (strings), got a number 5",
    ),
    "choices_not_list": (
        json.dumps({**GOOD, "applicants": {**GOOD["applicants"], "A1": "T1"}}),
        "applicant A1: the teams must be a list",
    ),
    "team_not_object": (json.dumps({**GOOD, "teams": {"T1": 3}}), "team T1 must be an object"),
    "team_missing_capacity": (json.dumps({**GOOD, "teams": {"T1": {"ranking": []}}}), "team T1 has no 'capacity'"),
    "too_deep": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "newline_in_name": (
        json.dumps({**GOOD, "applicants": {**GOOD["applicants"], "A1": ["T\nX"]}}),
        "unknown team T\\nX",
    ),
    "negative_total": (json.dumps({**GOOD, "total": -1}), "the call's total must be >= 0"),
    "total_not_integer": (json.dumps({**GOOD, "total": "400"}), "'total' must be an integer or null"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_input_exits_2_with_one_line(tmp_path, case):
    text, message = MALFORMED[case]
    (tmp_path / "in.json").write_text(text)
    completed = run("solve", tmp_path / "in.json", "--out", tmp_path / "out.json")
    assert completed.returncode == 2
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    assert message in lines[0]
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["solve", "missing.json", "--out", "o.json"], "no such file"),
        (["solve", "x.json"], "--out"),
        (["fly"], "invalid choice"),
    ],
)
def test_bad_arguments_and_missing_file_exit_2_with_one_line(tmp_path, arguments, message):
    completed = subprocess.run(
        [sys.executable, "-m", "selection.match", *arguments],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        env={"PYTHONPATH": str(ROOT)},
    )
    assert completed.returncode == 2
    assert len(completed.stderr.strip().splitlines()) == 1 and message in completed.stderr


def test_unwritable_output_exits_1(tmp_path):
    (tmp_path / "in.json").write_text(json.dumps(GOOD))
    completed = run("solve", tmp_path / "in.json", "--out", tmp_path / "no" / "such" / "out.json")
    assert completed.returncode == 1 and len(completed.stderr.strip().splitlines()) == 1
