"""Test documents built on the fly: real PDFs, hostile PDFs and things that only claim to be PDFs.

valid_pdf renders real text with WeasyPrint, as a typical producer would; the others
use pypdf's PdfWriter or, for structures no writer would produce, pdf_from_objects,
which lays out numbered objects with a correct cross-reference table.
"""
import io
import zipfile
from html import escape

from pypdf import PdfWriter
from pypdf.actions import JavaScript, PageTrigger
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject


def valid_pdf(pages: int = 1, text: str = "Curriculum vitae of a test applicant") -> bytes:
    import weasyprint

    sections = "".join(
        f'<section style="break-after: page"><h1>{escape(text)}</h1><p>Page {number}</p></section>'
        for number in range(1, pages)
    )
    last = f"<section><h1>{escape(text)}</h1><p>Page {pages}</p></section>"
    return weasyprint.HTML(string=f"<html><body>{sections}{last}</body></html>").write_pdf()


def blank_pdf(pages: int = 1) -> bytes:
    """A PDF of blank pages; much faster than valid_pdf for large page counts."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    return written(writer)


def encrypted_pdf(user_password: str = "", algorithm: str = "AES-256") -> bytes:
    """Encrypted with an empty user password by default: opens without a prompt, yet is encrypted."""
    writer = PdfWriter(clone_from=io.BytesIO(blank_pdf()))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    return written(writer)


def pdf_with_javascript(code: str = "app.alert('hello');") -> bytes:
    """JavaScript in the document-level /Names /JavaScript tree, run when the document opens."""
    writer = PdfWriter(clone_from=io.BytesIO(blank_pdf()))
    writer.add_open_action(JavaScript(code))
    return written(writer)


def pdf_with_page_action_javascript(code: str = "app.alert('page');") -> bytes:
    """JavaScript in a page's /AA (additional actions), run when the page opens."""
    writer = PdfWriter(clone_from=io.BytesIO(blank_pdf()))
    writer.pages[0].add_action(PageTrigger.OPEN, JavaScript(code))
    return written(writer)


def pdf_with_link_javascript(code: str = "app.launchURL('https://example.org');") -> bytes:
    """A link annotation whose action is JavaScript."""
    writer = PdfWriter(clone_from=io.BytesIO(blank_pdf()))
    writer.add_annotation(page_number=0, annotation=_link_annotation(action=JavaScript(code)))
    return written(writer)


def pdf_with_link(url: str = "https://example.org/") -> bytes:
    """A harmless web link, as publication lists are full of."""
    writer = PdfWriter(clone_from=io.BytesIO(blank_pdf()))
    action = DictionaryObject({NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject(url)})
    writer.add_annotation(page_number=0, annotation=_link_annotation(action=action))
    return written(writer)


def pdf_with_open_action_javascript() -> bytes:
    """/OpenAction in the catalog is a JavaScript action."""
    return pdf_from_objects(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
    )


def pdf_with_chained_javascript() -> bytes:
    """A harmless-looking web link whose /Next action is JavaScript kept in an object of its own."""
    return pdf_from_objects(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100]"
        b" /A << /S /URI /URI (https://example.org) /Next 5 0 R >> >>",
        b"<< /S 6 0 R /JS 7 0 R >>",
        b"/JavaScript",
        b"<< /Length 11 >>\nstream\napp.alert()\nendstream",
    )


def pdf_with_attachment(name: str = "notes.txt", data: bytes = b"attached file") -> bytes:
    """A file in the document-level /Names /EmbeddedFiles tree."""
    writer = PdfWriter(clone_from=io.BytesIO(blank_pdf()))
    writer.add_attachment(filename=name, data=data)
    return written(writer)


def pdf_with_attachment_annotation() -> bytes:
    """A file attached to a page through a /FileAttachment annotation (no /EmbeddedFiles tree)."""
    return pdf_from_objects(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 20 20]"
        b" /FS << /Type /Filespec /F (a.txt) /EF << /F 5 0 R >> >> >>",
        b"<< /Type /EmbeddedFile /Length 5 >>\nstream\nhello\nendstream",
    )


def pdf_with_reference_cycle() -> bytes:
    """A valid document whose page points to an object that points back to it, and to itself."""
    return pdf_from_objects(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /PieceInfo 4 0 R >>",
        b"<< /Self 4 0 R /Page 3 0 R /Catalog 1 0 R >>",
    )


def pdf_with_page_tree_cycle() -> bytes:
    """A page tree whose /Kids lead back to its root: a naive page counter never ends."""
    return pdf_from_objects(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
    )


def pdf_with_deep_nesting(depth: int = 100_000) -> bytes:
    """An array nested depth levels deep inside a page: recursive parsers overflow their stack."""
    return pdf_from_objects(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Deep " + b"[" * depth
        + b"]" * depth + b" >>",
    )


def pdf_with_understated_page_count(pages: int) -> bytes:
    """pages blank pages under a page tree whose /Count claims there is just one."""
    kids = b" ".join(b"%d 0 R" % (3 + index) for index in range(pages))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>"
    return pdf_from_objects(
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count 1 >>", *[page] * pages
    )


def pdf_with_unknown_security_handler() -> bytes:
    """Encrypted by a security handler pypdf cannot open (as certificate-encrypted files are)."""
    return pdf_from_objects(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
        b"<< /Filter /Adobe.PubSec /SubFilter /adbe.pkcs7.s5 /V 4 >>",
        trailer=b"/Root 1 0 R /Encrypt 4 0 R /ID [<0011223344556677> <0011223344556677>]",
    )


def truncated_pdf() -> bytes:
    """A real PDF cut in the middle, as an interrupted download leaves it."""
    data = valid_pdf(pages=2)
    return data[: len(data) // 2]


def truncated_update_pdf() -> bytes:
    """A PDF with a second revision appended (an incremental update) that was cut off part-way."""
    original = blank_pdf()
    writer = PdfWriter(io.BytesIO(original), incremental=True)
    writer.add_blank_page(width=595, height=842)
    updated = written(writer)
    return updated[: len(original) + (len(updated) - len(original)) // 2]


def incremental_update_pdf() -> bytes:
    """A complete PDF with two revisions, hence two %%EOF markers."""
    writer = PdfWriter(io.BytesIO(blank_pdf()), incremental=True)
    writer.add_blank_page(width=595, height=842)
    return written(writer)


def pdf_with_many_objects(count: int) -> bytes:
    """A one-page PDF whose page refers to count tiny objects of their own."""
    references = b" ".join(b"%d 0 R" % (4 + index) for index in range(count))
    return pdf_from_objects(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /PieceInfo [" + references + b"] >>",
        *[b"<< /N 1 >>"] * count,
    )


def pdf_without_pages() -> bytes:
    return pdf_from_objects(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>")

def exe_renamed() -> bytes:
    """The start of a Windows program, as if someone renamed setup.exe to cv.pdf."""
    dos_header = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 43 + b"\x80\x00\x00\x00"
    dos_stub = b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21This program cannot be run in DOS mode.\r\r\n$"
    return (dos_header + dos_stub).ljust(0x80, b"\x00") + b"PE\x00\x00" + b"\x00" * 1024


def office_document() -> bytes:
    """A minimal .docx (a ZIP archive), as uploaded by someone who forgot to export to PDF."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document>Curriculum vitae</document>")
    return buffer.getvalue()


def png_image() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def oversize_pdf(size: int) -> bytes:
    """A valid one-page PDF of exactly size bytes (at least about 400), padded by a comment in its content stream."""
    padding = 0
    for _ in range(10):
        data = _padded_pdf(padding=padding)
        if len(data) == size:
            return data
        padding = max(0, padding + size - len(data))
    raise ValueError(f"cannot build a PDF of exactly {size} bytes")


def pdf_from_objects(*objects: bytes, trailer: bytes = b"/Root 1 0 R") -> bytes:
    """A PDF whose object n is objects[n - 1], with a correct classic cross-reference table."""
    output = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_offset = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref_offset)
    return bytes(output)


def written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _padded_pdf(*, padding: int) -> bytes:
    content = b"%" + b"x" * padding + b"\n"
    return pdf_from_objects(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    )


def _link_annotation(*, action: DictionaryObject) -> DictionaryObject:
    return DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([FloatObject(50), FloatObject(50), FloatObject(200), FloatObject(80)]),
        NameObject("/A"): action,
    })


def html_page() -> bytes:
    """A web page with a script, as glued after a PDF's %%EOF to make a PDF/HTML polyglot."""
    return b"\n<!DOCTYPE html><html><body><script>fetch('/apply/account/data.json')</script></body></html>\n"
