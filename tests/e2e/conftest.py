"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

The live server runs in a thread of this process, so a test can read
django.core.mail.outbox and the database directly. Celery tasks run eagerly
(tests/conftest.py), so the emails the portal sends are in the outbox as soon
as the request that queued them has answered.
"""
import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django would then refuse
    # ORM calls from the test itself (seeding, checks). The live server thread has no loop.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def portal(live_server, settings, tmp_path):
    """The live portal with the demo programme (institutes, teams, the open 2025 call)."""
    from innocore.demo import demo_programme_seed

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = live_server.url
    settings.PORTAL_ENFORCE_MFA = False  # applicants need no TOTP
    call = demo_programme_seed()
    return {"url": live_server.url, "call": call}


@pytest.fixture
def new_context(browser):
    """Fresh browser contexts (own cookies, own localStorage), closed after the test."""
    contexts = []

    def make(**options):
        options.setdefault("accept_downloads", True)
        options.setdefault("locale", "en-US")
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shot(tmp_path):
    """Save a full-page screenshot; into docs/screenshots only when PORTAL_SCREENSHOTS=1."""
    publish = os.environ.get("PORTAL_SCREENSHOTS", "").lower() in {"1", "true", "yes"}
    folder = SCREENSHOT_DIR if publish else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take

