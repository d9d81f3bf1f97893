"""Django's Redis cache, answering like an empty cache while Redis is unreachable.

The cache holds allauth's login limits and used TOTP codes. With Redis down, Django's
RedisCache raises on every call and every login would answer 500; this one logs the
error and carries on: logins keep working, and the limits lapse until Redis is back
(docs/security.md).
"""
import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class ResilientRedisCache(RedisCache):
    # After a failure, calls skip Redis for this long: a Redis that does not answer at all would
    # otherwise cost the connect timeout on each of the dozen cache calls of one login.
    RETRY_AFTER_SECONDS = 5.0
    _down_until = 0.0

    def _soft(self, operation: str, fallback, call, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return call(*args, **kwargs)
        except UNREACHABLE as exc:
            self._down_until = time.monotonic() + self.RETRY_AFTER_SECONDS
            logger.error("cache %s failed, Redis unreachable (login limits lapse meanwhile): %s", operation, exc)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # As if the key were new: allauth's rate-limit lock is taken, a TOTP code counts as unused.
        return self._soft("add", True, super().add, key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._soft("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("set", None, super().set, key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("touch", False, super().touch, key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._soft("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._soft("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._soft("has_key", False, super().has_key, key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("set_many", [], super().set_many, data, timeout=timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._soft("delete_many", None, super().delete_many, keys, version)

