"""Blind review: the applicant's own name masked in free text (citations' author lists, research texts).

Pure (no ORM). Only the applicant's name is masked, in the forms a citation writes it:
"Ada Lovelace", "Lovelace Ada" / "LovelaceAda" (family name first, as in Korean), "Lovelace, Ada",
"A. Lovelace", "Lovelace, A."; any case, whole words only. Co-authors' names stay.
"""
import re

MASK = "[applicant]"


def _words(name: str) -> str:
    """The name as a pattern: its words separated by any whitespace."""
    return r"\s+".join(re.escape(word) for word in name.split())


def name_pattern(*, given: str, family: str) -> re.Pattern | None:
    """A pattern matching the applicant's name in a citation, or None when the application names nobody."""
    given, family = given.strip(), family.strip()
    if not given or not family:
        only = given or family
        return re.compile(rf"(?<!\w){_words(only)}(?!\w)", re.IGNORECASE) if len(only) > 1 else None
    g, f, initial = _words(given), _words(family), re.escape(given[0])
    forms = (rf"{g}\s+{f}", rf"{f},?\s*{g}", rf"{initial}\.\s*{f}", rf"{initial}\s+{f}", rf"{f},?\s+{initial}\.?")
    return re.compile(r"(?<!\w)(?:" + "|".join(forms) + r")(?!\w)", re.IGNORECASE)


def name_mask(text: str, *, given: str, family: str) -> str:
    """``text`` with every occurrence of the applicant's name replaced by "[applicant]"."""
    pattern = name_pattern(given=given, family=family)
    return pattern.sub(MASK, text) if pattern and text else text
