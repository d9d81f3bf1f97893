"""The call's total: how a call-wide quota smaller than the teams' capacities is kept.

Stability is defined against team capacities: a team with a free seat must not be
wanted by anyone it ranks. A call-wide cap on top of that has no agreed notion of
stability (whose seat is "free" when the call is full?), and trimming a finished
match would make it unstable. So the total is turned into team capacities first and
the match is stable, and applicant-optimal, against those:

1. Match with the teams' own capacities. If no more than ``total`` applicants are
   matched, the total does not bind and that matching stands unchanged.
2. Otherwise share ``total`` among the teams in proportion to how many each filled in
   step 1 (largest remainders, Hamilton's method; equal remainders go to the team
   listed first), never more than a team filled, and match again with those reduced
   capacities.

Step 2 fills exactly ``total`` seats: lowering capacities only adds rejections, so each
team receives at least the proposals it received in step 1, of which it admitted
``fill >= reduced capacity``. The reduced capacities are part of the result and are
what the explanations and the waitlist use ("full" means full at the reduced quota).
A call that prefers another split sets the team quotas itself so that they sum to at
most the total; then step 1 already fits.
"""

import numpy as np


def apportion(*, total: int, fill: np.ndarray) -> np.ndarray:
    """Seats per team summing to ``min(total, fill.sum())``, proportional to ``fill``, each <= fill."""
    fill = np.asarray(fill, dtype=np.int64)
    filled = int(fill.sum())
    if total >= filled:
        return fill.copy()
    share = total * fill
    seats = share // filled
    remainder = share % filled
    left = total - int(seats.sum())
    order = np.lexsort((np.arange(fill.size), -remainder))
    seats[order[:left]] += 1
    return seats
