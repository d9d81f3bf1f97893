"""Review files (.json) in, ranking files (.json) out.

Input: ``{"reviews": [{"application": "A1", "reviewer": "R7", "score": 7.5}, ...],
"quota": 400}``. Keys are strings or integers; scores are finite numbers (weighted
scores, higher is better); quota is a non-negative integer (the number of funded
places); each (application, reviewer) pair appears once. Other fields are ignored.

Output: ``{"ranking": [row, ...], "seconds": float, ...}``, best first, each row
``{"application", "position", "expected_rank", "interval": [lower, upper], "score",
"score_sd", "raw_mean", "calibrated_mean", "reviews", "disagreement", "crosses_line",
"zone"}`` (see :class:`~selection.ranking.calibration.RankedApplication`), plus the
seed, number of draws, level, quota, the estimated variance components and the number
of connected pieces of the review graph, so that a run can be repeated and checked.
"""

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from selection.ranking.calibration import Calibration, RankedApplication
from selection.ranking.errors import RankingInputError
from selection.ranking.reviews import is_finite_number


@dataclass(frozen=True)
class ReviewFile:
    applications: list
    reviewers: list
    scores: list
    quota: int


def load_reviews(*, path: Path) -> ReviewFile:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RankingInputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise RankingInputError(f"{path} is a directory, not a JSON file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise RankingInputError(f"{path} cannot be read as UTF-8 text ({error})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise RankingInputError(f"{path} is not valid JSON: {error.msg} at {where}") from None
    except RecursionError:
        raise RankingInputError(f"{path} is nested too deeply to be a review file") from None
    return parse_document(document)


def parse_document(document) -> ReviewFile:
    if not isinstance(document, dict):
        kind = type(document).__name__
        raise RankingInputError(f"the file must hold a JSON object with 'reviews' and 'quota', got {kind}")
    for name in ("reviews", "quota"):
        if name not in document:
            raise RankingInputError(f"the file has no '{name}'")
    quota = document["quota"]
    if isinstance(quota, bool) or not isinstance(quota, int) or quota < 0:
        raise RankingInputError(f"'quota' must be a non-negative integer, got {json.dumps(quota)}")
    reviews = document["reviews"]
    if not isinstance(reviews, list):
        raise RankingInputError(f"'reviews' must be a list, got {type(reviews).__name__}")
    if not reviews:
        raise RankingInputError("'reviews' is empty: there is nothing to rank")
    applications, reviewers, scores = [], [], []
    for number, review in enumerate(reviews, start=1):
        if not isinstance(review, dict):
            raise RankingInputError(f"review {number} must be an object, got {type(review).__name__}")
        for name in ("application", "reviewer", "score"):
            if name not in review:
                raise RankingInputError(f"review {number} has no '{name}'")
        for name in ("application", "reviewer"):
            key = review[name]
            if isinstance(key, bool) or not isinstance(key, str | int) or key == "":
                raise RankingInputError(
                    f"review {number}: '{name}' must be a non-empty string or an integer, got {json.dumps(key)}"
                )
        score = review["score"]
        if not is_finite_number(score):
            raise RankingInputError(f"review {number}: 'score' must be a finite number, got {_shown(score)}")
        applications.append(review["application"])
        reviewers.append(review["reviewer"])
        scores.append(float(score))
    return ReviewFile(applications=applications, reviewers=reviewers, scores=scores, quota=quota)


def _shown(value) -> str:
    if isinstance(value, float):
        return repr(value)  # nan, inf: json.dumps would print NaN / Infinity, which JSON does not allow either
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."


def result_document(*, calibration: Calibration, ranking: list[RankedApplication], quota: int, seconds: float) -> dict:
    components = calibration.components
    return {
        "ranking": [_row(item) for item in ranking],
        "seconds": seconds,
        "quota": quota,
        "seed": calibration.seed,
        "draws": int(calibration.draws.shape[0]),
        "level": calibration.level,
        "leniency_model": calibration.leniency_model,
        "variance": {
            "quality": components.quality,
            "leniency": components.leniency,
            "residual": components.residual,
            "residual_df": components.residual_df,
            "unidentified": list(components.unidentified),
        },
        "applications": calibration.table.n_applications,
        "reviewers": calibration.table.n_reviewers,
        "reviews": calibration.table.n_reviews,
        "pieces": calibration.pieces,
    }


def _row(item: RankedApplication) -> dict:
    row = asdict(item)
    row["interval"] = [float(item.interval[0]), float(item.interval[1])]
    return row


def write_result(*, path: Path, document: dict) -> None:
    path.write_text(json.dumps(document, indent=None, allow_nan=False))
