"""Looks at an applicant's data by staff (and, later, reviewers): each one recorded in the audit trail.

Korea's PIPA asks who read whose personal data, when and from where; the views
call these for every dossier page, document and letter they serve, and the admin
for every application it opens. The address comes from the request context.

A page listing applicants (their names beside their references) is a look too:
``applicant_list_view_record`` writes one row per page view naming what was shown.
"""
from collections.abc import Iterable

from django.db import transaction

from applications.models import Application, Document, Referee
from innocore.models import AuditAction, AuditEntry, User
from innocore.services.audit import audit_record
from innocore.storage import documents_storage

VIA_PORTAL = "portal"
VIA_ADMIN = "admin"
VIA_API = "api"
# A list row names at most this many references (a JSON document, not a table): the rest are counted.
LIST_REFERENCES_KEPT = 500


def _disposition(download: bool) -> str:
    return "attachment" if download else "inline"


@transaction.atomic
def dossier_view_record(*, application: Application, by: User, via: str = VIA_PORTAL) -> AuditEntry:
    """``by`` opened the dossier (``via`` the staff pages or the admin)."""
    return audit_record(
        by=by, action=AuditAction.DOSSIER_VIEW, target=application, label=application.reference,
        call_code=application.call.code, data={"via": via},
    )


@transaction.atomic
def document_view_record(*, document: Document, application: Application, by: User, download: bool) -> AuditEntry:
    """``by`` was sent one of the applicant's documents, to view in the browser or to download."""
    return audit_record(
        by=by, action=AuditAction.DOCUMENT_DOWNLOAD, target=document, label=application.reference,
        call_code=application.call.code, data={"kind": document.kind, "disposition": _disposition(download)},
    )


@transaction.atomic
def letter_view_record(*, referee: Referee, application: Application, by: User, download: bool) -> AuditEntry:
    """``by`` was sent a referee's letter (the referee's data as much as the applicant's)."""
    return audit_record(
        by=by, action=AuditAction.LETTER_DOWNLOAD, target=referee, label=application.reference,
        call_code=application.call.code, data={"disposition": _disposition(download)},
    )


@transaction.atomic
def applicant_list_view_record(
    *, by: User, page: str, references: Iterable[str], call_codes: Iterable[str], query: str = "",
) -> AuditEntry | None:
    """``by`` was shown a page (``page``, its URL name) listing these applications; nothing when it listed none.

    ``query`` is the search or filter the page was asked for. A page spanning several calls keeps their codes
    in the details and no single call.
    """
    shown = list(dict.fromkeys(reference for reference in references if reference))
    if not shown:
        return None
    calls = sorted({code for code in call_codes if code})
    data: dict = {"page": page, "references": shown[:LIST_REFERENCES_KEPT]}
    if len(shown) > LIST_REFERENCES_KEPT:
        data["more"] = len(shown) - LIST_REFERENCES_KEPT
    if len(calls) > 1:
        data["calls"] = calls
    if query:
        data["query"] = query[:500]
    return audit_record(
        by=by, action=AuditAction.LIST_VIEW, label=page, call_code=calls[0] if len(calls) == 1 else "", data=data,
    )


def letter_open(*, referee: Referee):
    """The stored letter, opened for reading; FileNotFoundError when there is none."""
    if not referee.letter_storage_name:
        raise FileNotFoundError("This referee has sent no letter.")
    return documents_storage().open(referee.letter_storage_name, "rb")
