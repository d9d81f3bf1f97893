"""Passwords are stored with Argon2id at OWASP's parameters; older hashes verify and are upgraded at login."""
import threading
import time

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.urls import reverse

from innocore import passwords
from innocore.models import User
from tests.factories import UserFactory

PASSWORD = "a-long-Passphrase-2026"


@pytest.fixture
def real_hashers(settings):
    """The production list (the test suite otherwise hashes with MD5 for speed)."""
    from innocore import settings as portal_settings

    settings.PASSWORD_HASHERS = portal_settings.PASSWORD_HASHERS
    return settings.PASSWORD_HASHERS


def test_new_passwords_are_argon2id_with_owasp_parameters(real_hashers):
    encoded = make_password(PASSWORD)
    assert encoded.startswith("argon2$argon2id$v=19$m=7168,t=5,p=1$")
    assert check_password(PASSWORD, encoded) and not check_password(PASSWORD + "x", encoded)
    assert identify_hasher(encoded).__class__ is passwords.PortalArgon2PasswordHasher


@pytest.mark.django_db
def test_an_old_pbkdf2_hash_still_logs_in_and_is_upgraded(real_hashers, client):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    user = UserFactory(email="old-hash@example.org")
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "fixedsaltfortest")
    user.save(update_fields=["password"])
    response = client.post(reverse("account_login"), {"login": "old-hash@example.org", "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=7168,t=5,p=1$")


@pytest.mark.django_db
def test_django_default_argon2_parameters_are_upgraded_too(real_hashers):
    from django.contrib.auth.hashers import Argon2PasswordHasher

    user = UserFactory()
    user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())  # m=102400, p=8
    user.save(update_fields=["password"])
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)
    assert User.objects.get(pk=user.pk).password.startswith("argon2$argon2id$v=19$m=7168,t=5,p=1$")


def test_at_most_two_hashes_run_at_once_in_a_process(real_hashers):
    """Eight threads checking passwords at once: never more than CONCURRENT_HASHES inside the hash itself."""
    encoded = make_password(PASSWORD)
    inside = {"now": 0, "most": 0}
    lock = threading.Lock()
    hasher = passwords.PortalArgon2PasswordHasher()
    original = passwords.Argon2PasswordHasher.verify

    def counted_verify(self, password, encoded_value):  # the parent's verify, inside our semaphore
        with lock:
            inside["now"] += 1
            inside["most"] = max(inside["most"], inside["now"])
        try:
            time.sleep(0.02)
            return original(self, password, encoded_value)
        finally:
            with lock:
                inside["now"] -= 1

    passwords.Argon2PasswordHasher.verify = counted_verify
    try:
        results = []
        threads = [threading.Thread(target=lambda: results.append(hasher.verify(PASSWORD, encoded)))
                   for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        passwords.Argon2PasswordHasher.verify = original
    assert results == [True] * 8
    assert inside["most"] == passwords.CONCURRENT_HASHES


@pytest.mark.django_db
def test_a_current_hash_is_not_rewritten_at_every_login(real_hashers):
    user = UserFactory()
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    stored = User.objects.get(pk=user.pk).password
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)
    assert User.objects.get(pk=user.pk).password == stored
