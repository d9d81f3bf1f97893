"""The names files are served under: made by the portal, never the uploader's own file name."""
import re

from applications.documents.validation import DocumentKind

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def download_name(*, reference: str, kind: str) -> str:
    """``<reference>-<kind>.pdf`` in safe characters, e.g. ``2025-1-A00017-cv.pdf``."""
    label = kind if kind in DocumentKind.values else "document"
    return f"{_UNSAFE.sub('-', reference).strip('-') or 'application'}-{_UNSAFE.sub('-', label)}.pdf"
