"""The Redis cache, degrading instead of failing when Redis is down.

Nothing the site needs to answer a page lives only in the cache: sessions, login and
password-reset throttling are in the database. So an unreachable Redis behaves as an
empty cache that forgets: reads miss, writes are dropped, and a warning is logged.
After a failure Redis is left alone for ``RETRY_AFTER_SECONDS``, so a down Redis costs
one connection attempt per interval, not one per call. ``add`` and ``incr`` raise as
before: their answer is used as a lock or a counter (a task that marks its work done
with ``add`` fails and is retried later rather than acting on a made-up answer).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


class RedisCache(DjangoRedisCache):
    """Django's Redis cache; see the module docstring for what it does when Redis is down."""

    _down_until = 0.0

    def _call(self, name, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return getattr(super(), name)(*args, **kwargs)
        except UNAVAILABLE as exc:
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning(
                "Redis cache unavailable (%s); answering without it for %d s.",
                type(exc).__name__,
                RETRY_AFTER_SECONDS,
            )
            return fallback

    def _strict(self, name, *args, **kwargs):
        if time.monotonic() < self._down_until:
            raise RedisConnectionError("Redis cache marked unavailable")
        try:
            return getattr(super(), name)(*args, **kwargs)
        except UNAVAILABLE:
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("Redis cache unavailable for %s().", name)
            raise

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._strict("add", key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        return self._strict("incr", key, delta, version)
