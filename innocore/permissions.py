"""Who is who: the named predicates every app builds its permissions on (django-rules).

Roles: applicant (their own data), reviewer (what they are assigned), institute
staff (the applications of their institute's teams), ministry staff and
superusers (everything). Views, the API, templates (``{% load rules %}``) and
services ask the same permissions, registered with ``rules.add_perm`` in each
app's ``permissions.py``; this module only knows the people, not the objects of
the other apps.
"""
import rules
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from innocore.models import Call, User, UserRole


@rules.predicate
def is_ministry_staff(user: User) -> bool:
    """Ministry staff and superusers: the whole programme."""
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or user.role == UserRole.MINISTRY_STAFF))


@rules.predicate
def is_institute_staff(user: User) -> bool:
    """Staff of one institute (the account names it)."""
    return bool(user.is_authenticated and user.is_active and user.role == UserRole.INSTITUTE_STAFF
                and user.institute_id)


is_programme_staff = is_ministry_staff | is_institute_staff


@rules.predicate
def is_reviewer(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == UserRole.REVIEWER)


@rules.predicate
def is_applicant(user: User) -> bool:
    """Applicants only: reviewers and staff cannot start applications of their own."""
    return bool(user.is_authenticated and user.is_active and user.role == UserRole.APPLICANT and not user.is_staff)


rules.add_perm("innocore.view_staff_pages", is_programme_staff)
rules.add_perm("innocore.manage_programme", is_ministry_staff)
rules.add_perm("innocore.view_audit_trail", is_ministry_staff)


def require_perm(user: User, perm: str, obj=None, message: str = "") -> None:
    """Raise PermissionDenied unless ``user`` has ``perm`` (on ``obj``): for views and services alike."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message)


def staff_call_or_404(*, user: User, code: str, perm: str = "innocore.view_staff_pages") -> Call:
    """The call a staff page is about: 403 without ``perm``, 404 for an unknown code."""
    require_perm(user, perm)
    return get_object_or_404(Call, code=code)
