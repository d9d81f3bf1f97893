"""Reviewers and staff must use a second factor (allauth MFA) before anything else.

Having a TOTP device is not enough: the session itself must have passed it (allauth records
the authentication methods of each session). A reviewer or staff member without TOTP may only
use the account pages, to set it up; one with TOTP whose session did not use it (a login that
went around allauth) is logged out and sent to allauth's login, which asks for both factors.
"""
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from innocore.accounts import session_passed_second_factor

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/")


class RequireSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            not settings.PORTAL_ENFORCE_MFA
            or user is None
            or not user.is_authenticated
            or not user.requires_second_factor
            or request.path.startswith("/static/")
        ):
            return self.get_response(request)
        on_account_pages = request.path.startswith(EXEMPT_PREFIXES)
        next_query = urlencode({"next": request.get_full_path()})
        if _has_second_factor(user):
            if session_passed_second_factor(request, user):
                return self.get_response(request)
            logout(request)
            messages.warning(request, _("Please log in again with your password and your authenticator app."))
            if on_account_pages:
                return self.get_response(request)  # now anonymous: the login page itself, for instance
            return redirect(f"{reverse('account_login')}?{next_query}")
        if on_account_pages:
            return self.get_response(request)
        return redirect(f"{reverse('mfa_activate_totp')}?{next_query}")


def _has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
