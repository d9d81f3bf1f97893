"""Permissions of the selection side: reviewers' access to what they are assigned, staff decisions.

A reviewer may see an application only while a published assignment gives it to
them and no conflict of interest stands between them. Anything else answers as if
the application did not exist (404), so that ids reveal nothing.
"""
import rules

from applications.models import Application
from innocore.models import User
from innocore.permissions import is_institute_staff, is_ministry_staff, is_reviewer
from selection.models import Assignment, ConflictOfInterest, Offer, RunStatus


@rules.predicate
def is_assigned_reviewer(user: User, application: Application | None) -> bool:
    """A published assignment of this application to this reviewer."""
    if application is None or not is_reviewer(user):
        return False
    return Assignment.objects.filter(
        application_id=application.pk, reviewer__user_id=user.pk, run__status=RunStatus.PUBLISHED
    ).exists()


@rules.predicate
def is_conflicted_reviewer(user: User, application: Application | None) -> bool:
    if application is None or not user.is_authenticated:
        return False
    return ConflictOfInterest.objects.filter(application_id=application.pk, reviewer__user_id=user.pk).exists()


@rules.predicate
def is_staff_of_team_institute(user: User, team) -> bool:
    """Institute staff looking at a research team of their own institute (``team``: a ResearchTeam)."""
    return team is not None and is_institute_staff(user) and team.institute_id == user.institute_id


@rules.predicate
def is_offer_applicant(user: User, offer: Offer | None) -> bool:
    """The applicant whose application the offer is for, once it was sent to them (a pending offer is not
    theirs to see yet: decisions are read by staff before they go out)."""
    if offer is None or not user.is_authenticated or offer.sent_at is None:
        return False
    return offer.application.applicant_id == user.pk


@rules.predicate
def is_staff_of_offer_institute(user: User, offer: Offer | None) -> bool:
    return offer is not None and is_institute_staff(user) and offer.team.institute_id == user.institute_id


rules.add_perm("selection.view_reviewer_pages", is_reviewer)
rules.add_perm("selection.review_application", is_assigned_reviewer & ~is_conflicted_reviewer)
rules.add_perm("selection.declare_conflict_of_interest", is_assigned_reviewer & ~is_conflicted_reviewer)
rules.add_perm("selection.manage_assignment", is_ministry_staff)
rules.add_perm("selection.manage_reviewers", is_ministry_staff)
rules.add_perm("selection.decide", is_ministry_staff)
rules.add_perm("selection.reopen_review", is_ministry_staff)
# A call's ranking: ministry staff; a team's ranking also its institute's staff (object: the ResearchTeam).
rules.add_perm("selection.view_ranking", is_ministry_staff | is_staff_of_team_institute)
# Offers: the applicant answers their own; the letter of an accepted offer is also for the ministry and for the
# staff of the team's institute.
rules.add_perm("selection.respond_to_offer", is_offer_applicant)
rules.add_perm("selection.view_offer_letter", is_ministry_staff | is_staff_of_offer_institute)
# The published decisions (offers) of a call: programme staff (institute staff: their institute's teams).
rules.add_perm("selection.view_decisions", is_ministry_staff | is_institute_staff)
