"""API tokens (DRF's ``rest_framework.authtoken``): one per user, made on the profile page only.

Why only there: see innocore/api/authentication.py (a token must not be a way around the second factor).
Making a token replaces the previous one; a password change or reset revokes it (receivers in
innocore/signals.py).
"""
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from rest_framework.authtoken.models import Token

from innocore.models import User


@transaction.atomic
def api_token_create(*, user: User) -> Token:
    """A new token for ``user``, replacing any earlier one (its key is shown once, to the user)."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def api_token_revoke(*, user: User) -> bool:
    """Remove the user's token; whether there was one."""
    deleted, _rows = Token.objects.filter(user=user).delete()
    return bool(deleted)


def api_token_expires_at(*, token: Token) -> datetime:
    return token.created + timedelta(days=settings.PORTAL_API_TOKEN_DAYS)
