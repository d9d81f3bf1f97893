"""Which real services this test run has, and what to do when one is missing.

Tests marked `postgres`, `redis` or `worker` need the real thing. Without it
they are skipped locally (and listed loudly at the end of the run); with
PORTAL_REQUIRE_SERVICES=1 (as in CI) a missing service fails them instead.
"""
import functools
import os
import shutil

from django.conf import settings


def require_services() -> bool:
    return os.environ.get("PORTAL_REQUIRE_SERVICES", "").lower() in {"1", "true", "yes"}


def has_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@functools.cache
def redis_problem() -> str | None:
    """None when Redis answers at REDIS_URL, else why not."""
    url = settings.REDIS_URL
    if not url:
        return "REDIS_URL is not set"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as exc:  # any connection problem means "not available"
        return f"Redis at {url} did not answer: {exc}"
    return None


def missing_for(markers: set[str]) -> str | None:
    if "postgres" in markers or "worker" in markers:
        if not has_postgres():
            return "DATABASE_URL does not point at PostgreSQL"
    if "redis" in markers or "worker" in markers:
        problem = redis_problem()
        if problem:
            return problem
    if "browser" in markers and not shutil.which("chromium"):
        return "Debian's chromium is not installed (/usr/bin/chromium)"
    return None
