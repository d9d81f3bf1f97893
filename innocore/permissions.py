"""Small named predicates that views ask for, as in pretalx's rules."""
from innocore.models import User


def is_programme_staff(user: User) -> bool:
    return bool(user.is_authenticated and (user.is_staff or user.is_programme_staff))
