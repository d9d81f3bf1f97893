"""Staff adjust a proposed assignment by hand and publish it.

A conflicted pair is refused here with a clear message, under a lock on the reviewer's
profile row (the conflict services take the same lock), and by the database trigger of
migration selection/0002 on PostgreSQL as a backstop.
"""
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from applications.services.status import applications_status_change
from innocore.models import AuditAction, Call, User
from innocore.permissions import require_perm
from innocore.services.audit import audit_record
from innocore.services.emails import email_queue
from selection.models import (
    Assignment, AssignmentRun, AssignmentSource, ConflictOfInterest, ReviewerProfile, RunStatus,
)
from selection.selectors.assignment_inputs import ASSIGNABLE_STATUSES
from innocore.i18n import in_language_of


def _editable(run: AssignmentRun, *, by: User) -> AssignmentRun:
    """The run, locked, if ``by`` may manage assignments (ministry staff) and it is still a proposal."""
    require_perm(by, "selection.manage_assignment", message=_("Only ministry staff can change an assignment."))
    locked = AssignmentRun.objects.select_for_update().select_related("call").get(pk=run.pk)
    if locked.status != RunStatus.PROPOSED:
        raise ValidationError(
            _("Only a proposed assignment can be changed; this run is %(status)s.") % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def assignment_manual_add(
    *, run: AssignmentRun, application: Application, reviewer: ReviewerProfile, by: User
) -> Assignment:
    locked = _editable(run, by=by)
    if application.call_id != locked.call_id or application.status not in ASSIGNABLE_STATUSES:
        raise ValidationError(_("Application %(ref)s is not awaiting review in this call.") % {"ref": application.reference})
    profile = ReviewerProfile.objects.select_for_update().select_related("user").get(pk=reviewer.pk)
    if not profile.is_complete or not profile.user.is_active:
        raise ValidationError(_("%(name)s has not completed their reviewer profile yet.") % {"name": profile})
    conflicts = list(ConflictOfInterest.objects.filter(application=application, reviewer=profile))
    if conflicts:
        raise ValidationError(
            _("%(name)s has a conflict of interest with %(ref)s (%(sources)s) and cannot be assigned.") % {
                "name": profile, "ref": application.reference,
                "sources": ", ".join(str(c.get_source_display()) for c in conflicts),
            }
        )
    if Assignment.objects.filter(run=locked, application=application, reviewer=profile).exists():
        raise ValidationError(_("%(name)s already reviews %(ref)s.") % {"name": profile, "ref": application.reference})
    load = Assignment.objects.filter(run=locked, reviewer=profile).count()
    if load >= profile.max_load:
        raise ValidationError(
            _("%(name)s already has %(load)d applications, their maximum for this call.") % {"name": profile, "load": load}
        )
    assignment = Assignment.objects.create(
        run=locked, application=application, reviewer=profile, source=AssignmentSource.MANUAL, created_by=by
    )
    audit_record(by=by, action=AuditAction.ASSIGNMENT_ADD, target=assignment, label=application.reference,
                 call_code=locked.call.code, data={"run": locked.pk, "reviewer": profile.pk})
    return assignment


@transaction.atomic
def assignment_manual_remove(
    *, run: AssignmentRun, application: Application, reviewer: ReviewerProfile, by: User
) -> None:
    locked = _editable(run, by=by)
    assignment = Assignment.objects.select_for_update().filter(run=locked, application=application, reviewer=reviewer).first()
    if assignment is None:
        raise ValidationError(_("This reviewer is not assigned to %(ref)s.") % {"ref": application.reference})
    if assignment.review_started_at is not None:
        raise ValidationError(_("%(name)s has already started this review; it cannot be moved.") % {"name": reviewer})
    audit_record(by=by, action=AuditAction.ASSIGNMENT_REMOVE, target=assignment, label=application.reference,
                 call_code=locked.call.code, data={"run": locked.pk, "reviewer": reviewer.pk})
    assignment.delete()


@transaction.atomic
def assignment_publish(*, run: AssignmentRun, by: User) -> AssignmentRun:
    """Publish a proposed run: it replaces the call's published one, its applications go
    under review, and every assigned reviewer gets one email listing their applications.

    Two staff publishing two runs of one call at once go one at a time (the call's row is
    locked first); the second then finds a run published after its proposal was computed
    and is refused, so only the reviewers of the run that stays published are emailed.
    """
    Call.objects.select_for_update().get(pk=run.call_id)
    locked = _editable(run, by=by)
    current = AssignmentRun.objects.filter(call=locked.call, status=RunStatus.PUBLISHED).first()
    if current and current.published_at and current.published_at > locked.created_at:
        raise ValidationError(
            _("Run %(run)d of this call was published after this proposal was computed; start a new run "
              "(it keeps the reviews already under way).") % {"run": current.pk}
        )
    now = timezone.now()
    AssignmentRun.objects.filter(call=locked.call, status=RunStatus.PUBLISHED).update(status=RunStatus.SUPERSEDED)
    locked.status, locked.published_at, locked.published_by = RunStatus.PUBLISHED, now, by
    locked.save(update_fields=["status", "published_at", "published_by"])
    assignments = Assignment.objects.filter(run=locked)
    applications_status_change(
        application_ids=assignments.values_list("application_id", flat=True).distinct(),
        to=ApplicationStatus.UNDER_REVIEW, by=by, now=now, only_from=[ApplicationStatus.AWAITING_REVIEW],
        reason=_("reviewers assigned (run %(run)d)") % {"run": locked.pk},
    )
    audit_record(by=by, action=AuditAction.ASSIGNMENT_PUBLISH, target=locked, label=str(locked),
                 call_code=locked.call.code, data={"assignments": assignments.count()})
    by_reviewer = defaultdict(list)
    for assignment in assignments.select_related("reviewer__user", "application").order_by(
        "reviewer_id", "application__reference"
    ):
        by_reviewer[assignment.reviewer].append(assignment.application)
    link = settings.SITE_URL + reverse("selection:my_assignments")
    for reviewer, applications in by_reviewer.items():
        with in_language_of(reviewer.user):
            body = render_to_string("selection/emails/assignments_published.txt", {
                "reviewer": reviewer, "call": locked.call, "applications": applications, "link": link,
            })
            subject = _("Your InnoCORE review assignments: %(count)d applications") % {"count": len(applications)}
        email_queue(recipient=reviewer.user.email, user=reviewer.user, topic=f"assignment-run:{locked.pk}",
                    subject=subject, body=body)
    return locked
