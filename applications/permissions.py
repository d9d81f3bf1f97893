"""Permissions on applications, as named rules shared by views, the API, templates and services.

An institute's staff see an application when one of its preferred teams belongs to
their institute; ministry staff see every application. Reviewers' access to a
dossier is the selection side's (selection/permissions.py): this app does not know
of assignments.
"""
import rules

from applications.models import Application, TeamPreference
from innocore.models import User
from innocore.permissions import is_applicant, is_institute_staff, is_ministry_staff


@rules.predicate
def is_own_application(user: User, application: Application | None) -> bool:
    return bool(application is not None and user.is_authenticated and application.applicant_id == user.pk)


@rules.predicate
def is_staff_of_application_institute(user: User, application: Application | None) -> bool:
    """Institute staff, for an application that prefers a team of their institute."""
    if application is None or not is_institute_staff(user):
        return False
    return TeamPreference.objects.filter(application_id=application.pk, team__institute_id=user.institute_id).exists()


@rules.predicate
def was_submitted(user: User, application: Application | None) -> bool:
    """Submitted at least once: a draft never sent is the applicant's own, not yet the programme's."""
    return bool(application is not None and application.submitted_at is not None)


is_staff_for_application = is_ministry_staff | is_staff_of_application_institute
is_staff_for_submitted_application = is_staff_for_application & was_submitted

rules.add_perm("applications.start_application", is_applicant)
rules.add_perm("applications.edit_application", is_own_application)
# Staff reading a dossier, its documents and its referee letters; each look is audited.
rules.add_perm("applications.view_dossier", is_staff_for_submitted_application)
rules.add_perm("applications.view_documents", is_own_application | is_staff_for_submitted_application)
rules.add_perm("applications.view_letters", is_staff_for_submitted_application)
rules.add_perm("applications.request_information", is_staff_for_application)
# Every application of every institute (the whole programme), not only an institute's.
rules.add_perm("applications.view_all_applications", is_ministry_staff)
rules.add_perm("applications.override_eligibility", is_ministry_staff)
rules.add_perm("applications.recheck_eligibility", is_ministry_staff)


def applications_visible_to_staff(*, user: User, queryset=None):
    """The applications a staff member may see: all for the ministry, their institute's for institute staff."""
    queryset = Application.objects.all() if queryset is None else queryset
    if is_ministry_staff(user):
        return queryset
    if is_institute_staff(user):
        return queryset.filter(
            pk__in=TeamPreference.objects.filter(team__institute_id=user.institute_id).values("application_id")
        )
    return queryset.none()
