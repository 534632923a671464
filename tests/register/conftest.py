import pytest


@pytest.fixture(autouse=True)
def _clear_cache(request):
    """Rate limits live in the cache (in memory under tests): start every database test with none used."""
    if request.node.get_closest_marker("django_db") is None and not {
        "db",
        "transactional_db",
        "client",
        "asgi_live_server",
    } & set(request.fixturenames):
        yield
        return
    request.getfixturevalue(
        "transactional_db" if "transactional_db" in request.fixturenames else "db"
    )
    from django.core.cache import cache

    cache.clear()
    yield
