"""One review's weighted score from its criterion scores.

The rubric is data per call (criteria, weights summing to 100, anchored scales), so
this function takes plain data and validates it rather than trusting the admin: a
weight typo that made the weights sum to 90 would otherwise quietly shrink every
score of the call. Each criterion's score is mapped linearly onto [0, 1] by its own
scale, the weighted mean is taken, and the result is mapped onto ``scale``, which
defaults to the criteria's common scale. With every criterion on 1-10 the weighted
score is therefore simply ``sum(weight * score) / 100`` on 1-10, which is what a
reviewer expects to see.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from selection.ranking.errors import RankingInputError

WEIGHT_TOTAL = 100.0
WEIGHT_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Criterion:
    """One rubric line: ``key`` as used in the scores mapping, a weight, and its anchored scale."""

    key: str
    weight: float
    low: float = 1.0
    high: float = 10.0


def validate_criteria(criteria: Sequence[Criterion]) -> None:
    """Raise :class:`RankingInputError` unless the criteria form a usable rubric."""
    if not criteria:
        raise RankingInputError("the rubric has no criteria")
    keys = [criterion.key for criterion in criteria]
    if len(set(keys)) != len(keys):
        raise RankingInputError(f"criterion keys must be unique, got {keys}")
    for criterion in criteria:
        if not _finite(criterion.weight) or criterion.weight <= 0:
            raise RankingInputError(
                f"criterion {criterion.key!r}: weight must be a positive number, got {criterion.weight!r}"
            )
        if not (_finite(criterion.low) and _finite(criterion.high)) or criterion.low >= criterion.high:
            raise RankingInputError(
                f"criterion {criterion.key!r}: scale must run from a lower to a higher number, "
                f"got {criterion.low!r} to {criterion.high!r}"
            )
    total = math.fsum(criterion.weight for criterion in criteria)
    if abs(total - WEIGHT_TOTAL) > WEIGHT_TOLERANCE * WEIGHT_TOTAL:
        raise RankingInputError(f"criterion weights must sum to 100, got {total:g}")


def weighted_score(
    *, scores: Mapping[str, float], criteria: Sequence[Criterion], scale: tuple[float, float] | None = None
) -> float:
    """The review's weighted score on ``scale`` (default: the criteria's common scale).

    Every criterion must be scored, within its scale; unknown keys are refused, since a
    score given under a renamed criterion would otherwise count for nothing.
    """
    validate_criteria(criteria)
    low, high = _output_scale(criteria=criteria, scale=scale)
    known = {criterion.key for criterion in criteria}
    unknown = sorted(str(key) for key in scores if key not in known)
    if unknown:
        raise RankingInputError(f"scores for unknown criteria: {', '.join(unknown)}")
    fraction = 0.0
    for criterion in criteria:
        if criterion.key not in scores:
            raise RankingInputError(f"criterion {criterion.key!r} has no score")
        value = scores[criterion.key]
        if not _finite(value):
            raise RankingInputError(f"criterion {criterion.key!r}: score must be a finite number, got {value!r}")
        if not criterion.low <= value <= criterion.high:
            raise RankingInputError(
                f"criterion {criterion.key!r}: score {value!r} is outside its scale "
                f"{criterion.low:g}-{criterion.high:g}"
            )
        fraction += criterion.weight / WEIGHT_TOTAL * (value - criterion.low) / (criterion.high - criterion.low)
    return low + fraction * (high - low)


def _output_scale(*, criteria: Sequence[Criterion], scale: tuple[float, float] | None) -> tuple[float, float]:
    if scale is not None:
        low, high = scale
        if not (_finite(low) and _finite(high)) or low >= high:
            raise RankingInputError(f"scale must run from a lower to a higher number, got {scale!r}")
        return float(low), float(high)
    scales = {(criterion.low, criterion.high) for criterion in criteria}
    if len(scales) != 1:
        raise RankingInputError("the criteria use different scales: pass scale=(low, high) for the weighted score")
    low, high = scales.pop()
    return float(low), float(high)


def _finite(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
