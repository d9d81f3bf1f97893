"""Closing the account of someone whose work others rely on (reviewers, staff): anonymise, never delete.

Their reviews, assignments, overrides and audit rows must stay consistent, so the
row of the account is kept under a name that says nothing
(``deleted-<id>@invalid``) and can no longer log in. Apps that keep personal data
of their own about the person (the selection side's reviewer profile) clear it
on ``innocore.signals.user_anonymised``, since innocore cannot import them.
"""
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from innocore.models import EmailMessage, User
from innocore.signals import user_anonymised

DB_SESSION_ENGINES = {"django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"}


def anonymised_email(*, user: User) -> str:
    return f"deleted-{user.pk}@invalid"


def _sessions_end(*, user: User) -> int:
    """Delete the user's stored sessions. Whatever the engine, the unusable password changes the session
    hash and the inactive account is refused by the backends, so a session kept in a cache is dead too."""
    if settings.SESSION_ENGINE not in DB_SESSION_ENGINES:
        return 0
    user_id = str(user.pk)
    mine = [s.session_key for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
            if s.get_decoded().get("_auth_user_id") == user_id]
    Session.objects.filter(session_key__in=mine).delete()
    return len(mine)


@transaction.atomic
def user_anonymise(*, user: User) -> User:
    """Strip the account of everything that names the person, deactivate it, and tell the other apps."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.email = anonymised_email(user=locked)
    locked.first_name = locked.last_name = locked.orcid = locked.timezone = ""
    locked.is_active = locked.is_staff = locked.is_superuser = False
    locked.set_unusable_password()
    locked.save()
    locked.groups.clear()
    locked.user_permissions.clear()
    EmailAddress.objects.filter(user=locked).delete()
    Authenticator.objects.filter(user=locked).delete()
    SocialAccount.objects.filter(user=locked).delete()
    EmailMessage.objects.filter(user=locked).delete()
    _sessions_end(user=locked)
    user_anonymised.send(sender=User, user=locked)
    return locked
