"""Conflicts of interest: found automatically for a call, declared by reviewers, entered by staff.

Whenever a conflict is recorded, the pair's assignments that have no review started are
removed (a conflicted pair is never assigned); the reviewer's profile row is locked
first, as in the assignment services, so that an assignment and a conflict of the same
pair cannot be written at the same time.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from innocore.models import AuditAction, Call, User
from innocore.permissions import require_perm
from innocore.services.audit import audit_record
from selection.conflicts_of_interest import ApplicantTies, ReviewerTies, detect_conflicts_of_interest
from selection.errors import ConflictOfInterestNotDeclarable
from selection.models import (
    AUTOMATIC_SOURCES, Assignment, ConflictOfInterest, ConflictOfInterestSource, ReviewerProfile,
)

# Applications worth checking: submitted and not withdrawn or decided against.
CHECKED_STATUSES = (
    ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBILITY_REVIEW, ApplicationStatus.AWAITING_REVIEW,
    ApplicationStatus.UNDER_REVIEW, ApplicationStatus.INFO_REQUESTED,
)


def lock_reviewers(*, ids) -> list[int]:
    """Lock reviewer profile rows, in id order (no deadlocks), for the rest of the transaction."""
    return list(ReviewerProfile.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def _applicant_ties(*, call: Call) -> list[ApplicantTies]:
    applications = Application.objects.filter(call=call, status__in=CHECKED_STATUSES).prefetch_related("publications")
    return [
        ApplicantTies(
            key=a.pk, current_institution=a.current_institution, phd_institution=a.phd_institution,
            phd_year=a.phd_date.year if a.phd_date else None, advisor=a.phd_advisor,
            citations=tuple(p.citation for p in a.publications.all()),
        )
        for a in applications.only("pk", "current_institution", "phd_institution", "phd_date", "phd_advisor")
    ]


def _reviewer_ties() -> list[ReviewerTies]:
    profiles = ReviewerProfile.objects.select_related("user").only(
        "pk", "institution", "phd_institution", "phd_year", "user__first_name", "user__last_name",
        "user__orcid",
    )
    return [
        ReviewerTies(
            key=p.pk, given_name=p.user.first_name, family_name=p.user.last_name, institution=p.institution,
            phd_institution=p.phd_institution, phd_year=p.phd_year, orcid=p.user.orcid,
        )
        for p in profiles
    ]


def _drop_unstarted_assignments(pairs: set[tuple[int, int]]) -> int:
    if not pairs:
        return 0
    application_ids = {a for a, _r in pairs}
    candidates = Assignment.objects.filter(
        application_id__in=application_ids, review_started_at__isnull=True
    ).values_list("pk", "application_id", "reviewer_id")
    doomed = [pk for pk, a, r in candidates if (a, r) in pairs]
    return Assignment.objects.filter(pk__in=doomed).delete()[0]


@transaction.atomic
def conflicts_of_interest_detect(
    *, call: Call, by: User | None = None, phd_years: int | None = None
) -> dict[str, int]:
    """Find the automatic conflicts of a call again; idempotent.

    Adds the ones missing, deletes automatic ones no longer found (a corrected
    institution, say) and never touches those declared by reviewers or entered by staff.
    ``by`` None is the portal itself (the demo seeder); a person must be allowed to manage assignments.
    """
    if by is not None:
        require_perm(by, "selection.manage_assignment", message=_("Only ministry staff can look for conflicts."))
    years = settings.SELECTION_SAME_PHD_YEARS if phd_years is None else phd_years
    found = detect_conflicts_of_interest(
        applications=_applicant_ties(call=call), reviewers=_reviewer_ties(), phd_years=years
    )
    wanted = {(c.application, c.reviewer, c.source): c.detail for c in found}
    existing = ConflictOfInterest.objects.filter(application__call=call, source__in=AUTOMATIC_SOURCES)
    have = {(a, r, s): pk for pk, a, r, s in existing.values_list("pk", "application_id", "reviewer_id", "source")}
    stale = [pk for key, pk in have.items() if key not in wanted]
    ConflictOfInterest.objects.filter(pk__in=stale).delete()
    missing = [key for key in wanted if key not in have]
    lock_reviewers(ids={r for _a, r, _s in missing})
    ConflictOfInterest.objects.bulk_create(
        [ConflictOfInterest(application_id=a, reviewer_id=r, source=s, detail=wanted[(a, r, s)][:2000],
                            created_by=by)
         for a, r, s in missing],
        batch_size=1000, ignore_conflicts=True,
    )
    removed = _drop_unstarted_assignments({(a, r) for a, r, _s in missing})
    audit_record(by=by, action=AuditAction.CONFLICT_DETECT, target=call, label=call.code, call_code=call.code,
                 data={"added": len(missing), "removed": len(stale), "assignments_removed": removed})
    return {"added": len(missing), "removed": len(stale), "kept": len(have) - len(stale),
            "assignments_removed": removed}


def _record(
    *, application: Application, reviewer: ReviewerProfile, source: str, detail: str, by: User
) -> ConflictOfInterest:
    lock_reviewers(ids={reviewer.pk})
    conflict, created = ConflictOfInterest.objects.get_or_create(
        application=application, reviewer=reviewer, source=source, defaults={"detail": detail.strip(), "created_by": by}
    )
    if not created and detail.strip() and conflict.detail != detail.strip():
        conflict.detail = detail.strip()
        conflict.save(update_fields=["detail"])
    removed = _drop_unstarted_assignments({(application.pk, reviewer.pk)})
    action = (AuditAction.CONFLICT_DECLARE if source == ConflictOfInterestSource.DECLARED_BY_REVIEWER
              else AuditAction.CONFLICT_ADD)
    audit_record(by=by, action=action, target=conflict, label=application.reference,
                 call_code=application.call.code, reason=detail,
                 data={"reviewer": reviewer.pk, "assignments_removed": removed})
    return conflict


@transaction.atomic
def conflict_of_interest_declare(
    *, reviewer: ReviewerProfile, application: Application, detail: str = "", by: User
) -> ConflictOfInterest:
    """A reviewer says "I know this person", of an application they review
    (``selection.declare_conflict_of_interest``).

    Any other application is refused exactly like an unknown one (ConflictOfInterestNotDeclarable) and nothing is
    recorded.
    """
    if by.pk != reviewer.user_id:
        raise ValidationError(_("Only the reviewer can declare their own conflict."))
    if not by.has_perm("selection.declare_conflict_of_interest", application):
        raise ConflictOfInterestNotDeclarable()
    if application.status not in CHECKED_STATUSES:
        raise ValidationError(_("This application is not in review."))
    return _record(application=application, reviewer=reviewer, source=ConflictOfInterestSource.DECLARED_BY_REVIEWER,
                   detail=detail, by=by)


@transaction.atomic
def conflict_of_interest_add(
    *, reviewer: ReviewerProfile, application: Application, detail: str, by: User
) -> ConflictOfInterest:
    """Staff record a conflict they know of."""
    require_perm(by, "selection.manage_assignment", message=_("Only ministry staff can record a conflict."))
    if not detail.strip():
        raise ValidationError({"detail": _("Say what the conflict is, so that others can see why.")})
    return _record(application=application, reviewer=reviewer, source=ConflictOfInterestSource.ENTERED_BY_STAFF,
                   detail=detail, by=by)
