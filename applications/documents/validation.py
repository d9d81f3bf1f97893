"""Check an uploaded PDF by its content, never by its name or the browser's content type.

Checks run cheapest first and a refusal names its reason (a stable code for programs,
a translated sentence for the applicant):

1. size: empty files and files over the cap are refused before any parsing;
2. header: ``%PDF-`` at offset 0 (see ``sniffing`` for why leading junk is refused);
3. ending: no ``%%EOF``, or a later revision cut off after one, is ``truncated``.
   Anything but blank or NUL padding after the last ``%%EOF`` is ``trailing_data``: a PDF
   with another file glued to its end (an HTML page, a ZIP archive) is no longer just a
   PDF, and a browser or unpacker may open it as that other file. Only the last ``%%EOF``
   counts, as every incremental update (a later revision) ends with one of its own;
4. pypdf in strict mode: anything it cannot read is ``broken``;
5. encryption, even with an empty user password, is ``encrypted``;
6. pages: none is ``empty``, more than the cap is ``too_many_pages``;
7. active content: ``javascript`` and ``embedded_files``; a file too large to scan
   within the work budget is ``too_complex``.

Checks 1-5 stop at the first refusal; the remaining ones are all reported together.
No exception escapes for any input: an unexpected failure while parsing is ``broken``.
"""
import hashlib
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from io import BytesIO
from typing import BinaryIO

from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader

from applications.documents import sniffing
from applications.documents.pdf_structure import claimed_page_count, count_pages, scan_active_content

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
READ_CHUNK_BYTES = 64 * 1024
MEGABYTE = 1024 * 1024
KILOBYTE = 1024


class DocumentKind(models.TextChoices):
    CV = "cv", _("CV")
    RESEARCH_PLAN = "research_plan", _("Research plan")
    PUBLICATION_LIST = "publication_list", _("Publication list")


DEFAULT_MAX_PAGES: Mapping[str, int] = {
    DocumentKind.CV: 10,
    DocumentKind.RESEARCH_PLAN: 15,
    DocumentKind.PUBLICATION_LIST: 30,
}


class PdfProblemCode(StrEnum):
    TOO_LARGE = "too_large"
    EMPTY = "empty"
    NOT_A_PDF = "not_a_pdf"
    TRUNCATED = "truncated"
    TRAILING_DATA = "trailing_data"
    BROKEN = "broken"
    ENCRYPTED = "encrypted"
    TOO_MANY_PAGES = "too_many_pages"
    JAVASCRIPT = "javascript"
    EMBEDDED_FILES = "embedded_files"
    TOO_COMPLEX = "too_complex"


@dataclass(frozen=True)
class PdfProblem:
    code: PdfProblemCode
    message: str


@dataclass(frozen=True)
class PdfCheck:
    """The verdict on one file.

    size is set whenever it is known, sha256 whenever the file was within the size cap, and
    pages whenever the page tree was counted exactly (so always when ok is True).
    """

    ok: bool
    problems: list[PdfProblem] = field(default_factory=list)
    pages: int | None = None
    sha256: str | None = None
    size: int | None = None

    @property
    def codes(self) -> list[str]:
        return [problem.code for problem in self.problems]


def pdf_check(*, data: bytes, kind: str, max_bytes: int = DEFAULT_MAX_BYTES, max_pages: int | None = None) -> PdfCheck:
    """Check an uploaded file held in memory. Raises ValueError only for a bad kind or limit (a caller's bug)."""
    kind, max_pages = _validated_limits(kind=kind, max_bytes=max_bytes, max_pages=max_pages)
    size = len(data)
    if size > max_bytes:
        return _refused(_too_large(size=size, max_bytes=max_bytes), size=size)
    sha256 = hashlib.sha256(data).hexdigest()
    early = _raw_bytes_problem(data=data)
    if early is not None:
        return _refused(early, size=size, sha256=sha256)
    problems, pages = _parsed_problems(data=data, kind=kind, max_pages=max_pages)
    return PdfCheck(ok=not problems, problems=problems, pages=pages, sha256=sha256, size=size)


def pdf_check_file(
    *, file: BinaryIO, kind: str, max_bytes: int = DEFAULT_MAX_BYTES, max_pages: int | None = None
) -> PdfCheck:
    """Check an uploaded file object (e.g. Django's UploadedFile) without ever holding more than max_bytes + 1 bytes.

    The file is read from its start and rewound afterwards when it can seek, so it can be saved next.
    """
    _validated_limits(kind=kind, max_bytes=max_bytes, max_pages=max_pages)
    declared_size = _declared_size(file=file)
    if declared_size is not None and declared_size > max_bytes:
        return _refused(_too_large(size=declared_size, max_bytes=max_bytes), size=declared_size)
    data = _read_at_most(file=file, limit=max_bytes + 1)
    if len(data) > max_bytes:
        message = gettext("The file is larger than the limit of %(limit)s.") % {"limit": human_size(size=max_bytes)}
        return _refused(PdfProblem(PdfProblemCode.TOO_LARGE, message))
    return pdf_check(data=data, kind=kind, max_bytes=max_bytes, max_pages=max_pages)


def safe_storage_name() -> str:
    """A random file name for storage outside the web root; the applicant's file name is never used on disk."""
    return secrets.token_hex(16) + ".pdf"


def human_size(*, size: int) -> str:
    """A size as people write it: "12.4 MB", "300 KB", "12 bytes" (binary units, one decimal at most)."""
    if size >= MEGABYTE:
        return gettext("%(size)s MB") % {"size": _one_decimal(size / MEGABYTE)}
    if size >= KILOBYTE:
        return gettext("%(size)s KB") % {"size": _one_decimal(size / KILOBYTE)}
    return _byte_count(size=size)


def _byte_count(*, size: int) -> str:
    return ngettext("%(size)d byte", "%(size)d bytes", size) % {"size": size}


def _one_decimal(value: float) -> str:
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def _validated_limits(*, kind: str, max_bytes: int, max_pages: int | None) -> tuple[DocumentKind, int]:
    kind = DocumentKind(kind)
    max_pages = DEFAULT_MAX_PAGES[kind] if max_pages is None else max_pages
    if max_bytes < 1 or max_pages < 1:
        raise ValueError("max_bytes and max_pages must be at least 1")
    return kind, max_pages


def _refused(problem: PdfProblem, *, size: int | None = None, sha256: str | None = None) -> PdfCheck:
    return PdfCheck(ok=False, problems=[problem], size=size, sha256=sha256)


def _too_large(*, size: int, max_bytes: int) -> PdfProblem:
    size_text, limit_text = human_size(size=size), human_size(size=max_bytes)
    if size_text == limit_text:
        size_text, limit_text = _byte_count(size=size), _byte_count(size=max_bytes)
    message = gettext("The file is %(size)s; the limit is %(limit)s.") % {"size": size_text, "limit": limit_text}
    return PdfProblem(PdfProblemCode.TOO_LARGE, message)


def _raw_bytes_problem(*, data: bytes) -> PdfProblem | None:
    if not data:
        return PdfProblem(PdfProblemCode.EMPTY, gettext("The file is empty."))
    header = sniffing.inspect_header(data=data)
    if header.leading_junk is not None:
        message = gettext(
            "The file is not a valid PDF: %(count)d bytes come before the PDF header. "
            "Save or export the document as PDF again and upload that file."
        ) % {"count": header.leading_junk}
        return PdfProblem(PdfProblemCode.NOT_A_PDF, message)
    if not header.is_pdf:
        if header.looks_like is not None:
            message = gettext("The file is not a PDF; it looks like %(type)s. Please upload a PDF.") % {
                "type": header.looks_like
            }
        else:
            message = gettext("The file is not a PDF. Please upload a PDF.")
        return PdfProblem(PdfProblemCode.NOT_A_PDF, message)
    ending = sniffing.inspect_end(data=data)
    if ending.truncated:
        message = gettext(
            "The file is incomplete: its end is missing, perhaps because a download or copy was interrupted. "
            "Save or export the PDF again and upload it."
        )
        return PdfProblem(PdfProblemCode.TRUNCATED, message)
    if ending.trailing_bytes:
        message = gettext(
            "The file has %(size)s of other data after the end of the PDF. "
            "Save or export the PDF again and upload it."
        ) % {"size": human_size(size=ending.trailing_bytes)}
        return PdfProblem(PdfProblemCode.TRAILING_DATA, message)
    return None


def _parsed_problems(*, data: bytes, kind: DocumentKind, max_pages: int) -> tuple[list[PdfProblem], int | None]:
    try:
        return _parse_and_inspect(data=data, kind=kind, max_pages=max_pages)
    except Exception as error:  # noqa: BLE001 - any parser failure on hostile input is a refusal, not a crash
        logger.info("PDF refused as broken: %s: %s", type(error).__name__, error)
        if _declares_encryption(data=data):
            return [_encrypted()], None
        message = gettext(
            "The PDF is damaged or uses a structure that cannot be read. Save or export it as PDF again and upload it."
        )
        return [PdfProblem(PdfProblemCode.BROKEN, message)], None


def _parse_and_inspect(*, data: bytes, kind: DocumentKind, max_pages: int) -> tuple[list[PdfProblem], int | None]:
    reader = PdfReader(BytesIO(data), strict=True)
    if reader.is_encrypted:
        return [_encrypted()], None
    pages_reference = reader.root_object.get("/Pages")
    pages = count_pages(pages_root=pages_reference, stop_after=max_pages)
    problems = []
    if pages == 0:
        problems.append(PdfProblem(PdfProblemCode.EMPTY, gettext("The PDF has no pages.")))
    elif pages > max_pages:
        claimed = claimed_page_count(pages_root=pages_reference.get_object())
        pages = claimed if claimed is not None and claimed >= pages else None
        problems.append(_too_many_pages(pages=pages, max_pages=max_pages, kind=kind))
    scan = scan_active_content(root=reader.trailer.get("/Root"))
    if scan.javascript:
        message = gettext(
            "The PDF contains JavaScript. Save it again without scripts (for example by printing it to PDF)."
        )
        problems.append(PdfProblem(PdfProblemCode.JAVASCRIPT, message))
    if scan.embedded_files:
        message = gettext("The PDF contains attached files. Remove the attachments and upload it again.")
        problems.append(PdfProblem(PdfProblemCode.EMBEDDED_FILES, message))
    if not scan.complete and not problems:
        message = gettext(
            "The PDF is too complex to be checked. Save it again as a simpler PDF (for example by printing it to PDF)."
        )
        problems.append(PdfProblem(PdfProblemCode.TOO_COMPLEX, message))
    return problems, pages


def _too_many_pages(*, pages: int | None, max_pages: int, kind: DocumentKind) -> PdfProblem:
    """pages is None when the page tree was only counted up to the limit and its /Count is not credible."""
    values = {"pages": pages, "limit": max_pages, "kind": kind.label}
    if pages is None:
        message = ngettext(
            "The file has more than %(limit)d page; at most %(limit)d page is allowed for “%(kind)s”.",
            "The file has more than %(limit)d pages; at most %(limit)d pages are allowed for “%(kind)s”.",
            max_pages,
        ) % values
    else:
        message = ngettext(
            "The file has %(pages)d pages; at most %(limit)d page is allowed for “%(kind)s”.",
            "The file has %(pages)d pages; at most %(limit)d pages are allowed for “%(kind)s”.",
            max_pages,
        ) % values
    return PdfProblem(PdfProblemCode.TOO_MANY_PAGES, message)


def _encrypted() -> PdfProblem:
    message = gettext("The PDF is password-protected or encrypted. Remove the password and upload it again.")
    return PdfProblem(PdfProblemCode.ENCRYPTED, message)


def _declares_encryption(*, data: bytes) -> bool:
    """Whether an unreadable file says it is encrypted, e.g. with a security handler pypdf does not support.

    Encryption is then the likelier cause and the more useful thing to tell the applicant.
    """
    return sniffing.ENCRYPT_ENTRY.search(data) is not None


def _declared_size(*, file: BinaryIO) -> int | None:
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    if file.seekable():
        position = file.tell()
        end = file.seek(0, 2)
        file.seek(position)
        return end
    return None


def _read_at_most(*, file: BinaryIO, limit: int) -> bytes:
    if file.seekable():
        file.seek(0)
    chunks = []
    total = 0
    while total < limit:
        chunk = file.read(min(READ_CHUNK_BYTES, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if file.seekable():
        file.seek(0)
    return b"".join(chunks)
