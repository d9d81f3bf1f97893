"""Near the line: the SNSF "modified lottery" for applications a team cannot tell apart.

Each application has a ranking interval on a team's list (best and worst plausible
place, 1-based, e.g. from the spread of its reviews). With ``seats`` places, the line
lies between place ``seats`` and ``seats + 1``:

* interval entirely above the line (worst <= seats): funded;
* entirely below (best > seats): not funded;
* crossing the line: near the line. They share the seats left over by a draw.

The draw. Why not ``numpy.random.Generator`` or ``random.Random``: neither promises the
same stream across library versions for shuffles, and the draw must be reproducible by
anyone holding the published seed and the list of applications, years later, with any
tool. So each near-line application gets the key
``sha256(f"{seed}:{team}:{application}")`` (UTF-8, hex digest) and the draw order is the
ascending order of the keys; the first ``seats_left`` win. The order does not depend on
how the input lists were ordered, and the remaining order is the waitlist among them.
The seed is an integer chosen at random (:func:`new_seed`) and recorded before the
draw; changing it changes the keys of everyone.

To check a draw by hand::

    printf '%s' '1234:T1:A7' | sha256sum
"""

import hashlib
import secrets
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from selection.match.errors import MatchInputError


@dataclass(frozen=True)
class LineSplit:
    funded: tuple  # intervals entirely above the line, in input order
    near: tuple  # intervals crossing the line, in input order
    below: tuple
    seats_left: int  # seats for the near-line applications


@dataclass(frozen=True)
class Draw:
    team: Hashable
    seed: int
    seats: int
    order: tuple  # every near-line application, in draw order (winners first)
    keys: tuple  # the hex key of each, same order, for the record


def new_seed() -> int:
    """A fresh random seed (63 bits), to be recorded before the draw."""
    return secrets.randbits(63)


def split_at_line(*, intervals: Mapping[Hashable, tuple[int, int]], seats: int) -> LineSplit:
    """Sort a team's applications into funded / near the line / below by their intervals."""
    if seats < 0:
        raise MatchInputError(f"seats must be >= 0, got {seats}")
    funded, near, below = [], [], []
    for application, (best, worst) in intervals.items():
        if not 1 <= best <= worst:
            raise MatchInputError(f"application {application} has an invalid ranking interval ({best}, {worst})")
        if worst <= seats:
            funded.append(application)
        elif best > seats:
            below.append(application)
        else:
            near.append(application)
    if len(funded) > seats:
        raise MatchInputError(f"{len(funded)} applications are certainly above a line of {seats} seats")
    return LineSplit(funded=tuple(funded), near=tuple(near), below=tuple(below), seats_left=seats - len(funded))


def lottery_key(*, seed: int, team: Hashable, application: Hashable) -> str:
    return hashlib.sha256(f"{seed}:{team}:{application}".encode()).hexdigest()


def draw(*, team: Hashable, near: Sequence[Hashable], seats: int, seed: int) -> Draw:
    """Draw which of ``near`` get the ``seats`` left, reproducibly from ``seed``."""
    if seats < 0:
        raise MatchInputError(f"team {team}: seats must be >= 0, got {seats}")
    if len(set(near)) != len(near):
        raise MatchInputError(f"team {team}: an application is near the line twice")
    keyed = sorted(
        (lottery_key(seed=seed, team=team, application=application), str(application), application)
        for application in near
    )
    return Draw(
        team=team,
        seed=seed,
        seats=min(seats, len(keyed)),
        order=tuple(item[2] for item in keyed),
        keys=tuple(item[0] for item in keyed),
    )


def draw_all(
    *, near: Mapping[Hashable, Sequence[Hashable]], seats: Mapping[Hashable, int], seed: int
) -> dict[Hashable, Draw]:
    """One draw per team, all from the same recorded seed (the team name is in every key)."""
    return {
        team: draw(team=team, near=applications, seats=seats[team], seed=seed) for team, applications in near.items()
    }


def apply_draw(*, ranking: Sequence[Hashable], draw: Draw) -> list:
    """The team's ranking with its near-line applications put in draw order, in the
    places they occupied, so that the match then decides by the lottery."""
    drawn = set(draw.order)
    missing = drawn.difference(ranking)
    if missing:
        raise MatchInputError(f"team {draw.team}: drawn application {min(map(str, missing))} is not on its ranking")
    replacement = iter(draw.order)
    return [next(replacement) if application in drawn else application for application in ranking]
