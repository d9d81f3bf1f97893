"""Uploading the applicant's PDFs: checked by content, stored under random names."""
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from applications.documents import validation
from applications.models import Application, Document
from applications.selectors.dossier import document_max_bytes
from applications.services.dossier import application_lock_for_edit
from innocore.models import AuditAction, User
from innocore.services.audit import audit_record
from innocore.storage import documents_storage

STORAGE_FOLDER = "applications"


def checked_pdf(*, file, kind: str, max_bytes: int, max_pages: int | None = None) -> tuple[bytes, "validation.PdfCheck"]:
    """Read an uploaded file (never more than the cap) and check it; ValidationError names every problem."""
    check = validation.pdf_check_file(file=file, kind=kind, max_bytes=max_bytes, max_pages=max_pages)
    if not check.ok:
        raise ValidationError([problem.message for problem in check.problems], code="invalid_pdf")
    file.seek(0)
    return file.read(), check


def store_pdf(*, data: bytes) -> str:
    return documents_storage().save(f"{STORAGE_FOLDER}/{validation.safe_storage_name()}", ContentFile(data))


@transaction.atomic
def document_upload(*, application: Application, kind: str, file, by: User) -> Document:
    """Replace the applicant's document of this kind with a checked PDF."""
    if kind not in validation.DocumentKind.values:
        raise ValidationError(_("Unknown kind of document."))
    locked = application_lock_for_edit(application=application)
    data, check = checked_pdf(file=file, kind=kind, max_bytes=document_max_bytes(application=locked))
    storage_name = store_pdf(data=data)
    previous = Document.objects.filter(application=locked, kind=kind).first()
    if previous:
        old_name = previous.storage_name
        previous.delete()
        transaction.on_commit(lambda: documents_storage().delete(old_name))
    document = Document.objects.create(
        application=locked, kind=kind, storage_name=storage_name, original_name=(file.name or "document.pdf")[:255],
        size=check.size, pages=check.pages, sha256=check.sha256,
    )
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    audit_record(by=by, action=AuditAction.DOCUMENT_UPLOAD, target=document, label=locked.reference,
                 call_code=locked.call.code, data={"kind": kind, "sha256": check.sha256})
    return document


def document_open(*, document: Document):
    return documents_storage().open(document.storage_name, "rb")
