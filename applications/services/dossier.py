"""Starting an application and saving its sections, never losing work.

Every save names the state of the section it was based on (a fingerprint of
its saved values). If another tab saved that section in the meantime, the save
is not applied; its values are kept as a StaleSectionEdit and the applicant
sees both versions.
"""
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.errors import ApplicationLocked, CallNotOpen
from applications.models import Application, CareerBreak, Publication, StaleSectionEdit, TeamPreference
from applications.sections import SECTIONS_BY_SLUG
from applications.selectors.dossier import section_fingerprint
from innocore.models import AuditAction, Call, ResearchTeam, User
from innocore.permissions import require_perm
from innocore.services.audit import audit_record

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def application_reference_new(*, call: Call) -> str:
    """A short, unambiguous reference such as 2025-1-7KQ3M9: no 0/O or 1/I."""
    return f"{call.code}-{''.join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))}"


def application_start(*, call: Call, applicant: User) -> Application:
    """The applicant's application for `call`, created on first visit while the call is open.

    Only applicant accounts apply: PermissionDenied for reviewers and staff, whose accounts must
    not hold an application of their own.
    """
    require_perm(applicant, "applications.start_application", message=_(
        "Only applicant accounts can start an application. Reviewer and staff accounts cannot apply: "
        "sign up with another email address to apply."
    ))
    existing = Application.objects.filter(call=call, applicant=applicant).first()
    if existing:
        return existing
    if not call.is_open:
        raise CallNotOpen(_("This call is not open for applications."))
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Application.objects.create(
                    call=call, applicant=applicant, reference=application_reference_new(call=call),
                    given_name=applicant.first_name, family_name=applicant.last_name,
                )
        except IntegrityError:
            # Either a double click created it already, or the reference collided.
            existing = Application.objects.filter(call=call, applicant=applicant).first()
            if existing:
                return existing
    raise RuntimeError("could not allocate a unique application reference")


@dataclass(frozen=True)
class SectionSaveResult:
    application: Application
    fingerprint: str
    stale_edit: StaleSectionEdit | None = None

    @property
    def saved(self) -> bool:
        return self.stale_edit is None


def _json_ready(data: dict[str, Any]) -> dict[str, Any]:
    ready = {}
    for key, value in data.items():
        if hasattr(value, "isoformat"):
            ready[key] = value.isoformat()
        elif hasattr(value, "pk"):
            ready[key] = value.pk
        elif isinstance(value, (list, tuple)):
            ready[key] = [_json_ready({"v": v})["v"] for v in value]
        else:
            ready[key] = value if isinstance(value, (str, int, float, bool, type(None), dict)) else str(value)
    return ready


def application_lock_for_edit(*, application: Application) -> Application:
    """The application, locked for this transaction; ApplicationLocked when it can no longer be edited."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.is_editable:
        submitted = timezone.localtime(locked.submitted_at).strftime("%Y-%m-%d %H:%M %Z") if locked.submitted_at else "-"
        raise ApplicationLocked(
            _("This application was submitted on %(when)s and can no longer be edited.") % {"when": submitted}
        )
    return locked


@transaction.atomic
def application_section_save(
    *, application: Application, section: str, data: dict[str, Any], based_on: str, by: User
) -> SectionSaveResult:
    """Save one section's cleaned values, or keep them as a stale edit if the tab was stale.

    `based_on` is the section fingerprint the form was rendered with.
    """
    locked = application_lock_for_edit(application=application)
    current = section_fingerprint(application=locked, section=section)
    if based_on != current:
        stale_edit = StaleSectionEdit.objects.create(
            application=locked, section=section, based_on=based_on, data=_json_ready(data),
        )
        return SectionSaveResult(application=locked, fingerprint=current, stale_edit=stale_edit)
    if section == "teams":
        _save_team_preferences(application=locked, team_ids=data["teams"])
    elif section == "publications":
        _save_publications(application=locked, publications=data["publications"])
    elif section == "career_breaks":
        _save_career_breaks(application=locked, breaks=data["career_breaks"])
    elif section == "consents":
        now = timezone.now()
        locked.consent_collection_at = (locked.consent_collection_at or now) if data["consent_collection"] else None
        locked.consent_overseas_transfer_at = (
            (locked.consent_overseas_transfer_at or now) if data["consent_overseas_transfer"] else None
        )
    else:
        for field in SECTIONS_BY_SLUG[section].fields:
            if field in data:
                setattr(locked, field, data[field])
    locked.version += 1
    # Only the columns this section owns (and the version): an autosave does not rewrite the whole dossier.
    locked.save(update_fields=[*_section_columns(section), "version", "updated_at"])
    return SectionSaveResult(application=locked, fingerprint=section_fingerprint(application=locked, section=section))


def _section_columns(section: str) -> tuple[str, ...]:
    if section == "consents":
        return ("consent_collection_at", "consent_overseas_transfer_at")
    return SECTIONS_BY_SLUG[section].fields


def _save_team_preferences(*, application: Application, team_ids: list[int]) -> None:
    allowed = set(application.call.teams.values_list("pk", flat=True))
    chosen = [team_id for team_id in team_ids if team_id]
    if len(set(chosen)) != len(chosen) or not set(chosen) <= allowed or len(chosen) > 3:
        raise ValueError("team preferences must be distinct teams of the call, at most three")
    TeamPreference.objects.filter(application=application).delete()
    TeamPreference.objects.bulk_create(
        [TeamPreference(application=application, rank=rank, team=ResearchTeam(pk=team_id))
         for rank, team_id in enumerate(chosen, start=1)]
    )


def _save_publications(*, application: Application, publications: list[dict]) -> None:
    Publication.objects.filter(application=application).delete()
    Publication.objects.bulk_create(
        [Publication(application=application, position=i, citation=p["citation"], doi=p.get("doi", ""),
                     year=p.get("year"))
         for i, p in enumerate(publications, start=1)]
    )


def _save_career_breaks(*, application: Application, breaks: list[dict]) -> None:
    CareerBreak.objects.filter(application=application).delete()
    CareerBreak.objects.bulk_create(
        [CareerBreak(application=application, kind=b["kind"], start=b["start"], end=b["end"]) for b in breaks]
    )


@transaction.atomic
def stale_section_edits_dismiss(*, application: Application, section: str, by: User) -> int:
    """The applicant has copied what they need from the kept versions: stop showing them."""
    dismissed = StaleSectionEdit.objects.filter(
        application=application, section=section, dismissed_at__isnull=True
    ).update(dismissed_at=timezone.now())
    if dismissed:
        audit_record(by=by, action=AuditAction.STALE_SECTION_EDITS_DISMISS, target=application,
                     label=application.reference, call_code=application.call.code,
                     data={"section": section, "dismissed": dismissed})
    return dismissed
