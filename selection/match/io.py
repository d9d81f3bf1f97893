"""Instance files (JSON) in, result files (JSON) out, for the command line.

Instance::

    {"applicants": {"A1": ["T2", "T1"], ...},
     "teams": {"T1": {"capacity": 50, "ranking": ["A7", "A1", ...]}, ...},
     "total": 400}

``applicants``: every applicant and the teams they listed, best first (an empty list
is allowed: the applicant stays unmatched). ``teams``: every team, its capacity (an
integer >= 0) and its ranking, best first. ``total`` (optional, integer >= 0 or null):
the call's quota, see :mod:`selection.match.quota`. Any other top-level key is refused
(a misspelt ``"total"`` must not pass silently). Names are strings.

Refused with one line each (:class:`MatchInputError`): not JSON, a key given twice
(duplicate applicant, duplicate team, or a team's field twice), wrong types, unknown
teams or applicants, a name listed twice in one list, negative capacity or total. A
team ranking an applicant missing from ``applicants`` is refused too (see
:mod:`selection.match.market`).

Result::

    {"matching": {"T1": ["A7", ...], ...}, "unmatched": ["A9", ...], "seconds": 0.01}

with every team in input order (members in team-rank order), the unmatched in input
order, and ``seconds`` the wall time from reading the file to the finished result.
When the total bound, ``"capacities"`` (the reduced team capacities) is added; with
``--explain``, ``"explanations"``: applicant -> one English sentence.
"""

import gc
import json
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from selection.match.errors import MatchInputError
from selection.match.market import Market, build_market
from selection.match.solve import MatchResult

TOP_LEVEL = ("applicants", "teams", "total")


class _Duplicated(dict):
    """A JSON object in which ``key`` appeared more than once."""

    key: str


def _object(pairs: list) -> dict:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    seen = set()
    for key, _ in pairs:
        if key in seen:
            break
        seen.add(key)
    duplicated = _Duplicated(result)
    duplicated.key = key
    return duplicated


@dataclass(frozen=True)
class Instance:
    market: Market
    total: int | None


def read_instance(*, path: Path) -> Instance:
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        raise MatchInputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise MatchInputError(f"{path} is a directory, not a JSON file") from None
    except OSError as error:
        raise MatchInputError(f"cannot read {path}: {error.strerror}") from None
    return parse_instance(text=text, source=str(path))


@contextmanager
def _collector_paused():
    """Parsing 126,000 applicants makes 126,000 lists, and the cyclic garbage collector
    would rescan them all again and again (a third of the parse time); nothing here
    makes reference cycles, so it rests until the instance is built."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_instance(*, text: bytes | str, source: str = "input") -> Instance:
    with _collector_paused():
        return _parse(text=text, source=source)


def _parse(*, text: bytes | str, source: str) -> Instance:
    try:
        document = json.loads(text, object_pairs_hook=_object)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise MatchInputError(f"{source} is not JSON ({error})") from None
    except RecursionError:
        raise MatchInputError(f"{source} is nested too deeply to be an instance") from None
    if not isinstance(document, dict):
        raise MatchInputError(f"{source} must hold a JSON object with 'applicants' and 'teams'")
    _no_duplicate(value=document, what="top-level key")
    unknown = [key for key in document if key not in TOP_LEVEL]
    if unknown:
        raise MatchInputError(f"unknown top-level key '{unknown[0]}' (expected applicants, teams and optionally total)")
    for key in ("applicants", "teams"):
        if key not in document:
            raise MatchInputError(f"{source} has no '{key}'")
        if not isinstance(document[key], dict):
            raise MatchInputError(f"'{key}' must be an object, got {_type(document[key])}")
    applicants, teams = document["applicants"], document["teams"]
    _no_duplicate(value=applicants, what="applicant")
    _no_duplicate(value=teams, what="team")
    if not set(map(type, applicants.values())) <= {list}:  # one C-level pass; the loop only to name the culprit
        for name, choices in applicants.items():
            if not isinstance(choices, list):
                raise MatchInputError(f"applicant {name}: the teams must be a list, got {_type(choices)}")
    for name, spec in teams.items():
        _check_team(name=name, spec=spec)
    total = document.get("total")
    if total is not None and not _is_integer(total):
        raise MatchInputError(f"'total' must be an integer or null, got {_type(total)}")
    try:
        market = build_market(applicants=applicants, teams=teams)
    except MatchInputError:
        _check_names(applicants=applicants, teams=teams)  # a non-string name reads as "unknown": say what it is
        raise
    return Instance(market=market, total=total)


def _check_team(*, name: str, spec) -> None:
    if not isinstance(spec, dict):
        raise MatchInputError(f"team {name} must be an object with 'capacity' and 'ranking', got {_type(spec)}")
    _no_duplicate(value=spec, what=f"field of team {name}:")
    for key in ("capacity", "ranking"):
        if key not in spec:
            raise MatchInputError(f"team {name} has no '{key}'")
    extra = [key for key in spec if key not in ("capacity", "ranking")]
    if extra:
        raise MatchInputError(f"team {name} has an unknown field '{extra[0]}'")
    if not _is_integer(spec["capacity"]):
        raise MatchInputError(f"team {name}: capacity must be an integer, got {_type(spec['capacity'])}")
    if not isinstance(spec["ranking"], list):
        raise MatchInputError(f"team {name}: ranking must be a list, got {_type(spec['ranking'])}")


def _check_names(*, applicants: dict, teams: dict) -> None:
    """Names inside lists must be strings. Only run once the market refused a name: a
    number or a list is never a known name, so the happy path needs no type check."""
    for owner, items, kind in _lists(applicants=applicants, teams=teams):
        if not all(type(item) is str for item in items):
            bad = next(item for item in items if type(item) is not str)
            raise MatchInputError(f"{owner}: {kind} must be names (strings), got {_type(bad)} {json.dumps(bad)}")


def _lists(*, applicants: dict, teams: dict):
    for name, choices in applicants.items():
        yield f"applicant {name}", choices, "the teams"
    for name, spec in teams.items():
        yield f"team {name}", spec["ranking"], "the ranking"


def _no_duplicate(*, value: dict, what: str) -> None:
    if isinstance(value, _Duplicated):
        raise MatchInputError(f"duplicate {what} {value.key}")


def _is_integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _type(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )


def result_document(*, result: MatchResult, seconds: float, explain: bool = False) -> dict:
    document = {"matching": result.matching, "unmatched": result.unmatched, "seconds": seconds}
    if result.total_binding:
        document["capacities"] = result.capacities
    if explain:
        document["explanations"] = {name: item.sentence() for name, item in result.explanations().items()}
    return document


def write_result(*, path: Path, document: dict) -> None:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
