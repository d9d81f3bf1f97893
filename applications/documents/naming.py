"""The names files are served under: made by the portal, never the uploader's own file name."""
import re

from applications.documents.validation import DocumentKind

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _safe_reference(reference: str) -> str:
    return _UNSAFE.sub("-", reference).strip("-") or "application"


def download_name(*, reference: str, kind: str) -> str:
    """``<reference>-<kind>.pdf`` in safe characters, e.g. ``2025-1-A00017-cv.pdf``."""
    label = kind if kind in DocumentKind.values else "document"
    return f"{_safe_reference(reference)}-{_UNSAFE.sub('-', label)}.pdf"


def letter_download_name(*, reference: str, number: int) -> str:
    """``<reference>-letter-<n>.pdf``: the n-th referee of the application, counted from 1."""
    return f"{_safe_reference(reference)}-letter-{max(int(number), 1)}.pdf"
