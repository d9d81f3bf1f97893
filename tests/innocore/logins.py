"""Logging in the way people do: allauth's form, then the TOTP code computed from the account's secret."""
import time

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

PASSWORD = "correct horse battery"  # tests/factories.py UserFactory


def verified(user):
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def with_totp(user) -> str:
    """Give the user a TOTP authenticator; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str, *, step: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD + step))


def password_step(client, user, *, password: str = PASSWORD, next_url: str = "", **extra):
    data = {"login": user.email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/login/", data, **extra)


def full_login(client, user, secret: str, *, next_url: str = "", **extra):
    """Password, then the code; returns the answer to the code."""
    first = password_step(client, user, next_url=next_url, **extra)
    assert first.status_code == 302 and first["Location"].startswith("/accounts/2fa/authenticate/"), first
    return client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)}, **extra)
