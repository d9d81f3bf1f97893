"""Automatic conflicts of interest, found in bulk from plain data (no ORM).

Sources (``selection.models.ConflictOfInterestSource`` values):

* ``same_institution``: the applicant's current institution is the reviewer's;
* ``same_phd_institution``: both took their PhD at the same place at most N years apart
  (only when both years are known);
* ``advisor``: the applicant's PhD advisor is the reviewer (full name, any order; or
  surname plus initial when the dossier gives only initials);
* ``coauthor``: the reviewer appears in one of the applicant's publications, by ORCID
  iD or by surname plus first initial next to it.

Institution names are compared lightly normalised: case, accents, punctuation, "the",
word order and "univ."/"inst." abbreviations are ignored ("The University of Tokyo" =
"Tokyo University"), and a one-word name matches the initials of a longer one ("KAIST"
= "Korea Advanced Institute of Science and Technology"). Matching errs towards finding
a conflict: staff see every conflict with its source, and a false one only removes a pair.

Every lookup goes through dictionaries built once, so the work grows with the number of
applications and reviewers, not with their product.
"""
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from innocore.orcid import orcid_normalise
from innocore.text import folded_words

SAME_INSTITUTION = "same_institution"
SAME_PHD_INSTITUTION = "same_phd_institution"
ADVISOR = "advisor"
COAUTHOR = "coauthor"

STOP_WORDS = frozenset({"the", "of", "and", "at", "for", "in", "de", "la", "du", "der", "und"})
ABBREVIATIONS = {"univ": "university", "uni": "university", "inst": "institute", "tech": "technology",
                 "natl": "national", "nat": "national", "dept": "department", "coll": "college"}
TITLES = frozenset({"prof", "professor", "dr", "mr", "mrs", "ms", "sir", "phd"})
ORCID_PATTERN = re.compile(r"\b(\d{4}-\d{4}-\d{4}-\d{3}[\dX])\b", re.IGNORECASE)
MIN_ACRONYM = 3


@dataclass(frozen=True)
class ApplicantTies:
    """Where an applicant works and studied, who advised them and what they published: what may tie them to a
    reviewer."""

    key: int
    current_institution: str = ""
    phd_institution: str = ""
    phd_year: int | None = None
    advisor: str = ""
    citations: Sequence[str] = ()


@dataclass(frozen=True)
class ReviewerTies:
    """A reviewer's name, institutions and ORCID iD: what may tie them to an applicant."""

    key: int
    given_name: str = ""
    family_name: str = ""
    institution: str = ""
    phd_institution: str = ""
    phd_year: int | None = None
    orcid: str = ""


@dataclass(frozen=True)
class FoundConflictOfInterest:
    application: int
    reviewer: int
    source: str
    detail: str


def words(text: str) -> list[str]:
    """Lower-case words of ``text``, accents and punctuation dropped, "&" read as "and"."""
    return folded_words((text or "").replace("&", " and "))


def institution_keys(name: str) -> set[str]:
    """Keys under which an institution name is filed; two names match when their keys meet."""
    tokens = [ABBREVIATIONS.get(token, token) for token in words(name)]
    significant = [token for token in tokens if token not in STOP_WORDS]
    if not significant:
        return set()
    keys = {"name:" + " ".join(sorted(set(significant)))}
    if len(significant) == 1 and len(significant[0]) >= MIN_ACRONYM:
        keys.add("short:" + significant[0])
    elif len(significant) >= MIN_ACRONYM:
        keys.add("initials:" + "".join(token[0] for token in significant))
    return keys


def _matching_keys(keys: set[str]) -> set[str]:
    """The keys of the other name that would match: a short name meets initials and back."""
    matches = {key for key in keys if key.startswith("name:")}
    for key in keys:
        if key.startswith("short:"):
            matches.add("initials:" + key.removeprefix("short:"))
        elif key.startswith("initials:"):
            matches.add("short:" + key.removeprefix("initials:"))
    return matches


def name_key(name: str) -> tuple[str, ...]:
    """A person's name as sorted words, titles dropped, so that word order does not matter."""
    return tuple(sorted(token for token in words(name) if token not in TITLES))


def normalise_orcid(value: str) -> str:
    """The iD in its standard spelling, or "" when it is not a valid ORCID iD."""
    try:
        return orcid_normalise(value or "")
    except ValueError:
        return ""


@dataclass
class _ReviewerIndex:
    institution: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    phd_institution: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    full_name: dict[tuple[str, ...], set[int]] = field(default_factory=lambda: defaultdict(set))
    surname: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    orcid: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))


def _index(reviewers: Iterable[ReviewerTies]) -> tuple[_ReviewerIndex, dict[int, ReviewerTies]]:
    index, by_key = _ReviewerIndex(), {}
    for reviewer in reviewers:
        by_key[reviewer.key] = reviewer
        for key in institution_keys(reviewer.institution):
            index.institution[key].add(reviewer.key)
        for key in institution_keys(reviewer.phd_institution):
            index.phd_institution[key].add(reviewer.key)
        full = name_key(f"{reviewer.given_name} {reviewer.family_name}")
        if len(full) >= 2:
            index.full_name[full].add(reviewer.key)
        for surname in set(words(reviewer.family_name)):
            if len(surname) >= 2:
                index.surname[surname].add(reviewer.key)
        orcid = normalise_orcid(reviewer.orcid)
        if orcid:
            index.orcid[orcid].add(reviewer.key)
    return index, by_key


def _initials(reviewer: ReviewerTies) -> set[str]:
    """First letters of the given name: "Jae-hyun" gives {"j", "jh"}; "Ada" gives {"a"}."""
    parts = words(reviewer.given_name)
    return {parts[0][0], "".join(part[0] for part in parts)} if parts else set()


def _named_with_initial(tokens: list[str], *, index: _ReviewerIndex, by_key: dict[int, ReviewerTies]) -> set[int]:
    """Reviewers whose surname occurs in ``tokens`` with their initial or given name next to it."""
    found: set[int] = set()
    for position, token in enumerate(tokens):
        for reviewer_key in index.surname.get(token, ()):
            reviewer = by_key[reviewer_key]
            initials = _initials(reviewer)
            given = set(words(reviewer.given_name))
            beside = tokens[max(0, position - 1) : position] + tokens[position + 1 : position + 2]
            near = tokens[max(0, position - 2) : position] + tokens[position + 1 : position + 3]
            if any(word in initials for word in beside) or any(word in given for word in near):
                found.add(reviewer_key)
    return found


def detect_conflicts_of_interest(
    *, applications: Iterable[ApplicantTies], reviewers: Iterable[ReviewerTies], phd_years: int = 5
) -> list[FoundConflictOfInterest]:
    """Every automatic conflict between the applications and the reviewers, once per source."""
    index, by_key = _index(reviewers)
    found: dict[tuple[int, int, str], str] = {}

    def add(application: ApplicantTies, reviewer_keys: Iterable[int], source: str, detail: str) -> None:
        for reviewer_key in reviewer_keys:
            found.setdefault((application.key, reviewer_key, source), detail)

    for application in applications:
        for key in _matching_keys(institution_keys(application.current_institution)):
            add(application, index.institution.get(key, ()), SAME_INSTITUTION,
                f"current institution: {application.current_institution}")
        if application.phd_year is not None:
            for key in _matching_keys(institution_keys(application.phd_institution)):
                close = [
                    r for r in index.phd_institution.get(key, ())
                    if by_key[r].phd_year is not None and abs(by_key[r].phd_year - application.phd_year) <= phd_years
                ]
                add(application, close, SAME_PHD_INSTITUTION,
                    f"PhD at {application.phd_institution} ({application.phd_year}), within {phd_years} years")
        if application.advisor.strip():
            advisor = name_key(application.advisor)
            matched = set(index.full_name.get(advisor, ()))
            if any(len(token) == 1 for token in advisor):
                matched |= _named_with_initial(list(advisor), index=index, by_key=by_key)
            add(application, matched, ADVISOR, f"PhD advisor: {application.advisor}")
        for citation in application.citations:
            for orcid in ORCID_PATTERN.findall(citation):
                add(application, index.orcid.get(normalise_orcid(orcid), ()), COAUTHOR,
                    f"ORCID {normalise_orcid(orcid)} in: {citation[:200]}")
            add(application, _named_with_initial(words(citation), index=index, by_key=by_key), COAUTHOR,
                f"named in: {citation[:200]}")
    return [
        FoundConflictOfInterest(application=application, reviewer=reviewer, source=source, detail=detail)
        for (application, reviewer, source), detail in sorted(found.items())
    ]
