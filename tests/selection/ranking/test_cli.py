import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.selection.ranking.simulated import simulate

ROOT = Path(__file__).resolve().parents[3]


def run(*arguments):
    return subprocess.run(
        [sys.executable, "-m", "selection.ranking", *map(str, arguments)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def write_reviews(path, *, quota=5, n_applications=30):
    reviews = simulate(n_applications=n_applications, n_reviewers=10, k=3, leniency_sd=1.5, seed=21)
    document = {
        "reviews": [
            {"application": a, "reviewer": r, "score": s}
            for a, r, s in zip(reviews.applications, reviews.reviewers, reviews.scores)
        ],
        "quota": quota,
    }
    path.write_text(json.dumps(document))
    return reviews


def test_rank_writes_the_ranking_best_first(tmp_path):
    reviews = write_reviews(tmp_path / "in.json")
    completed = run("rank", tmp_path / "in.json", "--out", tmp_path / "out.json", "--draws", 500)
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    document = json.loads((tmp_path / "out.json").read_text())
    ranking = document["ranking"]
    assert sorted(row["application"] for row in ranking) == sorted(set(reviews.applications))
    assert [row["position"] for row in ranking] == list(range(1, 31))
    ranks = [row["expected_rank"] for row in ranking]
    assert ranks == sorted(ranks)
    for row in ranking:
        low, high = row["interval"]
        assert isinstance(low, float) and 1 <= low <= high <= 30
        assert row["crosses_line"] == (low <= 5 < high)
        assert row["reviews"] == 3 and isinstance(row["score"], float)
    assert document["seconds"] >= 0 and document["draws"] == 500 and document["seed"] == 0
    assert document["quota"] == 5 and set(document["variance"]) >= {"quality", "leniency", "residual"}


def test_same_seed_reproduces_and_another_seed_may_differ(tmp_path):
    write_reviews(tmp_path / "in.json")
    outputs = []
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        out = tmp_path / f"{name}.json"
        completed = run("rank", tmp_path / "in.json", "--out", out, "--seed", seed, "--draws", 300)
        assert completed.returncode == 0, completed.stderr
        document = json.loads((tmp_path / f"{name}.json").read_text())
        document.pop("seconds")
        outputs.append(document)
    assert outputs[0] == outputs[1]
    assert outputs[0]["seed"] == 7 and outputs[2]["seed"] == 8
    assert [r["expected_rank"] for r in outputs[0]["ranking"]] != [r["expected_rank"] for r in outputs[2]["ranking"]]


GOOD = {"application": "A1", "reviewer": "R1", "score": 7.5}
SECOND = {"application": "A2", "reviewer": "R1", "score": 6.0}

def reviews_file(*reviews, quota=1):
    return json.dumps({"reviews": list(reviews), "quota": quota})


RAW = '{"reviews": [{"application": "A", "reviewer": "R", "score": SCORE}], "quota": 1}'  # JSON has no NaN

MALFORMED = {
    "not_json.json": ("{reviews: ", "is not valid JSON"),
    "empty_file.json": ("", "is not valid JSON"),
    "a_list.json": ("[1, 2]", "must hold a JSON object"),
    "no_reviews.json": (json.dumps({"quota": 1}), "has no 'reviews'"),
    "no_quota.json": (json.dumps({"reviews": [GOOD]}), "has no 'quota'"),
    "empty_reviews.json": (json.dumps({"reviews": [], "quota": 1}), "'reviews' is empty"),
    "reviews_not_list.json": (json.dumps({"reviews": {"a": 1}, "quota": 1}), "'reviews' must be a list"),
    "review_not_object.json": (json.dumps({"reviews": [GOOD, 3], "quota": 1}), "review 2 must be an object"),
    "no_score.json": (reviews_file({"application": "A", "reviewer": "R"}), "review 1 has no 'score'"),
    "no_reviewer.json": (reviews_file({"application": "A", "score": 1}), "has no 'reviewer'"),
    "string_score.json": (reviews_file(GOOD, {**SECOND, "score": "6"}), "review 2: 'score' must be a finite number"),
    "bool_score.json": (reviews_file({**GOOD, "score": True}), "'score' must be a finite number"),
    "nan_score.json": (RAW.replace("SCORE", "NaN"), "got nan"),
    "inf_score.json": (RAW.replace("SCORE", "-Infinity"), "got -inf"),
    "null_key.json": (json.dumps({"reviews": [{**GOOD, "application": None}], "quota": 1}), "'application' must be"),
    "negative_quota.json": (json.dumps({"reviews": [GOOD], "quota": -1}), "'quota' must be a non-negative integer"),
    "float_quota.json": (json.dumps({"reviews": [GOOD], "quota": 2.5}), "'quota' must be a non-negative integer"),
    "duplicate_pair.json": (reviews_file(GOOD, SECOND, {**GOOD, "score": 3}), "more than once"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_input_exits_2_with_one_line_and_writes_nothing(tmp_path, name):
    text, message = MALFORMED[name]
    (tmp_path / name).write_text(text)
    completed = run("rank", tmp_path / name, "--out", tmp_path / "out.json")
    assert completed.returncode == 2, (name, completed.stderr)
    assert completed.stderr.strip().splitlines() == [completed.stderr.strip()], completed.stderr
    assert message in completed.stderr and "Traceback" not in completed.stderr
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize(
    "arguments",
    [
        ["rank", "{missing}", "--out", "{out}"],
        ["rank", "{good}", "--out", "{out}", "--draws", "0"],
        ["rank", "{good}", "--out", "{out}", "--seed", "x"],
        ["rank", "{good}", "--out", "{tmp}/no/such/dir/out.json"],
        ["rank", "{good}"],
        ["rank", "{tmp}", "--out", "{out}"],
        [],
    ],
)
def test_bad_files_and_options_exit_2_with_one_line(tmp_path, arguments):
    write_reviews(tmp_path / "good.json", n_applications=4)
    paths = {
        "missing": tmp_path / "missing.json",
        "good": tmp_path / "good.json",
        "out": tmp_path / "out.json",
        "tmp": tmp_path,
    }
    completed = run(*[argument.format(**paths) for argument in arguments])
    assert completed.returncode == 2, completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1, completed.stderr
    assert "Traceback" not in completed.stderr
