"""Small text rules used all over the portal, each written once.

* ``split_list``: a comma-separated field (keywords, expertise) as a list of its
  non-empty, stripped parts.
* ``folded_words``: the words of a name or title, case- and accent-insensitive
  ("Müller-Lüdenscheidt" and "MULLER ludenscheidt" give the same words); Hangul is kept.
* ``person_name_key``: a person's name in any order and case, for matching.
* ``reads_korean`` / ``bilingual``: the text to show a reader, Korean when the active
  language is Korean and a Korean text exists, else English (models keep both).
"""
import unicodedata

from django.utils.translation import get_language


def split_list(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def reads_korean(language: str | None = None) -> bool:
    """Whether ``language`` (by default the active one) is Korean."""
    return (language if language is not None else (get_language() or "")).startswith("ko")


def bilingual(english: str, korean: str, language: str | None = None) -> str:
    """The Korean text for a Korean reader when there is one, else the English."""
    return korean if reads_korean(language) and (korean or "").strip() else english


def folded_words(text: str | None) -> list[str]:
    """Lower-cased words with accents dropped; punctuation separates words."""
    folded = unicodedata.normalize("NFKD", (text or "").casefold())
    folded = "".join(ch if ch.isalnum() else " " for ch in folded if not unicodedata.combining(ch))
    # NFKD splits Hangul syllables into jamo; put them back together.
    return unicodedata.normalize("NFC", folded).split()


def person_name_key(*parts: str) -> str:
    """Order-, case-, accent- and punctuation-insensitive: "Kim Min-jun" matches "min jun KIM" and "José Núñez"
    matches "NUNEZ jose" (a hyphen separates, as a space does)."""
    return " ".join(sorted(folded_words(" ".join(parts))))
