"""The match of applicants to teams, free of Django: plain data in, plain data out.

Applicant-proposing deferred acceptance with capacities (the residency-match
algorithm): no team over its capacity, the call's total respected, stable, and the
best stable outcome for every applicant.

Entry points:

* :func:`build_market` (``market.py``): validate names, lists and capacities once.
* :func:`solve` (``solve.py``) -> :class:`MatchResult`: ``.matching``, ``.unmatched``,
  ``.capacities``, ``.explain(applicant)``; the call's total is handled in ``quota.py``.
* :func:`apply_decline` (``waitlist.py``): a declined or lapsed seat moves down the
  vacancy chain; returns the new assignment and the moves.
* ``lottery.py``: near-the-line split and the seeded, reproducible draw.
* :func:`blocking_pairs` and friends (``stability.py``): check any matching.
* ``python -m selection.match solve FILE.json --out OUT.json`` (``__main__.py``,
  formats in ``io.py``).
"""

from typing import TYPE_CHECKING

from selection.lazy_names import lazy_getattr
from selection.match.errors import MatchInputError

# NumPy is imported when a name is first used, not when the package is: a web process that never
# runs a match (most never do) stays without NumPy's ~40 MB (PEP 562 module ``__getattr__``).
_EXPORTS = {
    "Explanation": "explain", "Refusal": "explain", "RefusalReason": "explain",
    "Draw": "lottery", "LineSplit": "lottery", "apply_draw": "lottery", "draw": "lottery",
    "draw_all": "lottery", "new_seed": "lottery", "split_at_line": "lottery",
    "Market": "market", "build_market": "market",
    "MatchResult": "solve", "solve": "solve",
    "blocking_pairs": "stability", "over_capacity": "stability", "unacceptable_pairs": "stability",
    "DeclineOutcome": "waitlist", "Move": "waitlist", "apply_decline": "waitlist",
}

if TYPE_CHECKING:
    from selection.match.explain import Explanation, Refusal, RefusalReason
    from selection.match.lottery import Draw, LineSplit, apply_draw, draw, draw_all, new_seed, split_at_line
    from selection.match.market import Market, build_market
    from selection.match.solve import MatchResult, solve
    from selection.match.stability import blocking_pairs, over_capacity, unacceptable_pairs
    from selection.match.waitlist import DeclineOutcome, Move, apply_decline


__all__ = [
    "DeclineOutcome",
    "Draw",
    "Explanation",
    "LineSplit",
    "Market",
    "MatchInputError",
    "MatchResult",
    "Move",
    "Refusal",
    "RefusalReason",
    "apply_decline",
    "apply_draw",
    "blocking_pairs",
    "build_market",
    "draw",
    "draw_all",
    "new_seed",
    "over_capacity",
    "solve",
    "split_at_line",
    "unacceptable_pairs",
]


__getattr__ = lazy_getattr(package=__name__, namespace=globals(), modules=_EXPORTS)
