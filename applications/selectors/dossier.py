"""Reads of a dossier: what is missing, its canonical content, the applicant's view."""
import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from applications.documents.validation import DocumentKind
from applications.models import (
    Application, CareerBreak, Document, HeardVia, PhdStatus, Publication, Referee, RefereeStatus, StaleSectionEdit,
    TeamPreference,
)
from innocore.models import User

MIN_REFEREES = 2
MAX_REFEREES = 3


@dataclass(frozen=True)
class MissingItem:
    section: str
    message: str | Promise


# The parts of a dossier each section's form reads; the other sections read only the application's own columns.
SECTION_PARTS: dict[str, tuple[str, ...]] = {
    "teams": ("team_preferences",), "publications": ("publications",), "career_breaks": ("career_breaks",),
}


def dossier_queryset(*, with_replaced_referees: bool = False, parts: tuple[str, ...] | None = None) -> QuerySet[Application]:
    """Applications with every part of the dossier loaded (or only ``parts``): what the canonical content and the
    pages read."""
    referees = Referee.objects.all() if with_replaced_referees else Referee.objects.exclude(
        status=RefereeStatus.REPLACED
    )
    prefetches = {
        "team_preferences": Prefetch(
            "team_preferences", queryset=TeamPreference.objects.select_related("team", "team__institute")
        ),
        "publications": Prefetch("publications", queryset=Publication.objects.order_by("position")),
        "career_breaks": Prefetch("career_breaks", queryset=CareerBreak.objects.order_by("start", "id")),
        "documents": Prefetch("documents", queryset=Document.objects.order_by("kind")),
        "referees": Prefetch("referees", queryset=referees),
    }
    chosen = prefetches.values() if parts is None else [prefetches[part] for part in parts]
    return Application.objects.select_related("call", "applicant").prefetch_related(*chosen)


def application_for_applicant(*, applicant: User, pk: int, parts: tuple[str, ...] | None = None) -> Application:
    """The applicant's own application, or Application.DoesNotExist (which views turn into 404).

    ``parts`` limits the prefetched parts of the dossier (None: all of them, what the pages show); an
    autosave reads only its section's (SECTION_PARTS), so it does not load five lists it never uses."""
    return dossier_queryset(parts=parts).get(pk=pk, applicant=applicant)


def application_list_for_applicant(*, applicant: User) -> QuerySet[Application]:
    return Application.objects.filter(applicant=applicant).select_related("call").order_by("-created_at")


def open_stale_section_edits(*, application: Application) -> QuerySet[StaleSectionEdit]:
    return StaleSectionEdit.objects.filter(application=application, dismissed_at__isnull=True)


def application_missing_items(*, application: Application) -> list[MissingItem]:
    """Everything that stops submission, in form order, each with the section to fix it in."""
    missing: list[MissingItem] = []
    a = application

    def need(section: str, ok: bool, message) -> None:
        if not ok:
            missing.append(MissingItem(section, message))

    need("personal", bool(a.given_name.strip()), _("Your given name is missing."))
    need("personal", bool(a.family_name.strip()), _("Your family name is missing."))
    need("personal", bool(a.nationality), _("Your nationality is missing."))
    need("personal", bool(a.country_of_residence), _("Your country of residence is missing."))
    if a.call.asks_date_of_birth:
        need("personal", a.date_of_birth is not None, _("This call asks for your date of birth."))
    need("phd", bool(a.phd_institution.strip()), _("The institution of your PhD is missing."))
    need("phd", bool(a.phd_country), _("The country of your PhD is missing."))
    need("phd", a.phd_status in PhdStatus.values, _("Say whether your PhD is awarded or expected."))
    need("phd", a.phd_date is not None, _("The date your PhD was (or will be) awarded is missing."))
    need("position", bool(a.current_position.strip()), _("Your current position is missing."))
    need("position", bool(a.current_institution.strip()), _("Your current institution is missing."))
    need("research", bool(a.research_field.strip()), _("Your research field is missing."))
    need("research", bool(a.keyword_list), _("Give at least one research keyword."))
    need("research", bool(a.research_summary.strip()), _("Your research summary is missing."))
    need("research", bool(a.research_plan.strip()), _("Your research plan is missing."))
    need("teams", any(p.rank == 1 for p in a.team_preferences.all()), _("Choose at least your first-choice team."))
    need("outreach", bool(a.heard_via), _("Tell us how you heard of the programme."))
    if a.heard_via == HeardVia.OTHER:
        need("outreach", bool(a.heard_via_other.strip()), _("Say where you heard of the programme."))
    uploaded = {d.kind for d in a.documents.all()}
    for kind in DocumentKind:
        need("documents", kind.value in uploaded, _("Upload your %(document)s (PDF).") % {"document": kind.label})
    active_referees = [r for r in a.referees.all() if r.status != RefereeStatus.REPLACED]
    need("referees", len(active_referees) >= MIN_REFEREES,
         _("Name at least %(min)d referees; you have named %(count)d.") % {"min": MIN_REFEREES, "count": len(active_referees)})
    need("consents", a.consent_collection_at is not None, _("Consent to the collection and use of your information."))
    need("consents", a.consent_overseas_transfer_at is not None, _("Consent to the transfer of your application abroad."))
    return missing


# Sections that may rightly stay empty: shown as "none yet" rather than done, so that a new application does not
# look half filled in before the applicant has opened them.
OPTIONAL_LIST_SECTIONS = {"career_breaks": "career_breaks", "publications": "publications"}


def section_progress(*, application: Application, missing: list[MissingItem] | None = None) -> list[dict]:
    """Each section in form order with whether it is complete; pass `missing` when already computed."""
    from applications.sections import SECTIONS

    if missing is None:
        missing = application_missing_items(application=application)
    incomplete = {item.section for item in missing}
    empty = {slug for slug, relation in OPTIONAL_LIST_SECTIONS.items() if not getattr(application, relation).all()}
    return [{"section": section, "complete": section.slug not in incomplete, "empty": section.slug in empty}
            for section in SECTIONS]


def application_canonical_content(*, application: Application) -> dict:
    """The submitted content as plain data: what the receipt shows and its SHA-256 covers."""
    a = application
    return {
        "reference": a.reference,
        "call": a.call.code,
        "applicant_email": a.applicant.email,
        "personal": {
            "given_name": a.given_name, "family_name": a.family_name, "nationality": str(a.nationality),
            "country_of_residence": str(a.country_of_residence),
            "date_of_birth": a.date_of_birth.isoformat() if a.date_of_birth else None,
        },
        "phd": {
            "institution": a.phd_institution, "country": str(a.phd_country), "status": a.phd_status,
            "date": a.phd_date.isoformat() if a.phd_date else None, "advisor": a.phd_advisor,
        },
        "position": {"position": a.current_position, "institution": a.current_institution},
        "research": {
            "field": a.research_field, "keywords": a.keyword_list, "summary": a.research_summary,
            "plan": a.research_plan,
        },
        "career_breaks": [
            {"kind": b.kind, "start": b.start.isoformat(), "end": b.end.isoformat()} for b in a.career_breaks.all()
        ],
        "teams": [p.team.code for p in sorted(a.team_preferences.all(), key=lambda p: p.rank)],
        "publications": [{"citation": p.citation, "doi": p.doi} for p in a.publications.all()],
        "outreach": {"heard_via": a.heard_via, "other": a.heard_via_other},
        "documents": {d.kind: d.sha256 for d in a.documents.all()},
        "referees": sorted(r.email for r in a.referees.all() if r.status != RefereeStatus.REPLACED),
        "consents": {
            "collection": a.consent_collection_at.isoformat() if a.consent_collection_at else None,
            "overseas_transfer": a.consent_overseas_transfer_at.isoformat() if a.consent_overseas_transfer_at else None,
        },
    }


def section_fingerprint(*, application: Application, section: str) -> str:
    """A short hash of one section's saved values: what a browser tab's edit was based on.

    Comparing per section (not the application's overall version) lets an
    applicant edit two different sections in two tabs without a conflict,
    while two edits of the same section still conflict.
    """
    from applications.sections import SECTIONS_BY_SLUG

    if section == "teams":
        values: object = sorted(TeamPreference.objects.filter(application=application).values_list("rank", "team_id"))
    elif section == "publications":
        values = list(Publication.objects.filter(application=application).order_by("position")
                      .values_list("citation", flat=True))
    elif section == "career_breaks":
        values = list(CareerBreak.objects.filter(application=application).order_by("start", "id")
                      .values_list("kind", "start", "end"))
    elif section == "consents":
        values = [application.consent_collection_at is not None, application.consent_overseas_transfer_at is not None]
    else:
        values = [str(getattr(application, field)) for field in SECTIONS_BY_SLUG[section].fields]
    encoded = json.dumps([section, values], ensure_ascii=False, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


def content_sha256(content: dict) -> str:
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


def document_max_bytes(*, application: Application) -> int:
    return application.call.document_max_mb * 1024 * 1024 if application.call_id else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
