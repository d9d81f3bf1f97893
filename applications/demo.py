"""Seeds synthetic applications with complete dossiers for the demo and for benchmarks.

Everything is written in bulk: applicants, applications, team preferences,
publications, documents and referees with their letters, then the SHA-256 of
each submitted dossier and its eligibility verdict. Documents and letters are
real (tiny) PDFs, one made per kind with pypdf and stored once per row under a
random name, exactly as uploads are; their size, pages and SHA-256 are those of
the bytes.
"""
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from io import BytesIO

from django.db import transaction
from django.utils import timezone
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from applications.demo_profiles import SyntheticApplicant, synthetic_applicant
from applications.documents.validation import DocumentKind, pdf_check
from applications.eligibility import closing_date_in_korea
from applications.models import (
    Application, ApplicationStatus, Document, EligibilityVerdict, Publication, Referee, RefereeStatus, TeamPreference,
)
from applications.selectors.dossier import application_canonical_content, content_sha256, dossier_queryset
from applications.selectors.eligibility import CHECKABLE_STATUSES
from applications.services.documents import store_pdf
from applications.services.eligibility import CHUNK_SIZE, eligibility_check_many
from applications.services.status import applications_status_change
from innocore.demo import demo_users_seed
from innocore.models import Call, UserRole
from innocore.storage import documents_storage

DEMO_APPLICANT_PASSWORD = "demo-applicant-2025"
BATCH = 1000
LETTER = "letter"
PDF_PAGES = {DocumentKind.CV: 2, DocumentKind.RESEARCH_PLAN: 3, DocumentKind.PUBLICATION_LIST: 1, LETTER: 1}
PDF_TITLES = {DocumentKind.CV: "Curriculum vitae", DocumentKind.RESEARCH_PLAN: "Research plan",
              DocumentKind.PUBLICATION_LIST: "List of publications", LETTER: "Letter of recommendation"}
FILE_NAMES = {DocumentKind.CV: "CV_{name}.pdf", DocumentKind.RESEARCH_PLAN: "Research_plan_{name}.pdf",
              DocumentKind.PUBLICATION_LIST: "Publications_{name}.pdf"}


@dataclass(frozen=True)
class DemoPdf:
    data: bytes
    size: int
    pages: int
    sha256: str


def _pdf_bytes(*, title: str, pages: int) -> bytes:
    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    }))
    for number in range(1, pages + 1):
        page = writer.add_blank_page(width=595, height=842)  # A4
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        text = f"InnoCORE demo: {title} (synthetic), page {number} of {pages}"
        content = DecodedStreamObject()
        content.set_data(f"BT /F1 14 Tf 72 770 Td ({text}) Tj ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(content)
    writer.add_metadata({"/Title": f"InnoCORE demo: {title}", "/Producer": "InnoCORE Portal seed_demo"})
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@lru_cache(maxsize=None)
def demo_pdf(kind: str) -> DemoPdf:
    """A small valid PDF for a kind of document (or ``"letter"``), checked like an upload."""
    data = _pdf_bytes(title=PDF_TITLES[kind], pages=PDF_PAGES[kind])
    check = pdf_check(data=data, kind=DocumentKind.CV if kind == LETTER else kind)
    if not check.ok:  # pragma: no cover - a bug in _pdf_bytes
        raise RuntimeError(f"the demo {kind} PDF does not pass the upload checks: {check.codes}")
    return DemoPdf(data=data, size=check.size, pages=check.pages, sha256=check.sha256)


def demo_applications_seed(*, call: Call, count: int) -> int:
    """Make sure synthetic applicants 0..count-1 each have an application with a complete dossier.

    About 3% stay drafts; the others are submitted and checked for eligibility.
    Returns how many applications were created; a second run with the same
    count creates none. Demo applications left empty by older versions of this
    function are filled in (and not counted as created).
    """
    if count < 0:
        raise ValueError("the number of applications cannot be negative")
    stored: list[str] = []
    try:
        return _seed(call=call, count=count, stored=stored)
    except BaseException:
        for name in stored:  # the rows are rolled back: leave no orphan files
            documents_storage().delete(name)
        raise


@transaction.atomic
def _seed(*, call: Call, count: int, stored: list[str]) -> int:
    now = timezone.now()
    profiles = [synthetic_applicant(i, year=min(now, call.closes_at).year) for i in range(count)]
    users = _applicants(profiles)
    applied = dict(
        Application.objects.filter(call=call, applicant_id__in=users.values()).values_list("applicant_id", "pk")
    )
    new = [p for p in profiles if users[p.email] not in applied]
    Application.objects.bulk_create(
        [Application(call=call, applicant_id=users[p.email], reference=_reference(call, p), is_demo=True,
                     status=ApplicationStatus.DRAFT if p.is_draft else ApplicationStatus.SUBMITTED,
                     **_dossier_fields(p, call=call, now=now)) for p in new],
        batch_size=BATCH,
    )
    # Applications made by the first version of this function have names only: fill them in.
    empty = {pk for pk in Application.objects.filter(
        pk__in=applied.values(), is_demo=True, phd_institution="", documents__isnull=True,
    ).values_list("pk", flat=True)}
    to_fill = [p for p in profiles if applied.get(users[p.email]) in empty]
    _fill_existing(to_fill, ids={p.index: applied[users[p.email]] for p in to_fill}, call=call, now=now)
    ids = dict(Application.objects.filter(call=call, applicant_id__in=[users[p.email] for p in new + to_fill])
               .values_list("applicant_id", "pk"))
    dossiers = [(ids[users[p.email]], p) for p in new + to_fill]
    _parts(dossiers, call=call, now=now, stored=stored)
    submitted = [pk for pk, p in dossiers if not p.is_draft]
    _seal(submitted)
    unchecked = list(
        Application.objects.filter(call=call, is_demo=True, status__in=CHECKABLE_STATUSES,
                                   eligibility_verdict__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    for start in range(0, len(unchecked), CHUNK_SIZE):
        eligibility_check_many(application_ids=unchecked[start:start + CHUNK_SIZE], task_id="seed_demo")
    return len(new)


def _reference(call: Call, profile: SyntheticApplicant) -> str:
    return f"{call.code}-D{profile.index:05d}"


def _applicants(profiles: list[SyntheticApplicant]) -> dict[str, int]:
    """Verified demo applicant accounts; their ids by email."""
    return demo_users_seed(
        people=[(p.email, p.given_name, p.family_name) for p in profiles], role=UserRole.APPLICANT,
        password=DEMO_APPLICANT_PASSWORD,
    )


def _submitted_at(profile: SyntheticApplicant, *, call: Call, now: datetime) -> datetime:
    """Some hours ago, while the call was open."""
    latest = min(now, call.closes_at - timedelta(minutes=1))
    return max(call.opens_at + timedelta(minutes=1), latest - timedelta(hours=profile.submitted_hours_ago))


def _dossier_fields(profile: SyntheticApplicant, *, call: Call, now: datetime) -> dict:
    p = profile
    submitted_at = None if p.is_draft else _submitted_at(p, call=call, now=now)
    consented_at = submitted_at - timedelta(minutes=10 + p.index % 50) if submitted_at else None
    return {
        "submitted_at": submitted_at,
        "given_name": p.given_name, "family_name": p.family_name, "nationality": p.nationality,
        "country_of_residence": p.country_of_residence,
        "phd_institution": p.phd_institution, "phd_country": p.phd_country, "phd_status": p.phd_status,
        "phd_date": p.phd_date(closing_date=closing_date_in_korea(closes_at=call.closes_at)),
        "phd_advisor": p.phd_advisor, "current_position": p.current_position,
        "current_institution": p.current_institution, "research_field": p.research_field,
        "keywords": ", ".join(p.keywords), "research_summary": p.research_summary, "research_plan": p.research_plan,
        "heard_via": p.heard_via, "heard_via_other": p.heard_via_other,
        "consent_collection_at": consented_at, "consent_overseas_transfer_at": consented_at,
    }


def _fill_existing(profiles: list[SyntheticApplicant], *, ids: dict[int, int], call: Call, now: datetime) -> None:
    if not profiles:
        return
    rows = []
    for p in profiles:
        fields = _dossier_fields(p, call=call, now=now)
        rows.append(Application(pk=ids[p.index], **fields))
    Application.objects.bulk_update(rows, list(fields), batch_size=BATCH)
    applications_status_change(
        application_ids=[ids[p.index] for p in profiles if not p.is_draft], to=ApplicationStatus.SUBMITTED, by=None,
        only_from=[ApplicationStatus.DRAFT], reason="demo data",
    )
    # Verdicts on the empty dossiers are stale; the check below makes new ones.
    EligibilityVerdict.objects.filter(application_id__in=ids.values()).delete()


def _parts(dossiers: list[tuple[int, SyntheticApplicant]], *, call: Call, now: datetime, stored: list[str]) -> None:
    """Team preferences, publications, documents and referees (with their letters) of new dossiers."""
    teams = dict(call.teams.values_list("code", "pk"))
    preferences, publications, documents, referees = [], [], [], []
    letter = demo_pdf(LETTER)
    for pk, p in dossiers:
        ranked = [teams[code] for code in p.team_preferences if code in teams] or list(teams.values())[:1]
        preferences += [TeamPreference(application_id=pk, rank=rank, team_id=team)
                        for rank, team in enumerate(ranked[:3], start=1)]
        publications += [Publication(application_id=pk, position=position, citation=item.citation[:1000],
                                     doi=item.doi, year=item.year)
                         for position, item in enumerate(p.publications, start=1)]
        name = f"{p.given_name}_{p.family_name}"
        for kind in p.document_kinds:
            pdf = demo_pdf(kind)
            stored.append(store_pdf(data=pdf.data))
            documents.append(Document(application_id=pk, kind=kind, storage_name=stored[-1],
                                      original_name=FILE_NAMES[kind].format(name=name), size=pdf.size,
                                      pages=pdf.pages, sha256=pdf.sha256))
        for referee in p.referees:
            row = Referee(application_id=pk, name=referee.name, email=referee.email, institution=referee.institution,
                          relationship=referee.relationship)
            if referee.letter_received:
                stored.append(store_pdf(data=letter.data))
                row.status, row.letter_received_at = RefereeStatus.RECEIVED, now
                row.letter_storage_name, row.letter_sha256 = stored[-1], letter.sha256
            else:
                row.token_nonce = secrets.token_urlsafe(24)
            referees.append(row)
    for model, rows in ((TeamPreference, preferences), (Publication, publications), (Document, documents),
                        (Referee, referees)):
        model.objects.bulk_create(rows, batch_size=BATCH)


def _seal(application_ids: list[int]) -> None:
    """Record each submitted dossier's SHA-256, as submission does, from what is in the database."""
    for start in range(0, len(application_ids), CHUNK_SIZE):
        chunk = list(
            dossier_queryset().filter(pk__in=application_ids[start:start + CHUNK_SIZE])
        )
        for application in chunk:
            application.submitted_sha256 = content_sha256(application_canonical_content(application=application))
        Application.objects.bulk_update(chunk, ["submitted_sha256"], batch_size=BATCH)
