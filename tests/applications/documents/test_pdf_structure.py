"""The bounded walks over a parsed PDF, on object graphs built in memory."""
import io

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

from applications.documents.pdf_structure import ActiveContentScan, PageTreeError, count_pages, scan_active_content
from tests.applications.documents import pdfs


def catalog_of(data: bytes):
    return PdfReader(io.BytesIO(data), strict=True).trailer.raw_get("/Root")


def test_a_scan_stops_when_its_object_budget_is_spent():
    root = catalog_of(pdfs.pdf_with_many_objects(100))

    assert scan_active_content(root=root, max_objects=50) == ActiveContentScan(
        javascript=False, embedded_files=False, complete=False
    )
    assert scan_active_content(root=root).complete is True


def test_a_scan_stops_when_its_value_budget_is_spent():
    array = ArrayObject([NumberObject(n) for n in range(1000)])

    assert scan_active_content(root=array, max_values=999).complete is False
    assert scan_active_content(root=array, max_values=1001).complete is True


def test_a_scan_walks_very_deep_structures_without_recursion():
    deep = DictionaryObject({NameObject("/S"): NameObject("/JavaScript")})
    for _ in range(100_000):
        deep = ArrayObject([deep])

    assert scan_active_content(root=deep).javascript is True


def test_a_scan_finds_javascript_chained_behind_a_harmless_action():
    scan = scan_active_content(root=catalog_of(pdfs.pdf_with_chained_javascript()))
    assert scan == ActiveContentScan(javascript=True, embedded_files=False, complete=True)


def test_a_file_attachment_annotation_counts_as_embedded_even_without_file_data():
    annotation = DictionaryObject({NameObject("/Subtype"): NameObject("/FileAttachment")})
    assert scan_active_content(root=ArrayObject([annotation])).embedded_files is True


def test_pages_are_counted_no_further_than_one_past_the_limit():
    pages_root = catalog_of(pdfs.blank_pdf(pages=50)).get_object().raw_get("/Pages")

    assert count_pages(pages_root=pages_root, stop_after=10) == 11
    assert count_pages(pages_root=pages_root, stop_after=50) == 50


def test_a_page_tree_cycle_is_an_error():
    pages_root = catalog_of(pdfs.pdf_with_page_tree_cycle()).get_object().raw_get("/Pages")
    with pytest.raises(PageTreeError):
        count_pages(pages_root=pages_root, stop_after=100)
