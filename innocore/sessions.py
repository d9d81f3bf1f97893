"""Keeping a session alive without writing it on every request.

An applicant may type in one section for hours while the page autosaves; the session must not run out
under them. Marking the session modified on every autosave did that, but rewrote the session row (a
second transaction) on each save. Renewing it only once half of its age has passed keeps the same
guarantee: as long as a request comes at least every SESSION_COOKIE_AGE / 2, the session never expires.
"""
import time

from django.conf import settings
from django.http import HttpRequest

RENEWED_AT_KEY = "_portal_renewed_at"


def session_keep_alive(request: HttpRequest) -> bool:
    """Renew the session (new expiry, new cookie) if half of its age has passed since it was last renewed;
    True when it was renewed by this request."""
    now = int(time.time())
    renewed_at = request.session.get(RENEWED_AT_KEY)
    if isinstance(renewed_at, int) and 0 <= now - renewed_at < settings.SESSION_COOKIE_AGE // 2:
        return False
    request.session[RENEWED_AT_KEY] = now  # a change: SessionMiddleware saves it with a new expiry
    return True
