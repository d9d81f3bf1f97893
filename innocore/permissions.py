"""Small named predicates that views ask for, as in pretalx's rules."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from innocore.models import Call, User


def is_programme_staff(user: User) -> bool:
    return bool(user.is_authenticated and (user.is_staff or user.is_programme_staff))


def staff_call_or_404(*, user: User, code: str) -> Call:
    """The call a staff page is about: 403 for anyone but programme staff, 404 for an unknown code."""
    if not is_programme_staff(user):
        raise PermissionDenied
    return get_object_or_404(Call, code=code)
