import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from innocore.models import User, UserRole

pytestmark = pytest.mark.django_db


def test_sign_up_requires_email_verification_then_logs_in(client):
    response = client.post("/accounts/signup/", {"email": "postdoc@uni.example", "password1": "a-long-passphrase-42",
                                                 "password2": "a-long-passphrase-42"})
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    user = User.objects.get(email="postdoc@uni.example")
    assert user.role == UserRole.APPLICANT
    assert not EmailAddress.objects.get(user=user).verified
    # Until verified, logging in leads back to the verification notice.
    client.logout()
    blocked = client.post("/accounts/login/", {"login": "postdoc@uni.example", "password": "a-long-passphrase-42"})
    assert "confirm-email" in blocked["Location"]
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.post("/" + path).status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    logged_in = client.post("/accounts/login/", {"login": "postdoc@uni.example", "password": "a-long-passphrase-42"})
    assert logged_in.status_code == 302 and "confirm-email" not in logged_in["Location"]


def test_weak_passwords_are_refused_with_a_reason(client):
    response = client.post("/accounts/signup/", {"email": "x@uni.example", "password1": "12345678",
                                                 "password2": "12345678"})
    assert response.status_code == 200 and "too short" in response.content.decode()


def test_password_reset_sends_an_email(client):
    User.objects.create_user(email="reset@uni.example", password="a-long-passphrase-42")
    client.post("/accounts/password/reset/", {"email": "reset@uni.example"})
    assert any("reset@uni.example" in m.to for m in mail.outbox)


@pytest.mark.parametrize("url", ["/accounts/email/", "/accounts/signup/"])
def test_an_email_address_longer_than_its_column_is_refused_not_a_500(client, url):
    """Adding one in the account's email page was a DataError on PostgreSQL (found by tests/test_fuzz_forms.py)."""
    too_long = "x" * 250 + "@example.org"
    if url == "/accounts/email/":
        client.force_login(User.objects.create_user(email="me@uni.example", password="a-long-passphrase-42"))
    response = client.post(url, {"email": too_long, "action_add": "", "password1": "a-long-passphrase-42",
                                 "password2": "a-long-passphrase-42"})
    assert response.status_code == 200
    assert "at most 254 characters" in response.content.decode()
    assert not EmailAddress.objects.filter(email=too_long).exists()
