"""Uploaded PDFs are judged by their content: each refusal names its reason."""
import functools
import hashlib
import io
import re

import pytest
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from applications.documents.validation import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_PAGES,
    DocumentKind,
    PdfCheck,
    human_size,
    pdf_check,
    pdf_check_file,
    safe_storage_name,
)
from tests.applications.documents import pdfs

MB = 1024 * 1024


@functools.cache
def three_page_pdf() -> bytes:
    return pdfs.valid_pdf(pages=3, text="Research plan: catalysis")


def assert_refused(result: PdfCheck, *codes: str) -> str:
    """The result refuses for exactly these reasons, with finished sentences; returns the messages joined."""
    assert result.ok is False
    assert result.codes == list(codes)
    messages = " ".join(problem.message for problem in result.problems)
    assert messages and "%(" not in messages
    return messages


def test_a_valid_pdf_passes_with_its_page_count_size_and_sha256():
    data = three_page_pdf()

    result = pdf_check(data=data, kind=DocumentKind.RESEARCH_PLAN)

    assert result == PdfCheck(ok=True, problems=[], pages=3, sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def test_kinds_have_labels_and_default_page_caps():
    assert DocumentKind.values == ["cv", "research_plan", "publication_list"]
    assert DocumentKind.CV.label == "CV"
    assert dict(DEFAULT_MAX_PAGES) == {"cv": 10, "research_plan": 15, "publication_list": 30}


def test_a_windows_program_renamed_to_pdf_is_refused_as_not_a_pdf():
    messages = assert_refused(pdf_check(data=pdfs.exe_renamed(), kind="cv"), "not_a_pdf")
    assert "not a PDF" in messages and "Windows program" in messages


@pytest.mark.parametrize(
    "data, looks_like",
    [
        (pdfs.office_document(), "Office document"),
        (pdfs.png_image(), "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"<!DOCTYPE html><html><body>cv</body></html>", "web page"),
        (b"\x7fELF\x02\x01\x01", "program"),
    ],
)
def test_other_formats_are_named_when_cheaply_recognisable(data, looks_like):
    messages = assert_refused(pdf_check(data=data, kind="cv"), "not_a_pdf")
    assert looks_like in messages


def test_an_unrecognised_format_is_simply_not_a_pdf():
    messages = assert_refused(pdf_check(data=b"Curriculum vitae\nJane Doe\n", kind="cv"), "not_a_pdf")
    assert messages == "The file is not a PDF. Please upload a PDF."


def test_leading_junk_before_the_pdf_header_is_refused():
    """Readers tolerate it, producers never write it, and polyglot files depend on it."""
    data = b"Content-Type: application/pdf\r\n\r\n" + pdfs.blank_pdf()

    messages = assert_refused(pdf_check(data=data, kind="cv"), "not_a_pdf")

    assert "33 bytes come before the PDF header" in messages


def test_an_empty_file_is_refused():
    assert_refused(pdf_check(data=b"", kind="cv"), "empty")


def test_a_pdf_without_pages_is_refused_as_empty():
    assert_refused(pdf_check(data=pdfs.pdf_without_pages(), kind="cv"), "empty")


def test_an_oversize_pdf_is_refused_with_its_size_and_the_limit_before_parsing():
    data = pdfs.oversize_pdf(int(12.4 * MB))

    result = pdf_check(data=data, kind="publication_list")

    assert assert_refused(result, "too_large") == "The file is 12.4 MB; the limit is 10 MB."
    assert (result.size, result.pages) == (len(data), None)
    assert pdf_check(data=data, kind="publication_list", max_bytes=13 * MB).ok


def test_the_size_limit_is_configurable_and_sizes_just_over_it_are_told_in_bytes():
    data = pdfs.oversize_pdf(2 * MB + 1)

    messages = assert_refused(pdf_check(data=data, kind="cv", max_bytes=2 * MB), "too_large")

    assert messages == "The file is 2097153 bytes; the limit is 2097152 bytes."
    assert pdf_check(data=data, kind="cv", max_bytes=2 * MB + 1).ok
    assert DEFAULT_MAX_BYTES == 10 * MB


@pytest.mark.parametrize("size, text", [(int(12.4 * MB), "12.4 MB"), (10 * MB, "10 MB"), (300 * 1024, "300 KB"),
                                        (1, "1 byte"), (12, "12 bytes")])
def test_human_size(size, text):
    assert human_size(size=size) == text


@pytest.mark.parametrize("build", [pdfs.truncated_pdf, pdfs.truncated_update_pdf])
def test_a_truncated_pdf_is_refused_as_truncated(build):
    messages = assert_refused(pdf_check(data=build(), kind="cv"), "truncated")
    assert "incomplete" in messages


def test_a_pdf_cut_anywhere_before_its_end_marker_is_never_accepted():
    data = three_page_pdf()
    end = data.rindex(b"%%EOF")

    results = [pdf_check(data=data[:cut], kind="cv") for cut in range(1, end, 37)]

    assert not any(result.ok for result in results)


@pytest.mark.parametrize("tail", [b"\r\n\r\n", b"\x00" * 4096, b" \t\x0c\n" * 300])
def test_blank_or_nul_padding_after_eof_is_tolerated(tail):
    """Some tools pad a PDF to a block size; padding is not another file."""
    result = pdf_check(data=three_page_pdf() + tail, kind="research_plan")
    assert result.ok and result.pages == 3


@pytest.mark.parametrize(
    "tail",
    [
        pdfs.html_page(),
        b"\n<script>alert(1)</script>",
        b"\n% Stamped by the university print server\n",
        pdfs.office_document() * 8,
    ],
    ids=["html-page", "short-script", "comment-line", "zip-polyglot"],
)
def test_any_data_after_the_last_eof_is_refused_whatever_its_size(tail):
    """A PDF with a web page or an archive glued to its end is a polyglot: a browser may open it as HTML."""
    messages = assert_refused(pdf_check(data=three_page_pdf() + tail, kind="research_plan"), "trailing_data")

    assert "after the end of the PDF" in messages


def test_an_incremental_update_with_html_after_its_last_eof_is_refused():
    """Several %%EOF markers are normal (one per revision): only what follows the last one matters."""
    data = pdfs.incremental_update_pdf()
    assert data.count(b"%%EOF") >= 2

    assert_refused(pdf_check(data=data + pdfs.html_page(), kind="cv"), "trailing_data")


def test_a_pdf_with_two_revisions_passes():
    result = pdf_check(data=pdfs.incremental_update_pdf(), kind="cv")
    assert result.ok and result.pages == 2


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\nthis is not a PDF body at all\n%%EOF\n",
        pdfs.pdf_with_page_tree_cycle(),
        pdfs.pdf_with_deep_nesting(),
        pdfs.blank_pdf().replace(b"/Kids", b"/Kidz"),
        pdfs.blank_pdf().replace(b"startxref\n256", b"startxref\n250"),
    ],
    ids=["garbage-body", "page-tree-cycle", "deep-nesting", "no-kids", "wrong-xref-offset"],
)
def test_unreadable_pdfs_are_refused_as_broken(data):
    assert_refused(pdf_check(data=data, kind="cv"), "broken")


@pytest.mark.parametrize(
    "data",
    [
        pdfs.encrypted_pdf(),
        pdfs.encrypted_pdf(algorithm="RC4-128"),
        pdfs.encrypted_pdf(user_password="secret", algorithm="AES-128"),
        pdfs.pdf_with_unknown_security_handler(),
    ],
    ids=["empty-password-aes256", "empty-password-rc4", "password-aes128", "certificate-handler"],
)
def test_encrypted_pdfs_are_refused_even_with_an_empty_password(data):
    messages = assert_refused(pdf_check(data=data, kind="cv"), "encrypted")
    assert "Remove the password and upload it again" in messages


def test_too_many_pages_for_the_kind_are_refused_unless_the_call_allows_them():
    data = pdfs.blank_pdf(pages=11)

    messages = assert_refused(pdf_check(data=data, kind="cv"), "too_many_pages")

    assert messages == "The file has 11 pages; at most 10 pages are allowed for “CV”."
    assert pdf_check(data=data, kind="research_plan").pages == 11
    assert pdf_check(data=data, kind="cv", max_pages=11).ok


def test_a_huge_page_count_is_reported_without_walking_every_page():
    result = pdf_check(data=pdfs.blank_pdf(pages=3000), kind="publication_list")

    assert assert_refused(result, "too_many_pages").startswith("The file has 3000 pages;")
    assert result.pages == 3000


def test_a_page_tree_that_understates_its_page_count_is_not_believed():
    result = pdf_check(data=pdfs.pdf_with_understated_page_count(40), kind="cv")

    assert assert_refused(result, "too_many_pages").startswith("The file has more than 10 pages;")
    assert result.pages is None


@pytest.mark.parametrize(
    "build",
    [
        pdfs.pdf_with_javascript,
        pdfs.pdf_with_open_action_javascript,
        pdfs.pdf_with_page_action_javascript,
        pdfs.pdf_with_link_javascript,
        pdfs.pdf_with_chained_javascript,
    ],
)
def test_javascript_anywhere_is_refused(build):
    messages = assert_refused(pdf_check(data=build(), kind="cv"), "javascript")
    assert "JavaScript" in messages


@pytest.mark.parametrize("build", [pdfs.pdf_with_attachment, pdfs.pdf_with_attachment_annotation])
def test_embedded_files_are_refused(build):
    messages = assert_refused(pdf_check(data=build(), kind="cv"), "embedded_files")
    assert "attached files" in messages


def test_web_links_and_reference_cycles_are_harmless():
    assert pdf_check(data=pdfs.pdf_with_link(), kind="cv").ok
    assert pdf_check(data=pdfs.pdf_with_reference_cycle(), kind="cv").ok


def test_content_problems_are_reported_together():
    writer = PdfWriter(clone_from=io.BytesIO(pdfs.blank_pdf(pages=12)))
    writer.add_open_action(JavaScript("app.alert(1);"))
    writer.add_attachment(filename="payload.txt", data=b"x")

    result = pdf_check(data=pdfs.written(writer), kind="cv")

    assert_refused(result, "too_many_pages", "javascript", "embedded_files")
    assert result.pages == 12


def test_a_pdf_too_large_to_scan_within_the_budget_is_refused_as_too_complex():
    assert_refused(pdf_check(data=pdfs.pdf_with_many_objects(50_001), kind="cv"), "too_complex")


def test_an_unknown_kind_or_a_limit_below_one_is_a_programming_error():
    with pytest.raises(ValueError):
        pdf_check(data=pdfs.blank_pdf(), kind="cover_letter")
    with pytest.raises(ValueError):
        pdf_check(data=pdfs.blank_pdf(), kind="cv", max_pages=0)
    with pytest.raises(ValueError):
        pdf_check_file(file=io.BytesIO(pdfs.blank_pdf()), kind="cv", max_bytes=0)


class CountingReader(io.RawIOBase):
    """An unseekable stream (like a socket) of `size` bytes that records how much was read from it."""

    def __init__(self, *, size: int):
        self.remaining = size
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = self.remaining if size < 0 else min(size, self.remaining)
        self.remaining -= size
        self.bytes_read += size
        return b"%" * size


def test_a_file_object_is_checked_like_bytes_and_rewound():
    data = three_page_pdf()
    upload = SimpleUploadedFile("cv.pdf", data, content_type="application/pdf")
    upload.read(10)

    result = pdf_check_file(file=upload, kind="research_plan")

    assert result == pdf_check(data=data, kind="research_plan")
    assert upload.tell() == 0


def test_an_endless_stream_is_read_no_further_than_the_limit_plus_one_byte():
    stream = CountingReader(size=50 * MB)

    result = pdf_check_file(file=stream, kind="cv", max_bytes=MB)

    assert assert_refused(result, "too_large") == "The file is larger than the limit of 1 MB."
    assert stream.bytes_read == MB + 1


class UnreadableUpload(io.RawIOBase):
    """An upload that declares its size, like Django's UploadedFile, and must not be read."""

    size = int(12.4 * MB)

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the file was read")


def test_an_upload_whose_declared_size_is_too_large_is_refused_without_reading_it():
    result = pdf_check_file(file=UnreadableUpload(), kind="cv")

    assert assert_refused(result, "too_large") == "The file is 12.4 MB; the limit is 10 MB."


def test_an_upload_that_understates_its_size_is_still_capped():
    upload = SimpleUploadedFile("cv.pdf", pdfs.oversize_pdf(2 * MB))
    upload.size = 100

    assert_refused(pdf_check_file(file=upload, kind="cv", max_bytes=MB), "too_large")


def test_storage_names_are_random_and_say_nothing_about_the_upload():
    names = {safe_storage_name() for _ in range(100)}
    assert len(names) == 100
    assert all(re.fullmatch(r"[0-9a-f]{32}\.pdf", name) for name in names)


fuzz = settings(max_examples=150, deadline=None)


@fuzz
@given(data=st.binary(max_size=4096))
def test_arbitrary_bytes_never_raise_and_are_never_accepted_unless_they_start_like_a_pdf(data):
    result = pdf_check(data=data, kind="cv")
    assert result.ok is False or data.startswith(b"%PDF-")


@fuzz
@given(body=st.binary(max_size=2048), end=st.sampled_from([b"", b"\n%%EOF\n", b"\nstartxref\n9\n%%EOF"]))
def test_a_pdf_header_in_front_of_random_bytes_is_never_accepted(body, end):
    result = pdf_check(data=b"%PDF-1.7\n" + body + end, kind="cv")
    assert result.ok is False and result.problems


@fuzz
@given(
    edits=st.lists(st.tuples(st.integers(min_value=0), st.binary(min_size=1, max_size=8)), min_size=1, max_size=6),
    cut=st.none() | st.integers(min_value=0),
)
def test_damaged_pdfs_never_raise(edits, cut):
    """Random overwrites of a real PDF may leave it readable, but the check always returns a coherent verdict."""
    data = bytearray(three_page_pdf())
    for position, replacement in edits:
        position %= len(data)
        data[position:position + len(replacement)] = replacement
    data = bytes(data if cut is None else data[: cut % len(data)])

    result = pdf_check(data=data, kind="research_plan")

    assert result.ok == (not result.problems)
    if result.ok:
        assert result.pages >= 1 and result.sha256 == hashlib.sha256(data).hexdigest()

