"""API tokens that cannot be used to go around the second factor.

``RequireSecondFactorMiddleware`` runs before DRF and sees a token request as anonymous, so a token
must never be obtainable with a password alone: tokens are only made on the profile page
(``innocore.views.api_token``), by a session that passed the middleware, i.e. the second factor for
reviewers and staff. There is deliberately no "password in, token out" endpoint.

A token then stands for that session, with limits of its own: it lapses after
``PORTAL_API_TOKEN_DAYS``, it dies with a password change or a new token, and a reviewer or staff
member who no longer has a TOTP device (while the portal enforces it) cannot use one.
"""
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


class PortalTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, with the expiry and the second-factor rule above."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token.created < timezone.now() - timedelta(days=settings.PORTAL_API_TOKEN_DAYS):
            raise exceptions.AuthenticationFailed(
                _("This token has expired: make a new one on your profile page."))
        if settings.PORTAL_ENFORCE_MFA and user.requires_second_factor and not _has_totp(user):
            raise exceptions.AuthenticationFailed(
                _("Your role needs two-factor authentication: set it up, then make a new token on your profile page."))
        return user, token


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
