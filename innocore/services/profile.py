"""The user's own profile: name, ORCID iD, time zone."""
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from innocore.models import User
from innocore.orcid import orcid_normalise

logger = logging.getLogger(__name__)


@transaction.atomic
def user_orcid_set(*, user: User, orcid: str) -> User:
    """Store the user's ORCID iD (normalised); an iD already held by another account is refused."""
    try:
        normalised = orcid_normalise(orcid) if orcid else ""
    except ValueError:
        raise ValidationError({"orcid": _("This is not a valid ORCID iD, such as 0000-0002-1825-0097.")}) from None
    if normalised and User.objects.filter(orcid=normalised).exclude(pk=user.pk).exists():
        raise ValidationError({"orcid": _("This ORCID iD belongs to another account.")})
    user.orcid = normalised
    user.save(update_fields=["orcid"])
    return user


def user_orcid_from_social_login(*, user: User, uid: str) -> None:
    """Called when a user logs in or links an account through ORCID: keep the iD on the profile."""
    try:
        user_orcid_set(user=user, orcid=uid)
    except ValidationError as exc:
        logger.warning("ORCID iD %s not stored for user %s: %s", uid, user.pk, exc.messages)


@transaction.atomic
def user_profile_update(*, user: User, first_name: str, last_name: str, orcid: str, timezone: str) -> User:
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.timezone = timezone
    user.save(update_fields=["first_name", "last_name", "timezone"])
    return user_orcid_set(user=user, orcid=orcid)
