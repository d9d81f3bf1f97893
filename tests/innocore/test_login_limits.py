"""Login limits (issue 9, items 2 and 3): shared by every process through Redis, per client address
and per account, with growing waits, and no way for one stranger to lock an owner out."""
import json
import os
import subprocess
import sys
import time
import types

import pytest
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings as django_settings
from django.test import Client

from tests.factories import StaffFactory, UserFactory
from tests.innocore.logins import PASSWORD, password_step, verified

pytestmark = [pytest.mark.django_db, pytest.mark.redis]

BLOCKED = "Too many failed login attempts".encode()
MISMATCH = "password you specified are not correct".encode()
WRONG = "not-the-password-42"


def _answer(response) -> str:
    if response.status_code == 302:
        return "in"
    if response.status_code == 429:
        return "429"
    if BLOCKED in response.content:
        return "blocked"
    if MISMATCH in response.content:
        return "wrong"
    return f"?{response.status_code}"


def _attempt(client, user, password=WRONG, **extra) -> str:
    return _answer(password_step(client, user, password=password, **extra))


@pytest.fixture
def clock(monkeypatch):
    """Moves allauth's rate-limit clock forward (the windows are minutes to a day long)."""
    state = {"offset": 0.0}
    fake = types.SimpleNamespace(time=lambda: time.time() + state["offset"], monotonic=time.monotonic,
                                 sleep=time.sleep)
    monkeypatch.setattr(allauth_ratelimit, "time", fake)

    def forward(minutes: float) -> None:
        state["offset"] += minutes * 60

    return forward


def test_the_cache_is_redis_when_redis_is_configured():
    conf = django_settings.CACHES["default"]
    assert conf["BACKEND"] == "innocore.cache.ResilientRedisCache"
    assert conf["LOCATION"] == django_settings.REDIS_URL and conf["KEY_PREFIX"]


def test_fifty_wrong_passwords_then_the_right_one_at_the_admin_login(client):
    """Item 2: /admin/login/ is allauth's login; 50 guesses are cut off after 5 and the right password then waits."""
    staff = verified(StaffFactory())
    handed = client.post("/admin/login/?next=/admin/", {"username": staff.email, "password": WRONG})
    assert handed["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    answers = [_attempt(client, staff, next_url="/admin/") for _ in range(50)]
    assert answers[:5] == ["wrong"] * 5
    assert set(answers[5:]) <= {"blocked", "429"} and "blocked" in answers
    assert _attempt(client, staff, password=PASSWORD, next_url="/admin/") in {"blocked", "429"}
    assert "_auth_user_id" not in client.session


def test_a_stranger_cannot_lock_the_owner_out(clock):
    """Five wrong passwords from the stranger's address block that address for this account, not the owner."""
    user = verified(UserFactory())
    stranger, owner = Client(REMOTE_ADDR="198.51.100.7"), Client(REMOTE_ADDR="203.0.113.20")
    assert [_attempt(stranger, user) for _ in range(6)] == ["wrong"] * 5 + ["blocked"]
    assert _attempt(stranger, user, password=PASSWORD) == "blocked"
    assert _attempt(owner, user, password=PASSWORD) == "in"


def test_the_wait_grows_for_an_address_that_keeps_guessing(clock):
    user = verified(UserFactory())
    guesser = Client(REMOTE_ADDR="198.51.100.7")
    assert [_attempt(guesser, user) for _ in range(6)] == ["wrong"] * 5 + ["blocked"]
    clock(6)  # the 5-minute window has passed: five more
    assert [_attempt(guesser, user) for _ in range(6)] == ["wrong"] * 5 + ["blocked"]
    clock(6)  # now the hourly window (10) holds: waiting 5 minutes is no longer enough
    assert _attempt(guesser, user, password=PASSWORD) == "blocked"
    clock(50)
    assert _attempt(guesser, user, password=PASSWORD) == "in"


def test_guessing_from_many_addresses_blocks_the_account_only_for_a_short_while(clock):
    """20 failures in 15 minutes from anywhere block the account (a cap on spread-out guessing); it ends soon."""
    user = verified(UserFactory())
    for n in range(4):
        assert [_attempt(Client(REMOTE_ADDR=f"198.51.100.{n + 1}"), user) for _ in range(5)] == ["wrong"] * 5
    owner = Client(REMOTE_ADDR="203.0.113.20")
    assert _attempt(owner, user, password=PASSWORD) == "blocked"
    clock(16)
    assert _attempt(owner, user, password=PASSWORD) == "in"


def test_the_address_comes_from_the_trusted_proxies(settings):
    """Behind one proxy the client is the last X-Forwarded-For entry; with none, the header is ignored."""
    user = verified(UserFactory())
    settings.PORTAL_TRUSTED_PROXIES = 0
    spoofed = [_attempt(Client(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}"), user)
               for n in range(6)]
    assert spoofed == ["wrong"] * 5 + ["blocked"]
    settings.PORTAL_TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"
    behind = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.20")
    assert _attempt(behind, user, password=PASSWORD) == "in"


@pytest.mark.django_db(transaction=True)
def test_the_limits_are_shared_by_separate_processes(_own_cache, settings):
    """Another process (another gunicorn worker) makes five wrong attempts; this one then sees the block."""
    from tests.worker import test_database_url

    user = verified(UserFactory(email="shared@uni.example"))
    script = (
        "import json, sys, django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client(REMOTE_ADDR='10.0.0.2', HTTP_X_FORWARDED_FOR='198.51.100.7')\n"
        "out = [c.post('/accounts/login/', {'login': sys.argv[1], 'password': 'not-the-password-42'}).status_code\n"
        "       for _ in range(5)]\n"
        "print(json.dumps(out))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "innocore.settings", "DATABASE_URL": test_database_url(),
           "REDIS_URL": settings.REDIS_URL, "CACHE_KEY_PREFIX": _own_cache, "PORTAL_TRUSTED_PROXIES": "1", "ALLOWED_HOSTS": "testserver"}
    done = subprocess.run([sys.executable, "-c", script, user.email], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [200] * 5
    settings.PORTAL_TRUSTED_PROXIES = 1
    here = Client(REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert _attempt(here, user, password=PASSWORD) == "blocked"
    elsewhere = Client(REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="203.0.113.20")
    assert _attempt(elsewhere, user, password=PASSWORD) == "in"


def test_with_redis_down_logins_still_work_and_say_so_in_the_log(settings, caplog):
    """A Redis of the test's own, stopped: the login answers normally (no 500) and the lapse is logged."""
    from tests.faults import PrivateRedis

    user = verified(UserFactory())
    redis_server = PrivateRedis()
    redis_server.start()
    try:
        settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": redis_server.url}}
        assert [_attempt(Client(), user) for _ in range(6)] == ["wrong"] * 5 + ["blocked"]
        redis_server.stop()
        client = Client()
        assert _attempt(client, user) == "wrong"
        assert _attempt(client, user, password=PASSWORD) == "in"
        assert "Redis unreachable" in caplog.text
    finally:
        redis_server.stop()


def test_client_address_from_trusted_proxies_only(rf, settings):
    from innocore.request_context import client_ip

    settings.PORTAL_TRUSTED_PROXIES = 0
    assert client_ip(rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"
    settings.PORTAL_TRUSTED_PROXIES = 2
    # client -> P1 -> P2 -> portal: P1 appends the client, P2 appends P1; a forged first entry is ignored.
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9, 10.0.0.1", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "198.51.100.9"
    # Fewer hops than proxies: the request bypassed a proxy and its header is the client's own words.
    assert client_ip(rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="203.0.113.5")) == "203.0.113.5"
