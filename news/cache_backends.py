"""Django's Redis cache, but a Redis that is down is a miss, not a server error.

Every read answers its default, every write is dropped (and logged once a minute) while Redis
cannot be reached; the site then renders from the database, as on a cold cache. Connections
time out fast (OPTIONS socket_connect_timeout / socket_timeout, production.py).
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger("news.cache_backends")
WARN_EVERY_SECONDS = 60


class TolerantRedisCacheClient(RedisCacheClient):
    _last_warning = 0.0

    def _failed(self, operation, error, answer):
        now = time.monotonic()
        if now - TolerantRedisCacheClient._last_warning > WARN_EVERY_SECONDS:
            TolerantRedisCacheClient._last_warning = now
            logger.warning("Redis unavailable (%s): %s", operation, error)
        return answer

    def _guard(self, operation, answer, call):
        try:
            return call()
        except self._lib.RedisError as error:
            return self._failed(operation, error, answer)

    def add(self, key, value, timeout):
        return self._guard(
            "add", False, lambda: super(TolerantRedisCacheClient, self).add(key, value, timeout)
        )

    def get(self, key, default):
        return self._guard("get", default, lambda: super(TolerantRedisCacheClient, self).get(key, default))

    def set(self, key, value, timeout):
        return self._guard(
            "set", None, lambda: super(TolerantRedisCacheClient, self).set(key, value, timeout)
        )

    def touch(self, key, timeout):
        return self._guard("touch", False, lambda: super(TolerantRedisCacheClient, self).touch(key, timeout))

    def delete(self, key):
        return self._guard("delete", False, lambda: super(TolerantRedisCacheClient, self).delete(key))

    def get_many(self, keys):
        return self._guard("get_many", {}, lambda: super(TolerantRedisCacheClient, self).get_many(keys))

    def has_key(self, key):
        return self._guard("has_key", False, lambda: super(TolerantRedisCacheClient, self).has_key(key))

    def incr(self, key, delta):
        return self._guard("incr", delta, lambda: super(TolerantRedisCacheClient, self).incr(key, delta))

    def set_many(self, data, timeout):
        return self._guard(
            "set_many", None, lambda: super(TolerantRedisCacheClient, self).set_many(data, timeout)
        )

    def delete_many(self, keys):
        return self._guard(
            "delete_many", None, lambda: super(TolerantRedisCacheClient, self).delete_many(keys)
        )

    def clear(self):
        return self._guard("clear", False, lambda: super(TolerantRedisCacheClient, self).clear())


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient
