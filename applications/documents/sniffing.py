"""Cheap checks on the raw bytes of an upload, before any PDF parser sees them.

The PDF header must be at offset 0. Readers such as Acrobat tolerate up to 1024 bytes
of leading junk, but no PDF producer writes any: a prefix means the file was wrapped
(MIME headers, MacBinary) or deliberately made a polyglot (an HTML page, ZIP or JAR
that is also a PDF). Refusing it costs honest applicants one re-export and keeps those
files out of the reviewers' hands; pypdf's strict mode refuses them as well.
"""
import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PDF_HEADER = b"%PDF-"
EOF_MARKER = b"%%EOF"
LEADING_JUNK_WINDOW = 1024

ENCRYPT_ENTRY = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")
PADDING = b" \t\r\n\x00\x0c"
PDF_SYNTAX_AFTER_EOF = re.compile(rb"\b(?:obj|endobj|stream|endstream|xref|trailer|startxref)\b")

FILE_SIGNATURES: tuple[tuple[bytes, Promise], ...] = (
    (b"MZ", _("a Windows program (.exe)")),
    (b"\x7fELF", _("a program (executable)")),
    (b"\xcf\xfa\xed\xfe", _("a program (executable)")),
    (b"\xca\xfe\xba\xbe", _("a program (executable)")),
    (b"#!", _("a script")),
    (b"PK\x03\x04", _("a ZIP archive or an Office document (.docx, .xlsx, .pptx, .odt)")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", _("an older Office document (.doc, .xls, .ppt)")),
    (b"{\\rtf", _("an RTF document")),
    (b"\x89PNG\r\n\x1a\n", _("a PNG image")),
    (b"\xff\xd8\xff", _("a JPEG image")),
    (b"GIF87a", _("a GIF image")),
    (b"GIF89a", _("a GIF image")),
    (b"II*\x00", _("a TIFF image")),
    (b"MM\x00*", _("a TIFF image")),
    (b"%!PS", _("a PostScript file")),
    (b"Rar!\x1a\x07", _("a RAR archive")),
    (b"7z\xbc\xaf\x27\x1c", _("a 7-Zip archive")),
    (b"\x1f\x8b", _("a gzip archive")),
)
HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)


@dataclass(frozen=True)
class HeaderFinding:
    """What the first bytes say: a PDF, a PDF behind leading junk, or something else."""

    is_pdf: bool
    leading_junk: int | None = None
    looks_like: Promise | None = None


@dataclass(frozen=True)
class EndFinding:
    """What the last bytes say about how the file ends."""

    truncated: bool
    trailing_bytes: int


def inspect_header(*, data: bytes) -> HeaderFinding:
    if data.startswith(PDF_HEADER):
        return HeaderFinding(is_pdf=True)
    offset = data.find(PDF_HEADER, 0, LEADING_JUNK_WINDOW + len(PDF_HEADER))
    if offset > 0:
        return HeaderFinding(is_pdf=False, leading_junk=offset)
    return HeaderFinding(is_pdf=False, looks_like=identify_file_type(head=data[:64]))


def identify_file_type(*, head: bytes) -> Promise | None:
    """A short description of a well-known non-PDF format, or None when it is not cheaply recognisable."""
    for signature, description in FILE_SIGNATURES:
        if head.startswith(signature):
            return description
    if HTML_START.match(head):
        return _("a web page (HTML)")
    return None


def inspect_end(*, data: bytes) -> EndFinding:
    """Decide whether the file was cut off, and how much non-blank data follows its last %%EOF.

    No %%EOF at all means the end is missing. PDF syntax after the last %%EOF means an
    incremental update (a later revision appended to the file) was cut off part-way.
    Anything else after the marker is inert trailing data, which the caller judges by size.
    """
    position = data.rfind(EOF_MARKER)
    if position < 0:
        return EndFinding(truncated=True, trailing_bytes=0)
    tail = data[position + len(EOF_MARKER):]
    if not tail.strip(PADDING):
        return EndFinding(truncated=False, trailing_bytes=0)
    if PDF_SYNTAX_AFTER_EOF.search(tail):
        return EndFinding(truncated=True, trailing_bytes=len(tail))
    return EndFinding(truncated=False, trailing_bytes=len(tail))
