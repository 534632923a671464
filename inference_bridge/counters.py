"""Hot counters of the bridge (quotas, in-flight requests) in the shared cache, one round trip each.

Every web process must see the same counts (DESIGN §9), so they live in the shared cache, never
in process memory; and they sit on the request path of every streamed answer, so each helper
here costs one round trip to that cache. Django's `RedisCache.incr()` costs two (EXISTS, then
INCRBY) and an `add()` + `incr()` pair three: on Redis the increments of a request go out as
one pipeline (`SET key 0 EX ttl NX` + `INCRBY` per key). Any other backend (the in-memory
cache of the embedded default, memcached) uses its own `incr()` and `add()`.

Django's Redis serializer stores a plain `int` unpickled, so `cache.get()` reads these
counters like any value written by `cache.set()`.
"""

from __future__ import annotations

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache


def _redis_client():
    """(backend, redis-py client) behind Django's RedisCache; None for any other backend."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return backend, backend._cache.get_client(write=True)
    return None


def incr_many(
    items: list[tuple[str, int, int]], *, also_set: list[tuple[str, object, int]] = ()
) -> list[int]:
    """Add `delta` to each `(key, delta, ttl)` counter (created at 0 with that lifetime, which
    a later increment does not extend) and write each `(key, value, ttl)` of `also_set`;
    returns the counters' new values, in order. One round trip on Redis."""
    redis = _redis_client()
    if redis is not None:
        backend, client = redis
        pipe = client.pipeline(transaction=False)
        for key, value, ttl in also_set:
            full = backend.make_and_validate_key(key)
            pipe.set(full, backend._cache._serializer.dumps(value), ex=max(1, int(ttl)))
        for key, delta, ttl in items:
            full = backend.make_and_validate_key(key)
            pipe.set(full, 0, ex=max(1, int(ttl)), nx=True)
            pipe.incrby(full, delta)
        replies = pipe.execute()[len(also_set) :]
        return [int(value) for value in replies[1::2]]
    for key, value, ttl in also_set:
        cache.set(key, value, ttl)
    values = []
    for key, delta, ttl in items:
        try:
            values.append(cache.incr(key, delta))
        except ValueError:  # a new window (or an expired counter)
            if cache.add(key, delta, ttl):
                values.append(delta)
            else:  # another request created it meanwhile
                values.append(cache.incr(key, delta))
    return values


def incr(key: str, delta: int, ttl: int) -> int:
    return incr_many([(key, delta, ttl)])[0]


def get_many(keys: list[str]) -> dict[str, object]:
    """Every value in one round trip (`cache.get_many`: MGET on Redis)."""
    return cache.get_many(keys) if keys else {}
