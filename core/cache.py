"""Django's Redis cache, keeping one client per connection pool instead of one per operation.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every cache operation,
and redis-py fills a table of some 170 response callbacks in each one: about 0.2 ms of Python
per operation, more than the round trip to a local Redis. A public page read from the cache
makes three such operations (the register's stamp, the page, the throttle). A `redis.Redis` is
safe to share between threads (each command takes a connection from the pool), so one per pool
is kept. `CACHE_URL=redis://…` selects this backend (config/settings/base.py).
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class KeptClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients.setdefault(pool, self._client(connection_pool=pool))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
