"""How people log in: allauth's adapter with the portal's client address and login limits, the
second-factor record of a session, and the Django admin's login handed to allauth.

Login limits (settings.ACCOUNT_RATE_LIMITS, see docs/security.md):

- ``login_failed`` (allauth's own): per client address, and per account from any address with a
  short window, so that guessing spread over many addresses is capped but a stranger's block on
  an account ends soon after they stop;
- ``login_failed_from_address`` (added here): per account *and* client address, with growing
  windows, so one address that keeps guessing waits longer and longer while the owner, from
  their own address, is not blocked by it.

Only failed attempts count: a successful login gives back the attempt it used. The extra limit
uses allauth's own rate-limit engine (``allauth.core.internal.ratelimit``, the account key of
``_get_login_attempts_cache_key``): internals, so tests/innocore/test_login_limits.py pins the
behaviour when allauth is upgraded.
"""
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core.internal import ratelimit
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from innocore.request_context import client_ip

SECOND_FACTOR_METHOD = "mfa"
EMAIL_MAX_LENGTH = 254  # User.email and allauth's EmailAddress.email


@dataclass(frozen=True)
class PortalSite:
    """What allauth's emails call the site: the portal's name and address, not the host of the request
    ("Hello from 127.0.0.1:8101!")."""

    name: str
    domain: str


def portal_site() -> PortalSite:
    return PortalSite(name=str(settings.PORTAL_NAME), domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.PORTAL_NAME}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        super().send_mail(template_prefix, email, {**context, "current_site": portal_site()})

    def clean_email(self, email: str) -> str:
        """No longer than the email columns (254): allauth's add-email form has no limit of its own, and a
        longer address was a DataError, a 500 (found by tests/test_fuzz_forms.py)."""
        email = super().clean_email(email)
        MaxLengthValidator(EMAIL_MAX_LENGTH)(email)
        return email

    def get_client_ip(self, request: HttpRequest) -> str:
        """The address the rate limits count by: the one the audit trail records (PORTAL_TRUSTED_PROXIES)."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine the client address")
        return ip

    def pre_authenticate(self, request: HttpRequest, **credentials) -> None:
        account = self._get_login_attempts_cache_key(request, **credentials)
        usage = ratelimit.consume(
            request, app="allauth.account", action="login_failed_from_address",
            key=f"{account}|{self.get_client_ip(request)}",
        )
        if usage is None:
            raise self.validation_error("too_many_login_attempts")
        try:
            super().pre_authenticate(request, **credentials)
        except Exception:
            usage.rollback()  # refused before the password was tried: not an attempt
            raise
        self._address_usage = usage

    def authenticate(self, request: HttpRequest, **credentials):
        self._address_usage = None
        user = super().authenticate(request, **credentials)
        if user is not None and self._address_usage is not None:
            self._address_usage.rollback()
        return user


def session_passed_second_factor(request: HttpRequest, user) -> bool:
    """True when this session's login (or a re-authentication in it) used the user's second factor.

    allauth records each authentication step of a session; a session logged in any other way
    (Django's admin login, ``login()`` in a view, a session from before MFA was set up) has no
    "mfa" record and does not count."""
    return any(record.get("method") == SECOND_FACTOR_METHOD for record in get_authentication_records(request, user))


def record_second_factor_on_activation(sender, request, user, authenticator, **kwargs) -> None:
    """Setting up TOTP proves the second factor (a valid code, after a recent password check):
    the session that did it counts as having passed it, so the new reviewer is not logged out."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator

    if request is None or authenticator.type != Authenticator.Type.TOTP:
        return
    if getattr(request, "user", None) is None or request.user.pk != user.pk:
        return
    record_authentication(request, user, SECOND_FACTOR_METHOD, id=authenticator.pk, type=authenticator.type,
                          activated=True)


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin has no password form of its own: everyone logs in through allauth (rate limits, MFA)."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = reverse("admin:index")
    if request.user.is_authenticated:
        if not request.user.is_staff:
            raise PermissionDenied
        return redirect(next_url)
    return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': next_url})}")
