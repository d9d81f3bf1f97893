"""Is this web process able to serve: its database, its cache and the Celery broker, each checked quickly.

Read by ``/healthz`` (load balancers, docker compose, monitoring). Each check answers "ok", "error",
or for the broker "off" when none is configured (the demo runs tasks in-process). Never the error
itself: the answer is public; the log has the details.
"""
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)
OK, ERROR, OFF = "ok", "error", "off"


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "not healthy"; the reason goes to the log
        logger.exception("health check: the database did not answer")
        return ERROR
    return OK


def _cache() -> str:
    """Written and read back: the Redis cache reads as empty when Redis is down (innocore/cache.py)."""
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        found = cache.get(key)
        cache.delete(key)
    except Exception:
        logger.exception("health check: the cache did not answer")
        return ERROR
    return OK if found == value else ERROR


def _broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return OFF
    from innocore.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
    except Exception:
        logger.exception("health check: the Celery broker did not answer")
        return ERROR
    return OK


def portal_health() -> dict[str, str]:
    return {"db": _database(), "cache": _cache(), "broker": _broker()}


def is_healthy(checks: dict[str, str]) -> bool:
    return all(status in (OK, OFF) for status in checks.values())
