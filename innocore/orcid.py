"""ORCID iDs: sixteen characters in four groups, the last an ISO 7064 11,2 check digit."""
import re

ORCID_PATTERN = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$")
ORCID_URL_PREFIXES = ("https://orcid.org/", "http://orcid.org/", "orcid.org/")


def orcid_check_digit(base_digits: str) -> str:
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def orcid_normalise(value: str) -> str:
    """`0000-0002-1825-0097` from any common spelling; ValueError saying what is wrong otherwise."""
    text = value.strip().upper()
    for prefix in ORCID_URL_PREFIXES:
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
    match = ORCID_PATTERN.match(text)
    if not match:
        raise ValueError("An ORCID iD has 16 characters in four groups, such as 0000-0002-1825-0097.")
    digits = "".join(match.groups())
    if orcid_check_digit(digits[:15]) != digits[15]:
        raise ValueError("This ORCID iD's last character does not match the others; please check for a typo.")
    return "-".join(match.groups())
