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


# Each operation of the client, and what it answers from its arguments while Redis is down.
ANSWERS_WHILE_DOWN = {
    "add": lambda key, value, timeout: False,
    "get": lambda key, default: default,
    "set": lambda key, value, timeout: None,
    "touch": lambda key, timeout: False,
    "delete": lambda key: False,
    "get_many": lambda keys: {},
    "has_key": lambda key: False,
    "incr": lambda key, delta: delta,
    "set_many": lambda data, timeout: None,
    "delete_many": lambda keys: None,
    "clear": lambda: False,
}


def tolerant(operation: str, answer):
    def call(self, *args):
        try:
            return getattr(RedisCacheClient, operation)(self, *args)
        except self._lib.RedisError as error:
            return self._failed(operation, error, answer(*args))

    call.__name__ = operation
    return call


for _operation, _answer in ANSWERS_WHILE_DOWN.items():
    setattr(TolerantRedisCacheClient, _operation, tolerant(_operation, _answer))


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient
