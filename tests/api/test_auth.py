"""API authentication: a session, or a token made on the profile page in a session that passed the second
factor. A password alone never gives a token; a token lapses, and a new password or a removed
authenticator revokes it."""
import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tests.api.conftest import as_user
from tests.factories import StaffFactory
from tests.innocore.logins import PASSWORD, full_login, password_step, verified, with_totp

pytestmark = pytest.mark.django_db


def _make_token(client) -> str:
    response = client.post("/profile/api-token/", {"action": "create"})
    assert response.status_code == 200, response
    return re.search(r'id="api-token-key">([0-9a-f]{40})<', response.content.decode()).group(1)


def _with_token(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_anonymous_calls_are_401_in_json_and_say_how_to_authenticate(programme):
    response = Client().get("/api/v1/applications/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert _with_token("0" * 40).get("/api/v1/calls/").status_code == 401


def test_a_token_from_the_profile_page_works_until_replaced_or_revoked(programme):
    client = as_user(programme.applicant)
    assert client.get("/profile/").content.decode().count("/profile/api-token/") == 1
    key = _make_token(client)
    answer = _with_token(key).get("/api/v1/applications/")
    assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]  # personal data: never cached
    page = client.get("/profile/api-token/").content.decode()
    assert key not in page  # shown once
    newer = _make_token(client)
    assert _with_token(key).get("/api/v1/calls/").status_code == 401
    client.post("/profile/api-token/", {"action": "revoke"})
    assert _with_token(newer).get("/api/v1/calls/").status_code == 401


def test_a_token_lapses(settings, programme):
    key = _make_token(as_user(programme.applicant))
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(days=settings.PORTAL_API_TOKEN_DAYS + 1))
    response = _with_token(key).get("/api/v1/calls/")
    assert response.status_code == 401 and "expired" in response.json()["detail"]


def test_a_new_password_revokes_the_token(programme):
    user = verified(programme.applicant)
    client = Client()
    password_step(client, user)
    key = _make_token(client)
    changed = client.post("/accounts/password/change/", {
        "oldpassword": PASSWORD, "password1": "a new long passphrase 2026", "password2": "a new long passphrase 2026"})
    assert changed.status_code == 302
    assert _with_token(key).get("/api/v1/calls/").status_code == 401


@pytest.fixture
def enforced(settings):
    settings.PORTAL_ENFORCE_MFA = True


def test_staff_get_a_token_only_after_the_second_factor(enforced, programme):
    staff = verified(StaffFactory())
    secret = with_totp(staff)
    half = Client()
    password_step(half, staff)  # the password alone
    assert half.post("/profile/api-token/", {"action": "create"}).status_code == 302
    skipped = Client()
    skipped.force_login(staff)  # a session that went around the code
    answer = skipped.post("/profile/api-token/", {"action": "create"})
    assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")
    assert not Token.objects.filter(user=staff).exists()
    full = Client()
    full_login(full, staff, secret)
    key = _make_token(full)
    assert _with_token(key).get("/api/v1/applications/").status_code == 200


def test_a_token_of_staff_without_an_authenticator_is_refused(enforced, settings, programme):
    """Made while the portal did not enforce the second factor (or the device went away outside the portal)."""
    settings.PORTAL_ENFORCE_MFA = False
    key = _make_token(as_user(programme.ministry))
    settings.PORTAL_ENFORCE_MFA = True
    response = _with_token(key).get("/api/v1/calls/")
    assert response.status_code == 401 and "two-factor" in response.json()["detail"]
    with_totp(programme.ministry)
    assert _with_token(key).get("/api/v1/calls/").status_code == 200
    Authenticator.objects.filter(user=programme.ministry).delete()
    assert _with_token(key).get("/api/v1/calls/").status_code == 401


def test_there_is_no_password_for_token_endpoint(programme):
    for url in ("/api/v1/token/", "/api/v1/auth/token/", "/api-token-auth/", "/api/token/"):
        response = Client().post(url, {"username": programme.applicant.email, "password": PASSWORD})
        assert response.status_code in (401, 404), url
    assert not Token.objects.exists()


def test_removing_the_authenticator_revokes_the_token(enforced, programme):
    staff = verified(StaffFactory())
    secret = with_totp(staff)
    client = Client()
    full_login(client, staff, secret)
    key = _make_token(client)
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302  # allauth asks
    removed = client.post("/accounts/2fa/totp/deactivate/")
    assert removed.status_code == 302 and not Authenticator.objects.filter(user=staff).exists()
    assert not Token.objects.filter(key=key).exists()
    assert _with_token(key).get("/api/v1/calls/").status_code == 401
